"""micro1 job details: one request per job, only for jobs that need one.

A list record has no description, so each job's detail record is asked for
with ``{"action": "get_job_details", "job_id": ...}`` at the source's URL,
through the same Http (retries, caps, the source's deadline) as the list, a
few at a time. Details are kept on the roles in the snapshot: a job is asked
again only when it is new, its list record changed, its previous details
failed, or they are older than ROLE_CARDS_DETAILS_MAX_AGE_DAYS.

A detail that fails keeps the previous details when there are any; otherwise
the role shows its list facts with a note. It never drops a role and never
fails the source.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..http import SourceError
from ..model import Role
from ..settings import RoleCardsSettings, SourceConfig
from .common import HttpLike
from .problems import PayloadError

# The Role fields a detail record decides; reused roles carry them over.
DETAIL_FIELDS = (
    "description_html",
    "description_text",
    "employment_type",
    "questions",
    "pay_per_task",
    "skills",
    "tags",
    "details_at",
)
# After this many failed detail requests in a row, the rest are not asked:
# the source is down or refusing, and asking 300 more times helps nobody.
STOP_AFTER_FAILURES = 5
MAX_NOTES = 20


@dataclass(slots=True)
class DetailStats:
    """What the detail step did in one run (the fetch report shows it)."""

    fetched: int = 0  # detail requests that gave a usable record
    reused: int = 0  # jobs whose stored details still hold: no request
    failed: int = 0  # jobs whose detail could not be read this run
    requests: int = 0  # detail requests sent
    notes: list[str] = field(default_factory=list)  # what failed and why

    def note(self, line: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(line)


@dataclass(slots=True)
class Enriched:
    """The list pages plus what the detail step found, for ``micro1.parse``."""

    pages: list[Any]
    fetched_at: datetime
    details: dict[str, dict[str, Any]] = field(default_factory=dict)  # tonight's
    reused: dict[str, Role] = field(default_factory=dict)  # previous roles to copy
    digests: dict[str, str] = field(default_factory=dict)  # job id -> list digest
    stats: DetailStats = field(default_factory=DetailStats)


def detail_fields(role: Role) -> dict[str, Any]:
    """The detail-derived fields of a stored role, to carry over."""
    return {name: getattr(role, name) for name in DETAIL_FIELDS}


def digest(record: Mapping[str, Any]) -> str:
    """A fingerprint of a list record: any change asks for its details again."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fetch_details(
    http: HttpLike,
    source: SourceConfig,
    pages: list[Any],
    records: Mapping[str, Mapping[str, Any]],
    *,
    previous: Iterable[Role],
    settings: RoleCardsSettings,
    now: datetime,
) -> Enriched:
    """Ask for the details of every job in ``records`` (job id -> list record)
    that needs them; reuse the rest."""
    enriched = Enriched(pages=pages, fetched_at=now)
    enriched.digests = {job_id: digest(job) for job_id, job in records.items()}
    stored = {role.source_id: role for role in previous}
    limit = timedelta(days=settings.details_max_age_days)
    wanted = []
    for job_id in records:
        role = stored.get(job_id)
        if role is not None and _still_good(role, enriched.digests[job_id], now, limit):
            enriched.reused[job_id] = role
            enriched.stats.reused += 1
        else:
            wanted.append(job_id)
    _Fetcher(http, source, enriched, stored).run(wanted, settings.details_concurrency)
    return enriched


def _still_good(role: Role, list_digest: str, now: datetime, limit: timedelta) -> bool:
    return (
        role.details_at is not None
        and not role.details_missing
        and role.list_digest == list_digest
        and now - role.details_at < limit
    )


class _Fetcher:
    """The detail requests of one run, a few at a time, stopping on a streak
    of failures."""

    def __init__(
        self,
        http: HttpLike,
        source: SourceConfig,
        enriched: Enriched,
        stored: Mapping[str, Role],
    ) -> None:
        self.http = http
        self.source = source
        self.enriched = enriched
        self.stored = stored
        self.lock = threading.Lock()
        self.streak = 0

    def run(self, job_ids: list[str], concurrency: int) -> None:
        if not job_ids:
            return
        workers = max(1, min(concurrency, len(job_ids)))
        with ThreadPoolExecutor(workers, thread_name_prefix="role-details") as pool:
            list(pool.map(self.one, job_ids))

    def one(self, job_id: str) -> None:
        with self.lock:
            if self.streak >= STOP_AFTER_FAILURES:
                self._failed(job_id, "not asked after repeated failures")
                return
            self.enriched.stats.requests += 1
        try:
            record = self._request(job_id)
        except (SourceError, PayloadError) as exc:
            with self.lock:
                self.streak += 1
                self._failed(job_id, getattr(exc, "reason", "") or str(exc))
            return
        with self.lock:
            self.streak = 0
            self.enriched.details[job_id] = record
            self.enriched.stats.fetched += 1

    def _request(self, job_id: str) -> dict[str, Any]:
        body = {"action": "get_job_details", "job_id": job_id}
        answer = self.http.request_json("POST", portal_url(self.source), json=body)
        return detail_record(answer, job_id)

    def _failed(self, job_id: str, reason: str) -> None:
        stats = self.enriched.stats
        stats.failed += 1
        stats.note(f"{self.source.name} job {job_id}: details not read ({reason})")
        previous = self.stored.get(job_id)
        if previous is not None and previous.details_at is not None:
            # Keep what we had: better older details than none.
            self.enriched.reused[job_id] = previous


def detail_record(answer: Any, job_id: str) -> dict[str, Any]:
    """The detail record in a ``get_job_details`` answer; PayloadError if the
    answer holds none, or one for another job.

    Seen as ``{"status": true, "data": {...}}``; a ``data`` list of one record
    is read too, since the list endpoint wraps its records that way.
    """
    if not isinstance(answer, dict):
        raise PayloadError("the answer is not an object")
    if answer.get("status") in (False, "false", "error", "fail", "failed"):
        message = answer.get("message") or "no reason given"
        raise PayloadError(f"micro1 refused: {str(message)[:120]}")
    data = answer.get("data")
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise PayloadError("the answer holds no detail record")
    found = data.get("client_job_id", data.get("job_id"))
    if str(found) != job_id:
        raise PayloadError(f"the answer is for another job ({str(found)[:60]!r})")
    return data


def portal_url(source: SourceConfig) -> str:
    """Where details are asked: the portal endpoint, also for a source that
    lists through the referral list (``<portal>/referral/<code>/jobs``)."""
    if source.listing == "referral" and "/referral/" in source.url:
        return source.url.split("/referral/", 1)[0]
    return source.url
