"""micro1's open roles, from the JSON endpoint its own job portal reads.

The endpoint is undocumented: a POST with an action and filters, paged with
``page``/``limit``. Each page is ``{"status": ..., "total": N, "data":
[jobs]}`` (or ``data: {"jobs": [...]}``); ``micro1_listing`` reads every
page, whole or refused. A list record carries no
description; ``micro1_details`` fetches each job's detail record, which names
the same facts differently (``client_job_id``, ``job_role_name``,
``create_datetime``). ``parse`` reads both schemes. Every field is untrusted.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from ..classify import employment_type as employment_type_of
from ..classify import load_taxonomy
from ..model import EmploymentType, LocationType, PayInterval, Role
from ..sanitize import clean_text
from ..settings import RoleCardsSettings, SourceConfig
from .common import (
    HttpLike,
    ItemProblem,
    ParseResult,
    PayloadError,
    RawPay,
    about_job,
    as_object,
    build_role,
    check_source_id,
    clean_list,
    location_type_of,
    parse_items,
)
from .micro1_details import Enriched, detail_fields, fetch_details
from .micro1_listing import fetch, page_jobs

logger = logging.getLogger(__name__)

# The source's fetch is the listing's (KINDS reads ``micro1.fetch``).
__all__ = ["fetch", "parse"]

JOB_PAGE = "https://jobs.micro1.ai/post/{job_id}"
# Most micro1 postings do not name the client; micro1 is who posts, vets and
# pays, so it is the organisation a reader deals with.
DEFAULT_COMPANY = "micro1"
# micro1's job page states a posting as valid for this long after creation.
VALID_DAYS = 60
# A referral reward above this is a typing or unit error, not a real figure.
REWARD_MAX = 100_000
OPENINGS_MAX = 100_000
QUESTION_MAX = 300
MAX_QUESTIONS = 10
# Detail records name list fields differently: detail name -> list name.
DETAIL_NAMES = {
    "client_job_id": "job_id",
    "job_role_name": "job_name",
    "create_datetime": "date_posted",
}
# "Role Type: Contractor" at the start of a line or paragraph of a description.
_ROLE_TYPE = re.compile(r"(?:^|>|\n)\s*role\s+type\s*:\s*([^<\n]{1,60})", re.I)
_PER_TASK = re.compile(r"\b(?:paid|pay|payment|compensat\w*)\s+per[\s-]+task", re.I)
_HIGH_DEMAND = (True, 1, "1", "true", "yes")


def enrich(
    http: HttpLike,
    source: SourceConfig,
    pages: Any,
    *,
    previous: Iterable[Role],
    settings: RoleCardsSettings,
    now: datetime,
) -> Enriched:
    """The pages ``fetch`` returned, with each job's details (fetched or reused)."""
    listed = pages if isinstance(pages, list) else [pages]
    return fetch_details(
        http,
        source,
        listed,
        list_records(listed),
        previous=previous,
        settings=settings,
        now=now,
    )


def list_records(pages: list[Any]) -> dict[str, dict[str, Any]]:
    """Job id -> list record, for every record with an id (parse judges the rest)."""
    records: dict[str, dict[str, Any]] = {}
    for page in pages:
        for job in _jobs_or_none(page) or ():
            if not isinstance(job, dict):
                continue
            job_id = as_list_record(job).get("job_id")
            if isinstance(job_id, str) and job_id and job_id not in records:
                records[job_id] = job
    return records


def _jobs_or_none(page: Any) -> list[Any] | None:
    try:
        return page_jobs(page)
    except PayloadError:
        return None


def parse(payload: Any, source: SourceConfig, *, now: datetime) -> ParseResult:
    """Roles from what ``fetch`` returned (pages, or one page), or from an
    Enriched payload that also carries tonight's details and the reusable ones."""
    enriched = payload if isinstance(payload, Enriched) else None
    pages = enriched.pages if enriched else payload
    pages = pages if isinstance(pages, list) else [pages]
    jobs = [job for n, page in enumerate(pages, start=1) for job in page_jobs(page, n)]
    notes: list[str] = []
    to_role = partial(
        job_to_role, source=source, now=now, enriched=enriched, notes=notes
    )
    result = parse_items(jobs, to_role, source=source)
    result.notes = notes + unmapped_domains(result.roles, source)
    return result


