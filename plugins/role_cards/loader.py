"""Loading the role board: refresh the snapshots, then build the board from them.

``refresh`` fetches every source (a few at a time, one shared client), parses
and validates what came back, and replaces a source's snapshot only when the
result is trustworthy: not empty and not a sudden drop, unless the operator
says the drop is real. A source that fails keeps its last-known-good
snapshot; the failure is logged as a warning and reported, never raised,
because one dead upstream must not stop the build.

``load_board`` turns the snapshots into the RoleBoard the templates read:
referral links built, stale roles marked, too-old snapshots withheld, and
notices for readers. It stops the build (BoardError) only when publishing
would mislead: sample roles, or an empty board, in a publish build.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from .classify import classify, load_taxonomy
from .http import Http, NotModified, SourceError, Validators, make_client
from .model import Notice, Role, RoleBoard
from .referral import referral_url
from .report import FAILED, FRESH, NOT_MODIFIED, STALE, FetchReport, SourceReport
from .settings import RoleCardsSettings, SettingsError, SourceConfig
from .snapshot import (
    Merged,
    Snapshot,
    SnapshotError,
    fingerprint,
    lock,
    merge,
    read_snapshot,
    sort_closed,
    sort_open,
    write_snapshot,
)
from .sources import KINDS
from .sources.common import (
    IncompleteListing,
    ParseResult,
    PayloadError,
    allowed_hosts,
)

logger = logging.getLogger(__name__)

Progress = Callable[[str, str], None]
DROP_HINT = "rerun `invoke refresh-roles --accept-drop` if this is real"
# Set (as True) on the log record of each source's one-line outcome, so a
# command that prints progress itself can leave the log copy out.
SUMMARY = "role_cards_summary"


class BoardError(RuntimeError):
    """Publishing this board would mislead readers; the message says how to fix it."""


def refresh(
    settings: RoleCardsSettings,
    *,
    accept_drop: bool = False,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    now: datetime | None = None,
    only: Collection[str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchReport:
    """Fetch every source (or those named in ``only``) and update the snapshots."""
    now = now or datetime.now(UTC).replace(microsecond=0)
    sources = _selected(settings, only)
    report = FetchReport(started_at=now)
    run = _Run(
        settings, now=now, accept_drop=accept_drop, progress=progress, sleep=sleep
    )
    workers = max(1, min(settings.concurrency, len(sources)))
    with (
        make_client(settings, transport=transport) as client,
        ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="role-cards"
        ) as pool,
    ):
        futures = [pool.submit(run.source, client, source) for source in sources]
        report.sources = [future.result() for future in futures]
    report.finished_at = datetime.now(UTC).replace(microsecond=0)
    if settings.report_dir is not None:
        _write_report(report, settings.report_dir)
    return report


def _write_report(report: FetchReport, directory: Path) -> None:
    # The report is for people; a full disk or a read-only folder must not
    # cost the snapshots that were already written, nor show a traceback.
    try:
        report.write(directory)
    except OSError as exc:
        logger.error(
            "role_cards: the fetch report was not written to %s: %s "
            "(the snapshots are unaffected)",
            directory,
            exc.strerror or exc,
        )


def _selected(
    settings: RoleCardsSettings, only: Collection[str] | None
) -> list[SourceConfig]:
    if only is None:
        return list(settings.sources)
    names = [s.name for s in settings.sources]
    unknown = [name for name in only if name not in names]
    if unknown:
        raise SettingsError(
            f"role_cards: no source named {', '.join(map(repr, unknown))} in "
            f"ROLE_CARDS_SOURCES; the sources are: {', '.join(names) or 'none'}"
        )
    return [s for s in settings.sources if s.name in only]


@dataclass(frozen=True, slots=True)
class _Run:
    """What every source's refresh in one run shares."""

    settings: RoleCardsSettings
    now: datetime
    accept_drop: bool
    progress: Progress | None
    sleep: Callable[[float], None]

    def source(self, client: httpx.Client, source: SourceConfig) -> SourceReport:
        entry = SourceReport(source.name, source.kind)
        path = self.settings.snapshot_path(source.name)
        # Taken before reading: if the file changes after, the writer sees it.
        seen = fingerprint(path)
        previous = _read_previous(path, source, self.now)
        self._tell(source.name, "fetching ...")
        started = time.monotonic()
        validators = previous.validators if previous and not previous.sample else None
        http = Http(
            client, source, self.settings, validators=validators, sleep=self.sleep
        )
        try:
            self._update(http, source, previous, entry, seen)
        finally:
            entry.seconds = round(time.monotonic() - started, 3)
            entry.bytes = http.stats.bytes
            entry.requests = http.stats.requests
            entry.attempts = http.stats.attempts
            entry.retries = len(http.stats.sleeps)
        level = (
            logging.INFO if entry.status in (FRESH, NOT_MODIFIED) else logging.WARNING
        )
        logger.log(
            level,
            "role_cards: %s: %s",
            source.name,
            entry.summary(),
            extra={SUMMARY: True},
        )
        self._tell(source.name, entry.summary())
        return entry

    def _tell(self, name: str, message: str) -> None:
        if self.progress is not None:
            self.progress(name, message)

    def _update(
        self,
        http: Http,
        source: SourceConfig,
        previous: Snapshot | None,
        entry: SourceReport,
        seen: tuple[int, int, int] | None,
    ) -> None:
        try:
            planned = self._plan(http, source, previous, entry)
        except IncompleteListing as exc:
            entry.refused = True
            _fall_back(entry, previous, _reason(exc), self.now)
            return
        except (SourceError, PayloadError) as exc:
            _fall_back(entry, previous, _reason(exc), self.now)
            return
        except Exception as exc:  # a parser bug must not cost the whole board
            logger.warning(
                "role_cards: %s: unexpected error", source.name, exc_info=True
            )
            reason = f"unexpected {type(exc).__name__}: {exc}"
            _fall_back(entry, previous, reason, self.now)
            return
        if planned is not None:
            self._commit(source, previous, entry, *planned, seen=seen)

    def _plan(
        self,
        http: Http,
        source: SourceConfig,
        previous: Snapshot | None,
        entry: SourceReport,
    ) -> tuple[Merged, Validators] | None:
        """Fetch, parse and check: what to write, or None if the result is refused."""
        closed_days = self.settings.closed_days
        try:
            result = self._fetch_and_parse(http, source, previous, entry)
        except NotModified:
            if previous is None:  # validators only ever come from a snapshot
                raise SourceError("HTTP 304 but no snapshot to keep") from None
            entry.status = NOT_MODIFIED
            kept = merge(previous, previous.roles, self.now, closed_days)
            return kept, http.validators_to_store() or previous.validators
        roles, problems = validate_roles(result, source)
        entry.set_problems(problems)
        entry.set_notes(result.notes)
        _warn_dropped(source, entry)
        entry.skipped = len(getattr(result, "skipped", ()))
        entry.fetched = len(roles)
        refusal = self._refusal(len(roles), previous)
        if refusal:
            entry.refused = True
            _fall_back(entry, previous, refusal, self.now)
            return None
        merged = merge(previous, roles, self.now, closed_days)
        return merged, http.validators_to_store()

    def _fetch_and_parse(
        self,
        http: Http,
        source: SourceConfig,
        previous: Snapshot | None,
        entry: SourceReport,
    ) -> Any:
        """The parser's result, unchecked: validate_roles checks what came back.

        A source with details (micro1) gets them between the list and the parse;
        a sample snapshot's roles are never reused as details. The detail step
        has a deadline of its own (a first night asks for every job), with the
        same client, retries and caps; its requests count in the source's stats.
        """
        module = KINDS[source.kind]
        payload = module.fetch(http, source)
        enrich = getattr(module, "enrich", None)
        if source.details and enrich is not None:
            stored = previous.roles if previous and not previous.sample else ()
            details_http = Http(http.client, source, self.settings, sleep=self.sleep)
            try:
                payload = enrich(
                    details_http,
                    source,
                    payload,
                    previous=[*stored, *(previous.closed if previous else ())],
                    settings=self.settings,
                    now=self.now,
                )
            finally:
                _add_stats(http, details_http)
            entry.set_details(payload.stats)
        return module.parse(payload, source, now=self.now)

    def _commit(
        self,
        source: SourceConfig,
        previous: Snapshot | None,
        entry: SourceReport,
        merged: Merged,
        validators: Validators,
        *,
        seen: tuple[int, int, int] | None,
    ) -> None:
        """Write the new snapshot; only then does the source count as fresh.

        Under the directory lock: if another refresh replaced the file since
        it was read, a newer one is kept (this run gives up, saying so) and an
        older one is merged with again, so no role vanishes unclosed.
        """
        path = self.settings.snapshot_path(source.name)
        try:
            with lock(path.parent):
                if fingerprint(path) != seen:
                    current = _read_previous(path, source, self.now)
                    if current is not None and current.fetched_at > self.now:
                        when = current.fetched_at.strftime("%Y-%m-%d %H:%M:%S UTC")
                        reason = (
                            f"another refresh wrote {path.name} (fetched {when}) "
                            "while this one ran; kept that newer snapshot"
                        )
                        _fall_back(entry, current, reason, self.now)
                        return
                    merged = merge(
                        current, merged.roles, self.now, self.settings.closed_days
                    )
                    previous = current
                if previous is None and path.exists():
                    entry.set_reason("replaced an unreadable snapshot")
                snapshot = Snapshot(
                    source.name,
                    source.kind,
                    False,
                    self.now,
                    validators,
                    merged.roles,
                    merged.closed,
                )
                write_snapshot(path, snapshot, hosts=allowed_hosts(source))
        except (OSError, ValueError) as exc:
            _fall_back(entry, previous, f"snapshot not written: {exc}", self.now)
            return
        if entry.status != NOT_MODIFIED:
            entry.status = FRESH
            entry.set_diff(merged.diff.added, merged.diff.removed, merged.diff.changed)
        entry.roles = len(merged.roles)
        entry.use_snapshot(self.now, self.now, sample=False)

    def _refusal(self, count: int, previous: Snapshot | None) -> str:
        """Why a fetch of ``count`` roles must not replace the snapshot ('' if fine)."""
        limit = self.settings.max_roles
        if count > limit:
            return (
                f"refused: {count:,} roles, more than ROLE_CARDS_MAX_ROLES ({limit:,})"
            )
        if self.accept_drop:
            return ""
        # A sample snapshot never blocks real data: its size means nothing.
        baseline = len(previous.roles) if previous and not previous.sample else 0
        if count == 0:
            if baseline:
                return f"refused: 0 roles vs {baseline} in the snapshot; {DROP_HINT}"
            return f"refused: the source listed no roles; {DROP_HINT}"
        if count < self.settings.min_keep_ratio * baseline:
            return f"refused: {count} roles vs {baseline} in the snapshot; {DROP_HINT}"
        return ""


