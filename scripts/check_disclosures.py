"""Check a built output folder for undisclosed referral links (a CI gate).

Runs only the disclosures check (no rewriting) over every HTML page and feed
under the folder, with the rules and sentence of a Pelican settings file.
Exit status 0 when clean, 1 with one message per problem, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from disclosures.check import format_problems  # noqa: E402
from disclosures.output import check_folder  # noqa: E402
from disclosures.settings import DisclosuresSettingsError, load_settings  # noqa: E402

DEFAULT_SETTINGS = ROOT / "pelicanconf.py"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="check_disclosures.py",
        description=(
            "Check an existing Pelican output folder: every referral link has "
            'rel="sponsored", a visible disclosure box inside <main> precedes '
            "the first referral link of each page, every page links to the "
            "Disclosure page, and feed entries with referral links start with "
            "the disclosure sentence."
        ),
    )
    parser.add_argument(
        "output_dir",
        nargs="?",
        default="output",
        type=Path,
        help="the built site (default: output)",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=DEFAULT_SETTINGS if DEFAULT_SETTINGS.exists() else None,
        help=(
            "Pelican settings file giving SITEURL and the DISCLOSURES_* keys "
            "(default: the repository's pelicanconf.py; use publishconf.py "
            "for a publish build)"
        ),
    )
    return parser.parse_args(argv)


def read_site_settings(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    # Imported here so --help works without Pelican's start-up cost.
    from pelican.settings import read_settings  # noqa: PLC0415

    return dict(read_settings(str(path)))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.output_dir.is_dir():
        print(
            f"check_disclosures: {args.output_dir} is not a folder; build the "
            "site first (make html) or pass the output folder",
            file=sys.stderr,
        )
        return 2
    try:
        settings = load_settings(read_site_settings(args.settings))
    except DisclosuresSettingsError as error:
        print(error, file=sys.stderr)
        return 2
    report = check_folder(args.output_dir, settings=settings)
    if report.problems:
        print(format_problems(report.problems), file=sys.stderr)
        return 1
    print(
        f"disclosures: checked {report.pages} pages and {report.feeds} feeds; "
        f"{report.links} referral links, all disclosed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
