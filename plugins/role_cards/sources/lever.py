"""Lever job sites: ``GET api.lever.co/v0/postings/<site>?mode=json``.

The payload is a bare list of postings. A posting's description comes in
parts (opening, headed lists, closing), put together here before sanitising.
``createdAt`` is milliseconds since the epoch.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..model import LocationType, Role
from ..settings import SourceConfig
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
    location_type_of,
    parse_items,
    payload_list,
)


def fetch(http: HttpLike, source: SourceConfig) -> Any:
    """Every published posting in one response (``mode=json``)."""
    return http.request_json("GET", source.url, params={"mode": "json"})


def parse(payload: Any, source: SourceConfig, *, now: datetime) -> ParseResult:
    if isinstance(payload, dict) and payload.get("ok") is False:
        # Lever's answer for an unknown site: {"ok": false, "error": "..."}
        reason = str(payload.get("error") or "no reason given")[:200]
        raise PayloadError(
            f"{source.name} (lever): Lever refused the request: {reason}"
        )
    postings = payload_list(payload, None, source)
    return parse_items(
        postings, partial(posting_to_role, source=source, now=now), source=source
    )


def posting_to_role(item: Any, *, source: SourceConfig, now: datetime) -> Role:
    posting = as_object(item, "posting")
    job_id = check_source_id(posting.get("id"))
    categories = posting.get("categories")
    categories = categories if isinstance(categories, dict) else {}
    location = _text(categories.get("location"))
    country = posting.get("country")
    with about_job(job_id):
        return build_role(
            source,
            source_id=job_id,
            title=posting.get("text"),
            company=source.company or source.name,
            job_url=posting.get("hostedUrl"),
            apply_url=posting.get("applyUrl"),
            description_html=description(posting),
            posted_at=created_at(posting.get("createdAt")),
            employment_type=categories.get("commitment"),
            location_type=location_type_of(
                posting.get("workplaceType"),
                region=location,
                default=LocationType.ONSITE,
            ),
            region=location,
            countries=[country] if isinstance(country, str) else [],
            pay=_pay(posting.get("salaryRange")),
            tags=[_text(categories.get("team"))],
            department=_text(categories.get("department"))
            or _text(categories.get("team")),
            now=now,
        )


def created_at(value: object) -> object:
    """``createdAt`` (ms since the epoch) as a datetime; other values pass
    through for build_role to judge."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ItemProblem(f"createdAt {value!r} is not a time") from exc


def description(posting: dict[str, Any]) -> str:
    """Opening, each ``lists`` entry as a heading and list, then ``additional``."""
    parts = [_text(posting.get("description"))]
    lists = posting.get("lists")
    for entry in lists if isinstance(lists, list) else []:
        if not isinstance(entry, dict):
            continue
        heading = html.escape(_text(entry.get("text")))  # text, not markup
        parts.append(f"<h3>{heading}</h3><ul>{_text(entry.get('content'))}</ul>")
    parts.append(_text(posting.get("additional")))
    return "".join(parts)


def _pay(value: object) -> RawPay | None:
    if not isinstance(value, dict):
        return None
    return RawPay(
        value.get("min"), value.get("max"), value.get("currency"), value.get("interval")
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
