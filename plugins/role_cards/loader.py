"""Loading the role board from the snapshots.

``load_board`` turns the snapshots into the RoleBoard the templates read
(refreshing them first, through ``refresh``, when ROLE_CARDS_FETCH is on):
referral links built, stale roles marked, too-old snapshots withheld, roles
whose field left the taxonomy placed again, and notices for readers. It
stops the build (BoardError) only when publishing would mislead: sample
roles, or an empty board, in a publish build.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .classify import classify, load_taxonomy
from .clean_record import clean_record
from .merging import sort_closed, sort_open
from .model import Notice, Role, RoleBoard
from .referral import referral_url
from .refresh import read_previous, refresh
from .report import STALE, FetchReport, SourceReport
from .settings import RoleCardsSettings, SourceConfig
from .snapshot import Snapshot

logger = logging.getLogger(__name__)


class BoardError(RuntimeError):
    """Publishing this board would mislead readers; the message says how to fix it."""


@dataclass(slots=True)
class _Part:
    roles: list[Role] = field(default_factory=list)
    closed: list[Role] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sample_file: Path | None = None


def load_board(
    settings: RoleCardsSettings,
    *,
    report: FetchReport | None = None,
    now: datetime | None = None,
) -> RoleBoard:
    """The board for this build; refreshes first when ROLE_CARDS_FETCH is on."""
    now = now or datetime.now(UTC).replace(microsecond=0)
    if report is None and settings.fetch:
        report = refresh(settings, now=now)
    parts = [
        _load_source(
            settings, source, report.entry(source.name) if report else None, now
        )
        for source in settings.sources
    ]
    board = RoleBoard(
        roles=sort_open(r for p in parts for r in p.roles),
        closed=sort_closed(r for p in parts for r in p.closed),
        notices=[n for p in parts for n in p.notices],
        generated_at=now,
    )
    _check_publishable(settings, board, parts, report)
    logger.info(
        "role_cards: board has %d open and %d closed roles from %d sources",
        len(board.roles),
        len(board.closed),
        len(settings.sources),
    )
    return board


def _load_source(
    settings: RoleCardsSettings,
    source: SourceConfig,
    entry: SourceReport | None,
    now: datetime,
) -> _Part:
    path = settings.snapshot_path(source.name)
    snapshot = _read_for_board(path, source, now, settings.cache_dir)
    if snapshot is None:
        return _Part(notices=[Notice("failed", source.name, _missing_text(source))])
    open_roles, expired = _split_expired(snapshot.roles, now)
    recent = now - timedelta(days=settings.closed_days)
    part = _Part(
        closed=[
            _closed(role)
            for role in [*snapshot.closed, *expired]
            if role.closed_at is not None and role.closed_at >= recent
        ]
    )
    age = snapshot.age_days(now)
    if snapshot.sample:
        # Samples are exempt from the age limit: they are never published
        # (a publish build refuses them) and exist to show the board's shape.
        part.sample_file = path
        part.notices.append(Notice("sample", source.name, _sample_text()))
    elif age > settings.max_age_days:
        logger.warning(
            "role_cards: %s: withholding %d roles: the snapshot is %.0f days old "
            "(limit ROLE_CARDS_MAX_AGE_DAYS = %d); run `invoke refresh-roles`",
            source.name,
            len(open_roles),
            age,
            settings.max_age_days,
        )
        part.notices.append(
            Notice("withheld", source.name, _withheld_text(source, age))
        )
        return part
    stale = entry is not None and entry.status == STALE and not snapshot.sample
    stale_days = int(age) if stale else None
    if stale:
        part.notices.append(Notice("stale", source.name, _stale_text(snapshot, age)))
    part.roles = [_for_build(role, source, settings, stale_days) for role in open_roles]
    return part


def _split_expired(
    roles: Sequence[Role], now: datetime
) -> tuple[list[Role], list[Role]]:
    """Roles whose valid-through date passed since the snapshot was taken are
    closed now, though no fetch has seen them go: they close on that date."""
    open_roles: list[Role] = []
    expired: list[Role] = []
    for role in roles:
        if role.valid_through is not None and role.valid_through <= now:
            expired.append(role.replace(closed_at=role.valid_through))
        else:
            open_roles.append(role)
    return open_roles, expired


def _read_for_board(
    path: Path, source: SourceConfig, now: datetime, cache_dir: Path | None
) -> Snapshot | None:
    snapshot = read_previous(path, source, now, clean=clean_record(cache_dir))
    if snapshot is None and not path.exists():
        logger.warning(
            "role_cards: %s: no snapshot at %s; run `invoke refresh-roles` "
            "(a relative ROLE_CARDS_SNAPSHOT_DIR is read from the current directory)",
            source.name,
            path,
        )
    return snapshot


def _for_build(
    role: Role,
    source: SourceConfig,
    settings: RoleCardsSettings,
    stale_days: int | None,
) -> Role:
    role = current_field(role)
    if source.referral:
        link = referral_url(role.apply_target, settings.referral_code)
        return role.replace(apply_url=link, is_referral=True, stale_days=stale_days)
    return role.replace(
        apply_url=role.apply_target, is_referral=False, stale_days=stale_days
    )


def current_field(role: Role) -> Role:
    """The role with a field the taxonomy has today.

    A snapshot outlives edits to data/role_taxonomy.toml: a role whose stored
    field was renamed or merged away is placed again from its stored title,
    domain, tags and skills, so the board never shows a field that is gone.
    """
    if load_taxonomy().field.get(role.field) is not None:
        return role
    choice, _ = classify(
        role.title, tags=role.tags, skills=role.skills, department=role.domain
    )
    return role.replace(field=choice.field)


def _closed(role: Role) -> Role:
    # A closed role's page says it closed; it carries no apply (or referral) link.
    return current_field(role).replace(apply_url="", is_referral=False)


def _missing_text(source: SourceConfig) -> str:
    return f"Roles from {source.name} could not be loaded for this update."


def _sample_text() -> str:
    return (
        "These roles are fictional samples that ship with the site's source code, "
        "shown while no live roles have been fetched. They are not real openings."
    )


def _withheld_text(source: SourceConfig, age: float) -> str:
    return (
        f"Roles from {source.name} are hidden: the newest copy is {int(age)} days "
        "old, too old to trust that they are still open."
    )


def _stale_text(snapshot: Snapshot, age: float) -> str:
    day = snapshot.fetched_at.strftime("%-d %B %Y")
    days = int(age)
    when = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    return (
        f"These {snapshot.source} roles were last checked on {day} ({when}); "
        "some may have closed since."
    )


def _check_publishable(
    settings: RoleCardsSettings,
    board: RoleBoard,
    parts: list[_Part],
    report: FetchReport | None,
) -> None:
    if settings.allow_samples:
        if not board.roles and not board.notices:
            board.notices.append(
                Notice("failed", "", "No open roles are listed right now.")
            )
        return
    for source, part in zip(settings.sources, parts, strict=True):
        if part.sample_file is not None:
            raise BoardError(
                "role_cards: refusing to publish sample roles from "
                f"{_shown(part.sample_file)}: no live roles have been fetched for "
                f"{source.name}"
                f"{_why(report, source.name)}; run `invoke refresh-roles` with network "
                "access (or set ROLE_CARDS_ALLOW_SAMPLES = True for a development "
                "build)"
            )
    if not board.roles:
        reasons = "; ".join(f"{n.source}: {n.message}" for n in board.notices) or (
            "no sources configured"
        )
        raise BoardError(
            "role_cards: refusing to publish an empty role board "
            f"({reasons}); check the fetch report in reports/roles-fetch.md and run "
            "`invoke refresh-roles` (or `--accept-drop` if the roles really are gone)"
        )


def _why(report: FetchReport | None, name: str) -> str:
    entry = report.entry(name) if report else None
    return f" (this run: {entry.reason})" if entry and entry.reason else ""


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
