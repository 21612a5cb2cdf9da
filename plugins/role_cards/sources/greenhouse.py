"""Greenhouse job boards: ``GET boards-api.greenhouse.io/v1/boards/<token>/jobs``.

With ``?content=true`` in the configured URL, the payload is
``{"jobs": [...], "meta": {...}}`` in one response (no paging).
``content`` is HTML escaped as entities (``&lt;p&gt;``): it is unescaped here
and then sanitised like every description.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from ..model import LocationType, Role
from ..sanitize import unescape_html
from ..settings import SourceConfig
from .common import (
    HttpLike,
    ParseResult,
    as_object,
    build_role,
    location_type_of,
    parse_items,
    payload_list,
)


def fetch(http: HttpLike, source: SourceConfig) -> Any:
    """The board's job list, with descriptions (``content=true`` in the URL)."""
    return http.request_json("GET", source.url)


def parse(payload: Any, source: SourceConfig, *, now: datetime) -> ParseResult:
    jobs = payload_list(payload, "jobs", source)
    return parse_items(
        jobs, partial(job_to_role, source=source, now=now), source=source
    )


def job_to_role(item: Any, *, source: SourceConfig, now: datetime) -> Role:
    job = as_object(item)
    location = job.get("location")
    region = location.get("name") if isinstance(location, dict) else None
    metadata = _metadata(job.get("metadata"))
    return build_role(
        source,
        source_id=job.get("id"),
        title=job.get("title"),
        company=source.company or job.get("company_name") or source.name,
        job_url=job.get("absolute_url"),
        apply_url=None,  # the job page carries the application form
        description_html=_content(job.get("content")),
        # Boards that predate first_published only say when a job last changed.
        posted_at=job.get("first_published") or job.get("updated_at"),
        updated_at=job.get("updated_at"),
        employment_type=_employment(metadata),
        location_type=location_type_of(
            _employment_location(metadata),
            region=region if isinstance(region, str) else "",
            default=LocationType.ONSITE,
        ),
        region=region if isinstance(region, str) else "",
        department=", ".join(_names(job.get("departments"))),
        tags=[*_names(job.get("offices")), *metadata.values()],
        now=now,
    )


def _content(value: object) -> object:
    # Other types pass through for build_role to refuse.
    return unescape_html(value) if isinstance(value, str) else value


def _names(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [
        d["name"]
        for d in value
        if isinstance(d, dict) and isinstance(d.get("name"), str)
    ]


def _metadata(value: object) -> dict[str, str]:
    """Custom fields as ``{lower-case name: text}``; lists joined by commas."""
    out: dict[str, str] = {}
    if not isinstance(value, list):
        return out
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        raw = entry.get("value")
        items = raw if isinstance(raw, list) else [raw]
        text = ", ".join(v for v in items if isinstance(v, str))
        if text:
            out[entry["name"].strip().lower()] = text
    return out


def _employment(metadata: dict[str, str]) -> str:
    # Employment type is a custom field on Greenhouse; its name varies by board.
    for name, value in metadata.items():
        if "employment" in name or "commitment" in name or name in {"job type", "type"}:
            return value
    return ""


def _employment_location(metadata: dict[str, str]) -> str:
    for name, value in metadata.items():
        if "remote" in name or "workplace" in name or "location type" in name:
            return value
    return ""
