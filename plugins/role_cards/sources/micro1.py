"""micro1's open roles, from the JSON endpoint its own job portal reads.

The endpoint is undocumented: a POST with an action and filters, paged with
``page``/``limit``. Each page is ``{"status": true, "statusCode": 200,
"message": "Success", "total": N, "data": [jobs]}`` (``data`` may also be
``{"jobs": [...]}``, and older answers carry no ``total``). Every field is
treated as untrusted.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from typing import Any

from ..model import LocationType, Role
from ..settings import SourceConfig
from .common import (
    HttpLike,
    IncompleteListing,
    ItemProblem,
    ParseResult,
    PayloadError,
    RawPay,
    about_job,
    as_object,
    build_role,
    check_source_id,
    described,
    location_type_of,
    parse_items,
)

logger = logging.getLogger(__name__)

DEFAULT_FILTERS = {"type": ["EXPERT"]}
JOB_PAGE = "https://jobs.micro1.ai/post/{job_id}"
# Most micro1 postings do not name the client; micro1 is who posts, vets and
# pays, so it is the organisation a reader deals with.
DEFAULT_COMPANY = "micro1"
_REJECTED = (False, "false", "error", "fail", "failed")


def fetch(http: HttpLike, source: SourceConfig) -> list[Any]:
    """Every page of the job list: all ``total`` jobs, or IncompleteListing.

    A partial list would make every role after the cut look closed, so a
    listing that stops short of its ``total``, repeats jobs, changes its
    ``total`` between pages or ends in an empty page after full ones is
    refused, as is one of more than ``http.max_roles`` jobs. Without a ``total``
    the list ends at the first short page.
    """
    body = {"action": "get_all_jobs", "filters": source.filters or DEFAULT_FILTERS}
    listing = _Listing(source, http.max_roles)
    for number in range(1, source.max_pages + 1):
        params = {"page": number, "limit": source.page_limit}
        page = http.request_json("POST", source.url, params=params, json=body)
        if listing.add(number, page):
            return listing.pages
    raise IncompleteListing(
        f"{source.name}: still full pages after {source.max_pages} pages of "
        f"{source.page_limit}; raise max_pages for this source"
    )


class _Listing:
    """The pages read so far, and the checks that make them a whole list."""

    def __init__(self, source: SourceConfig, max_roles: int) -> None:
        self.source = source
        self.max_roles = max_roles
        self.pages: list[Any] = []
        self.total: int | None = None
        self.held = 0
        self.seen: set[str] = set()

    def add(self, number: int, page: Any) -> bool:
        """Take one page; True when the list is complete."""
        jobs = page_jobs(page, number)
        self._check_total(number, page_total(page, number))
        self._check_new(number, jobs)
        self.pages.append(page)
        self.held += len(jobs)
        if self.held > self.max_roles:
            self._refuse(
                f"more than ROLE_CARDS_MAX_ROLES ({self.max_roles:,}) jobs listed"
            )
        if self.total is not None:
            return self._complete_by_total(number, jobs)
        if len(jobs) < self.source.page_limit:
            if not jobs and number > 1:
                self._refuse(
                    f"page {number} is empty after {number - 1} full pages and the "
                    "source states no total, so a cut-short list cannot be told "
                    "from a complete one"
                )
            return True
        return False

    def _complete_by_total(self, number: int, jobs: list[Any]) -> bool:
        assert self.total is not None
        if self.held >= self.total:
            if self.held > self.total:
                logger.warning(
                    "role_cards: %s: %d jobs listed, more than the stated total %d",
                    self.source.name,
                    self.held,
                    self.total,
                )
            return True
        if len(jobs) < self.source.page_limit:
            what = "is empty" if not jobs else f"holds {len(jobs)} jobs"
            self._refuse(
                f"page {number} {what}: the listing stops at {self.held} of the "
                f"{self.total} jobs it states"
            )
        return False

    def _check_total(self, number: int, total: int | None) -> None:
        if number == 1:
            self.total = total
            if total is not None and total > self.max_roles:
                self._refuse(
                    f"the source states {total:,} jobs, more than "
                    f"ROLE_CARDS_MAX_ROLES ({self.max_roles:,})"
                )
        elif total != self.total:
            self._refuse(
                f"total changed from {self.total} to {total} between pages 1 and "
                f"{number}: the list moved while it was read"
            )

    def _check_new(self, number: int, jobs: list[Any]) -> None:
        ids = {str(job.get("job_id")) for job in jobs if isinstance(job, dict)}
        repeated = ids & self.seen
        if repeated:
            # A server that ignores ``page`` repeats page 1; a list that moves
            # while it is read shifts jobs from one page to the next.
            self._refuse(f"page {number} repeats {len(repeated)} jobs of earlier pages")
        self.seen |= ids

    def _refuse(self, why: str) -> None:
        raise IncompleteListing(f"refused as incomplete: {why}; the snapshot is kept")


def page_total(page: Any, number: int = 1) -> int | None:
    """The ``total`` a page states (None if it states none)."""
    total = page.get("total") if isinstance(page, dict) else None
    if total is None:
        return None
    if isinstance(total, str) and total.strip().isdigit():
        total = int(total)
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise PayloadError(
            f"micro1 page {number} states a total of {str(total)[:40]!r}, not a count"
        )
    return total


def page_jobs(page: Any, number: int = 1) -> list[Any]:
    """The job list of one page; PayloadError when the page is not one."""
    if not isinstance(page, dict):
        raise PayloadError(f"micro1 page {number} is {described(page)}, not an object")
    if page.get("status") in _REJECTED:
        message = page.get("message") or page.get("error") or "no reason given"
        raise PayloadError(f"micro1 rejected the request: {str(message)[:200]}")
    data = page.get("data")
    if isinstance(data, dict):
        data = data.get("jobs")
    if not isinstance(data, list):
        raise PayloadError(
            f'micro1 page {number} has no job list (expected "data": [...] '
            f'or "data": {{"jobs": [...]}})'
        )
    return data


def parse(payload: Any, source: SourceConfig, *, now: datetime) -> ParseResult:
    """Roles from the pages ``fetch`` returned (one page object also works)."""
    pages = payload if isinstance(payload, list) else [payload]
    jobs = [job for n, page in enumerate(pages, start=1) for job in page_jobs(page, n)]
    return parse_items(
        jobs, partial(job_to_role, source=source, now=now), source=source
    )


def job_to_role(item: Any, *, source: SourceConfig, now: datetime) -> Role:
    job = as_object(item)
    job_id = check_source_id(job.get("job_id"))
    with about_job(job_id):
        status = job.get("job_status")
        # The portal lists open jobs; a missing status is read as open.
        if status is not None and str(status).strip().lower() != "open":
            raise ItemProblem(f"status is {str(status)[:40]!r}", kind="closed")
        region = job.get("location_name")
        return build_role(
            source,
            source_id=job_id,
            title=job.get("job_name"),
            company=_company(job, source),
            job_url=JOB_PAGE.format(job_id=job_id),
            # An apply URL that is not https on an allowed host drops the role
            # (build_role); none at all means the job page, built from the id.
            apply_url=job.get("apply_url"),
            description_html=job.get("job_description"),
            # "YYYY-MM-DD HH:MM:SS" with no zone: the portal's clock is read as UTC.
            posted_at=job.get("date_posted"),
            employment_type=job.get("job_type"),
            location_type=_location_type(job.get("location_type"), region),
            region=region if isinstance(region, str) else "",
            pay=_pay(job),
            skills=_names(job.get("required_skills")) + _names(job.get("skills")),
            tags=_names(job.get("job_tags")) + _names(job.get("role_type")),
            department=_text(job.get("domain_slug")),
            now=now,
        )


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
    """Skill or tag names from a string, a list of strings or of {"name": ...}."""
    if isinstance(value, str):
        return value.split(",")
    if not isinstance(value, list):
        return []
    names = []
    for entry in value:
        name = entry
        if isinstance(entry, dict):
            name = entry.get("name") or entry.get("skill") or entry.get("label")
        if isinstance(name, str):
            names.append(name)
    return names


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