def _add_stats(into: Http, other: Http) -> None:
    into.stats.requests += other.stats.requests
    into.stats.attempts += other.stats.attempts
    into.stats.bytes += other.stats.bytes
    into.stats.sleeps.extend(other.stats.sleeps)


def _warn_dropped(source: SourceConfig, entry: SourceReport) -> None:
    """One warning per dropped item or note (each names its job), up to
    MAX_PROBLEMS of each."""
    for problem in [*entry.problems, *entry.notes]:
        logger.warning("role_cards: %s", problem)
    more = entry.problem_count - len(entry.problems)
    if more:
        logger.warning(
            "role_cards: %s: %d more items dropped; the fetch report counts them",
            source.name,
            more,
        )


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", "") or str(exc)
    return reason or type(exc).__name__


def validate_roles(result: Any, source: SourceConfig) -> tuple[list[Role], list[str]]:
    """Roles fit for this source's snapshot, and the parser's problems plus ours."""
    if not isinstance(result, ParseResult):
        raise PayloadError(f"parser returned {type(result).__name__}, not ParseResult")
    problems = [str(p) for p in result.problems]
    roles: list[Role] = []
    ids: set[str] = set()
    slugs: set[str] = set()
    for role in result.roles:
        problem = _role_problem(role, source, ids, slugs)
        if problem:
            problems.append(problem)
            continue
        ids.add(role.id)
        slugs.add(role.slug)
        roles.append(role)
    return roles, problems