def unmapped_domains(roles: list[Role], source: SourceConfig) -> list[str]:
    """One line per domain slug the taxonomy does not map, so an author can."""
    known = load_taxonomy().field.domains
    counts: dict[str, int] = {}
    for role in roles:
        key = role.domain.lower()
        if key and key not in known:
            counts[key] = counts.get(key, 0) + 1
    return [
        f"{source.name}: domain_slug {slug!r} ({count} role"
        f"{'s' if count != 1 else ''}) is not in data/role_taxonomy.toml; "
        "add it to a field's domains (the keyword rules placed these roles)"
        for slug, count in sorted(counts.items())
    ]


def as_list_record(detail: Mapping[str, Any]) -> dict[str, Any]:
    """A detail record with its fields under the list's names."""
    return {DETAIL_NAMES.get(key, key): value for key, value in detail.items()}


def merged(job: dict[str, Any], detail: Any) -> dict[str, Any]:
    """The list record over the detail record: tonight's list facts win, the
    detail adds what the list lacks (the description, questions...)."""
    if not isinstance(detail, dict):
        return job
    base = as_list_record(detail)
    return base | {key: value for key, value in job.items() if value is not None}


def job_to_role(
    item: Any,
    *,
    source: SourceConfig,
    now: datetime,
    enriched: Enriched | None = None,
    notes: list[str] | None = None,
) -> Role:
    record = as_list_record(as_object(item))
    job_id = check_source_id(record.get("job_id"))
    detail = enriched.details.get(job_id) if enriched else None
    job = merged(record, detail)
    with about_job(job_id):
        status = job.get("job_status")
        # The portal lists open jobs; a missing status is read as open.
        if status is not None and str(status).strip().lower() != "open":
            raise ItemProblem(f"status is {str(status)[:40]!r}", kind="closed")
        role = _list_role(job, job_id, source, now)
        extra: dict[str, Any] = {
            "reward": _reward(job.get("referral_reward_amount"), job_id, source, notes),
            "openings": _openings(job.get("no_of_openings")),
            "high_demand": job.get("is_high_demand_job") in _HIGH_DEMAND,
            "list_digest": enriched.digests.get(job_id, "") if enriched else "",
        }
        if enriched is not None:
            extra |= _detail_part(role, job, detail is not None, enriched)
        return role.replace(**extra)  # once: each replace copies every field


def _detail_part(
    role: Role, job: dict[str, Any], fetched: bool, enriched: Enriched
) -> dict[str, Any]:
    """Fields from tonight's detail record, else from the stored role's."""
    if fetched:
        return _detail_facts(role, job, enriched.fetched_at)
    previous = enriched.reused.get(role.source_id)
    return detail_fields(previous) if previous else {"details_missing": True}


def _list_role(
    job: dict[str, Any], job_id: str, source: SourceConfig, now: datetime
) -> Role:
    region = job.get("location_name")
    posted = job.get("date_posted")
    return build_role(
        source,
        source_id=job_id,
        title=job.get("job_name"),
        company=_company(job, source),
        job_url=JOB_PAGE.format(job_id=job_id),
        # An apply URL that is not https on an allowed host drops the role
        # (build_role); none at all means the job page, built from the id. The
        # referral list's apply URLs carry someone's referralCode: the loader
        # replaces it with ours.
        apply_url=job.get("apply_url"),
        description_html=job.get("job_description"),
        # "YYYY-MM-DD HH:MM:SS" with no zone: the portal's clock is read as UTC.
        posted_at=posted,
        valid_through=_valid_through(posted, now),
        location_type=_location_type(job.get("location_type"), region),
        region=region if isinstance(region, str) else "",
        pay=_pay(job),
        skills=_names(job.get("required_skills")) + _names(job.get("skills")),
        tags=_names(job.get("job_tags")) + _names(job.get("role_type")),
        department=_text(job.get("domain_slug")),
        now=now,
    )


