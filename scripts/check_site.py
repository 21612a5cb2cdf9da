"""Run every gate over a built site: the last step before it is published.

    python scripts/check_site.py [output] [--settings publishconf.py]
        [--gate NAME ...] [--skip NAME ...]

Gates (checks/): html (Nu checker), links, disclosures, headers (CSP and
referrer policy), feeds, sitemap, budgets, a11y (axe-core in Chromium). Each
failure names the page, the problem and the fix. Exit status: 0 when every
gate passed, 1 when one failed or the folder holds no site, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT, ROOT / "plugins"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from checks.run import (  # noqa: E402
    GATES,
    ChecksSettingsError,
    empty_site_problem,
    format_problems,
    load_settings,
    run,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="check_site.py", description="Run the publishing gates over a built site."
    )
    parser.add_argument("output_dir", nargs="?", default="output", type=Path)
    parser.add_argument(
        "--settings",
        type=Path,
        default=ROOT / "pelicanconf.py",
        help="the settings the site was built with (default: pelicanconf.py)",
    )
    parser.add_argument(
        "--gate", action="append", choices=GATES, help="run only this gate"
    )
    parser.add_argument(
        "--skip", action="append", choices=GATES, default=[], help="leave this gate out"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    problem = empty_site_problem(args.output_dir)
    if problem is not None:
        print(f"check: {problem}", file=sys.stderr)
        return 1
    from pelican.settings import read_settings  # noqa: PLC0415 -- slow import

    try:
        settings = load_settings(read_settings(str(args.settings)))
    except ChecksSettingsError as error:
        print(error, file=sys.stderr)
        return 2
    gates = [g for g in (args.gate or GATES) if g not in args.skip]
    print(f"check: {args.output_dir} with {args.settings.name}", flush=True)
    results = run(
        args.output_dir,
        settings,
        only=gates,
        progress=lambda line: print(line, flush=True),
    )
    failed = [r for r in results if not r.ok]
    if failed:
        print(format_problems(results), file=sys.stderr)
        print(f"check: {len(failed)} of {len(results)} gates failed", file=sys.stderr)
        return 1
    print(f"check: all {len(results)} gates passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
