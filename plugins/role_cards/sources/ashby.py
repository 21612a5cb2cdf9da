"""Ashby job boards: ``GET api.ashbyhq.com/posting-api/job-board/<name>``.

Asked with ``includeCompensation=true``; the payload is ``{"jobs": [...]}``.
Unlisted jobs (``isListed: false``) are left out. An unknown board answers an
empty list, not an error, so zero roles here is a fact for the caller to
judge, not a parse failure.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from ..model import LocationType, Role
from ..settings import SourceConfig
from .common import (
    HttpLike,
    ItemProblem,
    ParseResult,
    RawPay,
    as_object,
    build_role,
    location_type_of,
    parse_items,
    payload_list,
)

# Ashby's compensation component types that are a base pay range.
_BASE_PAY = {"salary", "hourly", "base salary"}


def fetch(http: HttpLike, source: SourceConfig) -> Any:
    """The board's listed jobs, with compensation."""
    return http.request_json("GET", source.url, params={"includeCompensation": "true"})


def parse(payload: Any, source: SourceConfig, *, now: datetime) -> ParseResult:
    jobs = payload_list(payload, "jobs", source)
    return parse_items(
        jobs, partial(job_to_role, source=source, now=now), source=source
    )


def job_to_role(item: Any, *, source: SourceConfig, now: datetime) -> Role:
    job = as_object(item)
    if job.get("isListed") is False:
        raise ItemProblem(
            "not listed on the board", kind="unlisted", job_id=_str(job.get("id"))
        )
    location = _str(job.get("location"))
    return build_role(
        source,
        source_id=job.get("id") or _id_from_url(job.get("jobUrl")),
        title=job.get("title"),
        company=source.company or source.name,
        job_url=job.get("jobUrl"),
        apply_url=job.get("applyUrl"),
        description_html=job.get("descriptionHtml"),
        posted_at=job.get("publishedAt"),
        employment_type=job.get("employmentType"),
        location_type=_location_type(job, location),
        region=location,
        countries=[],
        pay=compensation(job.get("compensation")),
        tags=[_str(job.get("team"))],
        department=_str(job.get("department")),
        now=now,
    )


def _location_type(job: dict[str, Any], location: str) -> LocationType:
    workplace = job.get("workplaceType")
    if isinstance(workplace, str) and workplace:
        return location_type_of(workplace, region=location, default=LocationType.ONSITE)
    if job.get("isRemote") is True:
        return LocationType.REMOTE
    return location_type_of(None, region=location, default=LocationType.ONSITE)


def compensation(value: object) -> RawPay | None:
    """The base pay range from ``summaryComponents``, when one is there."""
    if not isinstance(value, dict):
        return None
    components = value.get("summaryComponents")
    if not isinstance(components, list):
        return None
    for part in components:
        if not isinstance(part, dict):
            continue
        kind = _str(part.get("compensationType")).strip().lower()
        if kind in _BASE_PAY:
            return RawPay(
                part.get("minValue"),
                part.get("maxValue"),
                part.get("currencyCode"),
                part.get("interval"),  # "1 YEAR", "1 HOUR", ...
            )
    return None


def _id_from_url(url: object) -> object:
    # Older answers have no "id"; the job URL ends in the job's UUID.
    if isinstance(url, str) and url.rstrip("/"):
        return url.rstrip("/").rsplit("/", 1)[-1]
    return None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