def _detail_facts(
    role: Role, job: dict[str, Any], fetched_at: datetime
) -> dict[str, Any]:
    """The facts only a detail record gives, read from it."""
    html = job.get("job_description")
    text = html if isinstance(html, str) else ""
    return {
        "employment_type": role_type_of(text),
        "questions": questions(job.get("job_qualifying_question_list")),
        "pay_per_task": bool(
            role.pay is not None
            and role.pay.interval is PayInterval.HOUR
            and _PER_TASK.search(text)
        ),
        "details_at": fetched_at,
        "details_missing": False,
    }


def role_type_of(description: str) -> EmploymentType:
    """The employment type a description states ("Role Type: Contractor"), or
    unspecified: micro1's job_type ("REGULAR", "ROBOTICS") is not one."""
    found = _ROLE_TYPE.search(description)
    if not found:
        return EmploymentType.UNSPECIFIED
    return employment_type_of(found.group(1).strip())


def questions(value: object) -> tuple[str, ...]:
    """Screening questions as plain text.

    Seen as null or a list; the items' shape is not recorded, so both plain
    strings and objects with a "question" (or "text") key are read.
    """
    if not isinstance(value, list):
        return ()
    texts = []
    for entry in value:
        text = (
            entry.get("question") or entry.get("text")
            if isinstance(entry, dict)
            else entry
        )
        if isinstance(text, str):
            texts.append(text)
    return clean_list(texts, max_items=MAX_QUESTIONS, max_len=QUESTION_MAX)


def _valid_through(posted: object, now: datetime) -> str | None:
    """60 days after posting, as micro1's job page states, while that is ahead;
    a role still listed after that is open, with no date to give."""
    if not isinstance(posted, str):
        return None
    try:
        until = datetime.fromisoformat(posted.strip()) + timedelta(days=VALID_DAYS)
    except ValueError:
        return None  # build_role reports the bad posting date
    aware = until if until.tzinfo else until.replace(tzinfo=now.tzinfo)
    return until.isoformat() if aware > now else None


def _reward(
    value: object, job_id: str, source: SourceConfig, notes: list[str] | None
) -> float | None:
    """The referral reward in US dollars; a bad figure is left out and noted."""
    if value is None or value == "":
        return None
    amount: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = float(value)
    elif isinstance(value, str):
        try:
            amount = float(value.strip().lstrip("$").replace(",", ""))
        except ValueError:
            amount = None
    if amount is not None and math.isfinite(amount) and 0 < amount <= REWARD_MAX:
        return amount
    if notes is not None:
        shown = clean_text(repr(value), max_len=40)
        notes.append(
            f"{source.name} job {job_id}: referral reward {shown} is not a plausible "
            f"amount (0 to ${REWARD_MAX:,}); not shown"
        )
    return None


def _openings(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value <= OPENINGS_MAX:
        return value
    return None


def _company(job: dict[str, Any], source: SourceConfig) -> str:
    name = job.get("company_name")
    if isinstance(name, str) and name.strip():
        return name
    return source.company or DEFAULT_COMPANY


def _location_type(value: object, region: object) -> LocationType:
    return location_type_of(
        value,
        region=region if isinstance(region, str) else "",
        default=LocationType.REMOTE,
    )


def _pay(job: dict[str, Any]) -> RawPay | None:
    """The first pay figure the job states: hourly, then monthly, then yearly."""
    hourly = job.get("ideal_hourly_rate")
    yearly = job.get("ideal_yearly_compensation")
    candidates = [
        _range(hourly, "hour"),
        RawPay(
            job.get("ideal_monthly_salary_min"),
            job.get("ideal_monthly_salary_max"),
            "USD",
            "month",
        ),
        _range(yearly, "year"),
    ]
    return next((pay for pay in candidates if _stated(pay)), None)


def _range(value: object, interval: str) -> RawPay:
    if isinstance(value, dict):
        return RawPay(value.get("min"), value.get("max"), "USD", interval)
    # A bare figure is both ends of the range.
    return RawPay(value, value, "USD", interval)


def _stated(pay: RawPay) -> bool:
    return any(v not in (None, "", 0, "0") for v in (pay.min, pay.max))


def _names(value: object) -> list[str]:
    """Skill or tag names: micro1 sends lists of strings ("role_type" is one
    string); anything else in a list is skipped."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, str)]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
