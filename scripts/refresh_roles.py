"""Refresh the role snapshots in data/roles/ from the live sources.

    python scripts/refresh_roles.py [--settings pelicanconf.py] [--source micro1]
        [--accept-drop] [--snapshot-dir DIR] [--report-dir reports] [-q]

Prints one line per source as it goes and the fetch report (Markdown) at the
end; writes reports/roles-fetch.{json,md}. A source that cannot be fetched
keeps its last-known-good snapshot, so a run without network still exits 0
("using last-known-good snapshot ...") and the build goes on.

The last line says honestly what the board will get: every source fresh, a
last-known-good snapshot in use, or sample roles only.

Exit status: 0 when every source has usable roles (fresh, not modified, or a
last-known-good snapshot); 1 when a source has no usable roles at all or the
settings are invalid. With ``--strict`` (the nightly publish uses it), also 1
when a source has only the shipped sample roles or a snapshot older than
ROLE_CARDS_MAX_AGE_DAYS, since a publish build must not show either.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from pelican.settings import read_settings  # noqa: E402
from role_cards.refresh import SUMMARY, refresh  # noqa: E402
from role_cards.settings import (  # noqa: E402
    RoleCardsSettings,
    SettingsError,
    load_settings,
)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="refresh_roles.py",
        description="Fetch live roles into the snapshots (data/roles/<source>.json).",
    )
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        help="Pelican settings file to read ROLE_CARDS_* from (default: %(default)s)",
    )
    parser.add_argument(
        "--accept-drop",
        action="store_true",
        help="replace a snapshot even if the fetch has far fewer roles (or none)",
    )
    parser.add_argument(
        "--source",
        action="append",
        metavar="NAME",
        help="refresh only this source (repeatable; default: every source)",
    )
    parser.add_argument(
        "--snapshot-dir", type=Path, help="override ROLE_CARDS_SNAPSHOT_DIR"
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports"),
        help="where roles-fetch.json and roles-fetch.md go (default: %(default)s)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail on sample roles or a snapshot too old to publish, too",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only warnings and errors"
    )
    return parser.parse_args(argv)


class _NotSummary(logging.Filter):
    """Progress lines already show each source's outcome; skip the log copy."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, SUMMARY, False)


@contextlib.contextmanager
def _logging(*, quiet: bool) -> Iterator[None]:
    """Show role_cards' log lines on stderr for the length of one run."""
    logger = logging.getLogger("role_cards")
    refresh_logger = logging.getLogger("role_cards.refresh")
    saved = (logger.level, logger.propagate, refresh_logger.level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    if not quiet:
        handler.addFilter(_NotSummary())
    logger.addHandler(handler)
    logger.propagate = False
    # Retries are worth seeing while it runs; -q keeps only the warnings.
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    refresh_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        refresh_logger.setLevel(saved[2])


def _printer() -> Any:
    lock = threading.Lock()

    def progress(name: str, message: str) -> None:
        with lock:
            print(f"{name}: {message}", flush=True)

    return progress


def main(argv: Sequence[str] | None = None, *, transport: Any = None) -> int:
    args = parse_args(argv)
    with _logging(quiet=args.quiet):
        settings = _settings(args)
        if settings is None:
            return 1
        try:
            report = refresh(
                settings,
                accept_drop=args.accept_drop,
                only=args.source,
                progress=None if args.quiet else _printer(),
                transport=transport,
            )
        except SettingsError as exc:  # an unknown --source name
            print(exc, file=sys.stderr)
            return 1
    if not args.quiet:
        print()
        print(report.to_markdown(), end="")
        print(f"\nReport written to {args.report_dir / 'roles-fetch.md'}")
    for entry in report.sources:
        if not entry.usable:
            print(
                f"refresh_roles: {entry.name} has no usable roles ({entry.reason})",
                file=sys.stderr,
            )
    if not args.quiet:
        print(f"refresh_roles: {report.headline().strip('*')}")
    if not report.ok:
        return 1
    if args.strict:
        problems = report.strict_problems(max_age_days=settings.max_age_days)
        for problem in problems:
            print(f"refresh_roles: not publishable: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def _settings(args: argparse.Namespace) -> RoleCardsSettings | None:
    """The role_cards settings from the settings file and the options; None
    (after saying why) when they are unusable."""
    try:
        pelican_settings = read_settings(args.settings)
    except (OSError, ValueError, SyntaxError) as exc:
        print(f"refresh_roles: cannot use {args.settings}: {exc}", file=sys.stderr)
        return None
    try:
        settings = load_settings(pelican_settings)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return None
    changes: dict[str, Any] = {"report_dir": args.report_dir.resolve()}
    if args.snapshot_dir is not None:
        changes["snapshot_dir"] = args.snapshot_dir.resolve()
    return dataclasses.replace(settings, **changes)


if __name__ == "__main__":
    sys.exit(main())
