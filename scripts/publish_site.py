"""Build the site into a fresh folder, gate it, and only then make it output/.

    python scripts/publish_site.py [--settings publishconf.py] [--output output]
        [--skip GATE] [--debug] [-e KEY=JSON ...]

Pelican empties its output folder before it writes, so building straight into
output/ would lose the last good site to any failure. Here the build goes to
``.build/publish-*``; output/ is replaced (two renames) only when the build
and every gate passed. A failed build stays where it is, for a look, and its
path is printed. Exit status 0 when output/ was replaced, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import check_site  # noqa: E402

BUILD_DIR = ROOT / ".build"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="publish_site.py", description=__doc__)
    parser.add_argument("--settings", type=Path, default=ROOT / "publishconf.py")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--skip", action="append", default=[], help="gate to skip")
    parser.add_argument(
        "--debug", action="store_true", help="Pelican's debug output and tracebacks"
    )
    parser.add_argument(
        "-e", "--extra-settings", nargs="*", default=[], help="Pelican -e overrides"
    )
    return parser.parse_args(argv)


def build(args: argparse.Namespace, folder: Path) -> bool:
    pelican = Path(sys.executable).parent / "pelican"
    command = [
        str(pelican),
        str(args.content),
        "-s",
        str(args.settings),
        "-o",
        str(folder),
        "--fatal",
        "errors",
    ]
    if os.environ.get("CI"):
        command += ["--log-handler", "plain"]
    if args.debug:
        command.append("-D")
    if args.extra_settings:
        command += ["-e", *args.extra_settings]
    return subprocess.run(command, check=False, cwd=ROOT).returncode == 0


def swap(new: Path, output: Path) -> None:
    """Make ``new`` the output folder; the old one is removed after."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix="previous-", dir=new.parent))
        os.replace(output, old / "site")
    os.replace(new, output)
    if old is not None:
        shutil.rmtree(old)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    output = args.output.resolve()
    parent = BUILD_DIR if output.parent == ROOT else output.parent
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="publish-", dir=parent))
    kept = f"{args.output} is untouched; the failed build is in {folder}"
    if not build(args, folder):
        print(f"publish: the build failed; {kept}", file=sys.stderr)
        return 1
    gate_args = [str(folder), "--settings", str(args.settings)]
    for gate in args.skip:
        gate_args += ["--skip", gate]
    if check_site.main(gate_args) != 0:
        print(f"publish: a gate failed; {kept}", file=sys.stderr)
        return 1
    swap(folder, output)
    print(f"publish: built, checked and moved to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