def _role_problem(
    role: Any, source: SourceConfig, ids: set[str], slugs: set[str]
) -> str:
    """Why a parsed role cannot go into this source's snapshot ('' if it can).

    Problem lines read like the parsers': source name, job id, what is wrong.
    """
    if not isinstance(role, Role):
        return f"{source.name}: parser returned {type(role).__name__}, not Role"
    where = f"{source.name} job {role.source_id}"
    if role.source != source.name or role.id != f"{source.name}:{role.source_id}":
        return f"{where}: belongs to source {role.source!r}, not {source.name!r}"
    if role.sample:
        return f"{where}: a fetched role is marked as a sample"
    if role.id in ids:
        return f"{where}: duplicate id; kept the first"
    if role.slug in slugs:
        return f"{where}: slug {role.slug!r} already used by another role"
    return ""


def _read_previous(path: Path, source: SourceConfig, now: datetime) -> Snapshot | None:
    try:
        snapshot = read_snapshot(path, hosts=allowed_hosts(source), now=now)
    except SnapshotError as exc:
        # Kept as it is: a good fetch replaces it, a failed one leaves it alone.
        logger.warning("%s (ignored; the source is treated as having no snapshot)", exc)
        return None
    if snapshot is not None and snapshot.source != source.name:
        logger.warning(
            "role_cards: %s: %s holds source %r; ignored",
            source.name,
            path,
            snapshot.source,
        )
        return None
    return snapshot


def _fall_back(
    entry: SourceReport, previous: Snapshot | None, reason: str, now: datetime
) -> None:
    entry.set_reason(reason)
    if previous is None:
        entry.status = FAILED
        return
    entry.status = STALE
    entry.roles = len(previous.roles)
    entry.use_snapshot(previous.fetched_at, now, sample=previous.sample)


# --- the board ----------------------------------------------------------------


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
    snapshot = _read_for_board(path, source, now)
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


def _read_for_board(path: Path, source: SourceConfig, now: datetime) -> Snapshot | None:
    snapshot = _read_previous(path, source, now)
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
