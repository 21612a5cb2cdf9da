"""Refreshing the sources: fetch, parse, check, and replace snapshots.

``refresh`` fetches every source (a few at a time, one shared client), gets
the details of a source that has them, parses what came back and has
``validate`` check it, and replaces a source's snapshot only when the result
is trustworthy: not empty and not a sudden drop, unless the operator says the
drop is real. A source that fails keeps its last-known-good snapshot; the
failure is logged as a warning and reported, never raised, because one dead
upstream must not stop the build. The board is built from the snapshots
afterwards, by ``loader``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from .clean_record import CleanRecord, clean_record
from .http import Http, NotModified, SourceError, Validators, make_client
from .merging import Merged, merge
from .report import FAILED, FRESH, NOT_MODIFIED, STALE, FetchReport, SourceReport
from .settings import RoleCardsSettings, SettingsError, SourceConfig
from .snapshot import (
    Snapshot,
    SnapshotError,
    fingerprint,
    lock,
    read_snapshot,
    write_snapshot,
)
from .sources import KINDS
from .sources.common import IncompleteListing, PayloadError, allowed_hosts
from .validate import validate_roles

logger = logging.getLogger(__name__)

Progress = Callable[[str, str], None]
DROP_HINT = "rerun `invoke refresh-roles --accept-drop` if this is real"
# Set (as True) on the log record of each source's one-line outcome, so a
# command that prints progress itself can leave the log copy out.
SUMMARY = "role_cards_summary"


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

    @property
    def clean(self) -> CleanRecord | None:
        return clean_record(self.settings.cache_dir)

    def source(self, client: httpx.Client, source: SourceConfig) -> SourceReport:
        entry = SourceReport(source.name, source.kind)
        path = self.settings.snapshot_path(source.name)
        # Taken before reading: if the file changes after, the writer sees it.
        seen = fingerprint(path)
        previous = read_previous(path, source, self.now, clean=self.clean)
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
                    current = read_previous(path, source, self.now, clean=self.clean)
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
                write_snapshot(
                    path,
                    snapshot,
                    hosts=allowed_hosts(source),
                    clean=self.clean,
                    known=previous.proven() if previous else (),
                )
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


def read_previous(
    path: Path,
    source: SourceConfig,
    now: datetime,
    *,
    clean: CleanRecord | None = None,
) -> Snapshot | None:
    """The source's snapshot at ``path``, or None if there is none it can use.

    ``clean`` records files that checked clean, so they are not checked again.
    """
    try:
        snapshot = read_snapshot(
            path, hosts=allowed_hosts(source), now=now, clean=clean
        )
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
