"""Any careers page that publishes schema.org ``JobPosting`` JSON-LD.

``fetch`` reads every configured page as text; ``parse`` finds the
``<script type="application/ld+json">`` blocks (an object, an array, or a
``@graph``) and maps each JobPosting. A block that is not valid JSON is a
problem line for that page, not a failure of the source.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup

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

# Real pages nest a @graph or two; the bound only stops hostile nesting.
_MAX_DEPTH = 8


def fetch(http: HttpLike, source: SourceConfig) -> list[dict[str, str]]:
    """``[{"url": page, "html": text}, ...]`` for every configured page.

    One unreadable page fails the whole source: a partial list would make
    the missing roles look closed.
    """
    urls = source.urls or (source.url,)
    return [{"url": url, "html": http.request_text("GET", url)} for url in urls]


def parse(payload: Any, source: SourceConfig, *, now: datetime) -> ParseResult:
    items: list[tuple[str, Any]] = []
    notes: list[str] = []
    for page in payload_list(payload, None, source):
        if not (isinstance(page, dict) and _all_str(page.get("url"), page.get("html"))):
            raise PayloadError(
                f'{source.name} (jsonld): each page must be {{"url", "html"}}'
            )
        postings, problems = postings_in(page["html"])
        if not postings and not problems:
            problems = ["no JobPosting found"]
        notes += [f"{source.name} page {page['url']}: {p}" for p in problems]
        items += [(page["url"], posting) for posting in postings]
    to_role = partial(posting_to_role, source=source, now=now)
    result = parse_items(items, to_role, source=source)
    result.problems[:0] = notes
    return result


def postings_in(markup: str) -> tuple[list[Any], list[str]]:
    """The JobPosting objects in a page, and a line per unreadable block."""
    soup = BeautifulSoup(markup, "html.parser")
    postings: list[Any] = []
    problems: list[str] = []
    for number, script in enumerate(
        soup.find_all("script", attrs={"type": _is_jsonld}), 1
    ):
        try:
            data = json.loads(script.get_text())
        except json.JSONDecodeError as exc:
            problems.append(
                f"JSON-LD block {number} is not valid JSON "
                f"({exc.msg}, line {exc.lineno})"
            )
            continue
        except (RecursionError, ValueError):
            # Nesting deeper than Python's stack, or an integer of thousands
            # of digits: hostile or broken, and only this block's problem.
            problems.append(f"JSON-LD block {number} is too deeply nested or too large")
            continue
        postings.extend(_find_postings(data, 0))
    return postings, problems


def _is_jsonld(value: str | None) -> bool:
    return value is not None and (
        value.split(";")[0].strip().lower() == "application/ld+json"
    )


def _find_postings(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _find_postings(entry, depth + 1)
    elif isinstance(data, dict):
        if _is_posting(data):
            yield data
        if "@graph" in data:
            yield from _find_postings(data["@graph"], depth + 1)


def _is_posting(data: dict[str, Any]) -> bool:
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    # "JobPosting", "schema:JobPosting" or "https://schema.org/JobPosting"
    return any(
        isinstance(k, str) and k.replace(":", "/").rsplit("/", 1)[-1] == "JobPosting"
        for k in kinds
    )


def posting_to_role(
    item: tuple[str, Any], *, source: SourceConfig, now: datetime
) -> Role:
    page_url, raw = item
    posting = as_object(raw, "JobPosting")
    url = posting.get("url")
    job_url = (
        urljoin(page_url, url) if isinstance(url, str) and url.strip() else page_url
    )
    job_id = _job_id(posting.get("identifier"), job_url)
    with about_job(job_id):
        places = _list(posting.get("jobLocation"))
        requirements = _list(posting.get("applicantLocationRequirements"))
        region = _region(places, requirements)
        return build_role(
            source,
            source_id=job_id,
            title=posting.get("title"),
            company=source.company or _name(posting.get("hiringOrganization")),
            job_url=job_url,
            apply_url=None,  # a JobPosting's url is where one applies (directApply)
            description_html=_description(posting.get("description")),
            posted_at=posting.get("datePosted"),
            valid_through=posting.get("validThrough"),
            employment_type=posting.get("employmentType"),
            location_type=location_type_of(
                " ".join(_strings(posting.get("jobLocationType"))),
                region=region,
                default=LocationType.ONSITE,
            ),
            region=region,
            countries=_countries(places, requirements),
            pay=base_salary(posting.get("baseSalary")),
            skills=posting.get("skills"),  # text (comma-separated) or a list
            tags=_strings(posting.get("occupationalCategory"))
            + _strings(posting.get("industry")),
            now=now,
        )


def _job_id(identifier: object, job_url: str) -> str:
    """The posting's identifier when it is usable, else a hash of its URL."""
    value = identifier.get("value") if isinstance(identifier, dict) else identifier
    try:
        return check_source_id(value)
    except ItemProblem:
        return hashlib.sha1(job_url.encode("utf-8"), usedforsecurity=False).hexdigest()[
            :16
        ]


def _description(value: object) -> object:
    # Some sites put entity-escaped HTML in JSON-LD; Google expects real HTML.
    if isinstance(value, str) and "<" not in value and "&lt;" in value:
        return html.unescape(value)
    return value


def base_salary(value: object) -> RawPay | None:
    """A MonetaryAmount (``value`` a number or a QuantitativeValue) as RawPay."""
    if not isinstance(value, dict):
        return None
    amount = value.get("value")
    if isinstance(amount, dict):
        single = amount.get("value")
        low = amount.get("minValue", single)
        high = amount.get("maxValue", single)
        unit = amount.get("unitText")
    else:
        low = high = amount
        unit = value.get("unitText")
    return RawPay(low, high, value.get("currency"), unit)


def _region(places: list[Any], requirements: list[Any]) -> str:
    names = [_name(r) for r in requirements]
    if any(names):
        return ", ".join(n for n in names if n)
    for place in places:
        address = place.get("address") if isinstance(place, dict) else None
        if isinstance(address, dict):
            parts = [address.get("addressLocality"), address.get("addressRegion")]
            parts.append(_name(address.get("addressCountry")))
            return ", ".join(p for p in parts if isinstance(p, str) and p.strip())
        if isinstance(address, str):
            return address
    return ""


def _countries(places: list[Any], requirements: list[Any]) -> list[str]:
    found = [_name(r) for r in requirements]
    for place in places:
        address = place.get("address") if isinstance(place, dict) else None
        if isinstance(address, dict):
            found.append(_name(address.get("addressCountry")))
    # Only two-letter codes are kept (build_role checks); names are for the region.
    return [code for code in found if len(code) == 2]


def _name(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _strings(value: object) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str)]


def _all_str(*values: object) -> bool:
    return all(isinstance(v, str) for v in values)
