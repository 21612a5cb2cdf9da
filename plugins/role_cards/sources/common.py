"""What every source parser shares: the one place a job item becomes a Role.

``build_role`` validates and normalises an item (text, description HTML,
URLs, dates, pay, skills, classification) and raises ``ItemProblem`` when the
item has to be dropped. ``parse_items`` applies a parser's per-item function
so one bad item never takes its source down with it. A payload whose overall
shape is wrong raises ``PayloadError``: the caller fails that source.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from ..classify import FieldChoice, classify
from ..classify import employment_type as employment_type_of
from ..model import EmploymentType, LocationType, Pay, Role, Seniority
from ..referral import UnsafeURL, validate_target
from ..sanitize import clean_text, sanitised_text, sanitize_html
from ..settings import DEFAULT_APPLY_HOSTS, SourceConfig
from .pay import RawPay, check_pay
from .problems import (
    IncompleteListing,
    ItemProblem,
    PayloadError,
    described,
    kind_of,
    show,
)

__all__ = [
    "HttpLike",
    "IncompleteListing",
    "ItemProblem",
    "ParseResult",
    "PayloadError",
    "RawPay",
    "build_role",
    "check_pay",
    "described",
    "parse_items",
]

TITLE_MAX = 160
COMPANY_MAX = 120
REGION_MAX = 120
SKILL_MAX = 40
MAX_SKILLS = 12
MAX_TAGS = 40
SLUG_MAX = 60

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# Clocks and time zones disagree a little; a job "posted" further ahead than
# this is a broken date, not an early announcement.
FUTURE_SLACK = timedelta(days=2)

# Problems of these kinds are normal life (a job closed), not bad data.
SKIPPED_KINDS = frozenset({"expired", "closed", "unlisted"})
# What a parser may raise on an item of a shape no check foresaw (a number
# too large for a float, nesting too deep): that item is dropped, not the source.
_UNFORESEEN = (
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
    IndexError,
    ArithmeticError,
    RecursionError,
)

_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


class HttpLike(Protocol):
    """The two requests a source may make (implemented by role_cards.http.Http)."""

    @property
    def max_roles(self) -> int:
        """The most jobs a source may list (ROLE_CARDS_MAX_ROLES)."""
        ...

    def request_json(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any: ...

    def request_text(
        self, method: str, url: str, *, params: Mapping[str, Any] | None = None
    ) -> str: ...


@dataclass(slots=True)
class ParseResult:
    """Roles parsed from one payload, and what was dropped on the way.

    ``problems`` are items dropped as bad data (bad items, unsafe URLs,
    duplicates); ``skipped`` are items left out for ordinary reasons (closed,
    expired, unlisted); ``notes`` are kept roles with a field left out or an
    anomaly worth a maintainer's look (a reward not shown, an unmapped domain).
    Each line names the job or the value.
    """

    roles: list[Role] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_items(
    items: Iterable[Any], to_role: Callable[[Any], Role], *, source: SourceConfig
) -> ParseResult:
    """Apply ``to_role`` to every item; bad items become problem lines."""
    result = ParseResult()
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        try:
            role = to_role(item)
        except ItemProblem as problem:
            line = f"{source.name} {_label(problem.job_id, index)}: {problem.message}"
            skipped = problem.kind in SKIPPED_KINDS
            (result.skipped if skipped else result.problems).append(line)
            continue
        except _UNFORESEEN as exc:
            # A shape no check anticipated: still only this item's problem.
            result.problems.append(
                f"{source.name} item #{index}: unreadable "
                f"({type(exc).__name__}: {str(exc)[:120]})"
            )
            continue
        if role.id in seen:
            result.problems.append(
                f"{source.name} job {role.source_id}: duplicate id; kept the first"
            )
            continue
        seen.add(role.id)
        result.roles.append(role)
    return result


def _label(job_id: str, index: int) -> str:
    if job_id and _SOURCE_ID.fullmatch(job_id):
        return f"job {job_id}"
    return f"item #{index}"


def build_role(
    source: SourceConfig,
    *,
    source_id: object,
    title: object,
    company: object,
    job_url: object,
    apply_url: object,
    description_html: object,
    posted_at: object,
    valid_through: object = None,
    updated_at: object = None,
    employment_type: object = EmploymentType.UNSPECIFIED,
    location_type: LocationType = LocationType.REMOTE,
    region: object = "",
    countries: object = (),
    pay: RawPay | Pay | None = None,
    skills: object = (),
    tags: object = (),
    department: object = "",
    now: datetime,
) -> Role:
    """A validated Role, or ItemProblem naming what is wrong with the item."""
    job_id = check_source_id(source_id)
    with about_job(job_id):
        title_text = required_text(title, "title", max_len=TITLE_MAX)
        job, apply_target = check_urls(source, job_url, apply_url)
        posted, until, updated = check_dates(
            posted_at, valid_through, updated_at, now=now
        )
        html = sanitize_html(_html_input(description_html))
        skill_list = clean_list(skills, max_items=MAX_SKILLS)
        tag_list = clean_list(tags, max_items=MAX_TAGS)
        domain = optional_text(department, "department", max_len=REGION_MAX)
        choice, seniority = _classify(title_text, tag_list, skill_list, domain)
        if not isinstance(employment_type, EmploymentType):
            employment_type = employment_type_of(employment_type)
        role_id = f"{source.name}:{job_id}"
        return Role(
            id=role_id,
            source=source.name,
            source_id=job_id,
            slug=make_slug(title_text, role_id),
            title=title_text,
            company=required_text(company, "company", max_len=COMPANY_MAX),
            job_url=job,
            apply_target=apply_target,
            field=choice.field,
            seniority=seniority,
            employment_type=employment_type,
            location_type=location_type,
            region=optional_text(region, "region", max_len=REGION_MAX),
            posted_at=posted,
            description_html=html,
            description_text=sanitised_text(html),
            pay=check_pay(pay),
            skills=skill_list,
            countries=clean_countries(countries),
            valid_through=until,
            updated_at=updated,
            domain=domain,
            tags=tag_list,
        )


def _classify(
    title: str, tags: tuple[str, ...], skills: tuple[str, ...], domain: str
) -> tuple[FieldChoice, Seniority]:
    return classify(title, tags=tags, skills=skills, department=domain)


@contextmanager
def about_job(job_id: str) -> Iterator[None]:
    """Stamp the job id on any ItemProblem raised inside."""
    try:
        yield
    except ItemProblem as problem:
        problem.job_id = problem.job_id or job_id
        raise


# --- text ------------------------------------------------------------------


def check_source_id(value: object) -> str:
    """The job id at the source: a string (or integer) of URL-safe characters."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ItemProblem(f"job id is missing or not text (got {kind_of(value)})")
    text = str(value).strip()
    if not _SOURCE_ID.fullmatch(text):
        raise ItemProblem(f"job id {show(text)} has unexpected characters")
    return text


def required_text(value: object, name: str, *, max_len: int) -> str:
    text = optional_text(value, name, max_len=max_len)
    if not text:
        raise ItemProblem(f"{name} is missing or empty")
    return text


def optional_text(value: object, name: str, *, max_len: int) -> str:
    if value is not None and not isinstance(value, str):
        raise ItemProblem(f"{name} is not text (got {kind_of(value)})")
    return clean_text(value, max_len=max_len)


def _html_input(value: object) -> str:
    if value is not None and not isinstance(value, str):
        raise ItemProblem(f"description is not text (got {kind_of(value)})")
    return value or ""


def clean_list(
    values: object, *, max_items: int, max_len: int = SKILL_MAX
) -> tuple[str, ...]:
    """Cleaned, de-duplicated (ignoring case) text items; others are skipped.

    A single string is read as a comma-separated list.
    """
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, Iterable) or isinstance(values, Mapping):
        return ()
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        text = clean_text(value, max_len=max_len)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
        if len(out) == max_items:
            break
    return tuple(out)


def clean_countries(values: object) -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes, upper case; anything else is left out."""
    codes = clean_list(values, max_items=250, max_len=10)
    return tuple(c.upper() for c in codes if _COUNTRY.fullmatch(c.upper()))


def make_slug(title: str, role_id: str) -> str:
    """``<ascii title>-<8 hex>``: readable, stable, never a field value."""
    # Accents go (é -> e); any other non-ASCII character separates words.
    bare = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", title.lower())
        if not unicodedata.combining(ch)
    )
    words = _SLUG_JUNK.sub("-", bare).strip("-")
    if len(words) > SLUG_MAX:
        # Cut at a word boundary when there is one.
        head = words[: SLUG_MAX + 1]
        words = head.rsplit("-", 1)[0] if "-" in head else words[:SLUG_MAX]
    digest = hashlib.sha1(role_id.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{words or 'role'}-{digest[:8]}"


# --- URLs --------------------------------------------------------------------


def allowed_hosts(source: SourceConfig) -> tuple[str, ...]:
    return source.apply_hosts or DEFAULT_APPLY_HOSTS.get(source.kind, ())


def check_urls(
    source: SourceConfig, job_url: object, apply_url: object
) -> tuple[str, str]:
    """The job page and the apply target, both validated; apply falls back to job."""
    job = check_url(source, job_url, "job URL")
    if apply_url is None or apply_url == "":
        return job, job
    return job, check_url(source, apply_url, "apply URL")


def check_url(source: SourceConfig, url: object, name: str) -> str:
    if not isinstance(url, str):
        raise ItemProblem(
            f"{name} is missing or not text (got {kind_of(url)})", kind="unsafe-url"
        )
    try:
        return validate_target(url, allowed_hosts(source))
    except UnsafeURL as exc:
        raise ItemProblem(
            f"{name} {show(url)} refused: {exc}", kind="unsafe-url"
        ) from exc


# --- dates -------------------------------------------------------------------


def parse_datetime(value: object, name: str, *, end_of_day: bool = False) -> datetime:
    """An aware UTC datetime from ISO 8601 text (naive times are UTC)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ItemProblem(f"{name} {show(value)} is not a date") from exc
        if end_of_day and _DATE_ONLY.fullmatch(text):
            # "valid through 2026-12-31" means through the end of that day.
            parsed = parsed.replace(hour=23, minute=59, second=59)
    else:
        raise ItemProblem(f"{name} is missing or not a date (got {kind_of(value)})")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError as exc:
        raise ItemProblem(f"{name} {show(value)} is out of range") from exc


def check_dates(
    posted_at: object, valid_through: object, updated_at: object, *, now: datetime
) -> tuple[datetime, datetime | None, datetime | None]:
    """Posted, valid-through and updated dates, or ItemProblem if impossible."""
    latest = now + FUTURE_SLACK
    posted = parse_datetime(posted_at, "posted date")
    if not EARLIEST <= posted <= latest:
        raise ItemProblem(f"posted date {posted:%Y-%m-%d} is impossible")
    until = None
    if valid_through not in (None, ""):
        until = parse_datetime(valid_through, "valid-through date", end_of_day=True)
        if until < posted:
            raise ItemProblem(f"valid-through date {until:%Y-%m-%d} is before posting")
        if until < now:
            raise ItemProblem(f"expired on {until:%Y-%m-%d}", kind="expired")
    return posted, until, _updated(updated_at, posted, latest)


def _updated(value: object, posted: datetime, latest: datetime) -> datetime | None:
    # Informational only (sitemap lastmod): a bad value is dropped, not the role.
    if value in (None, ""):
        return None
    try:
        updated = parse_datetime(value, "updated date")
    except ItemProblem:
        return None
    return updated if posted <= updated <= latest else None


# --- small readers shared by the parsers -----------------------------------


def payload_list(payload: object, key: str | None, source: SourceConfig) -> list[Any]:
    """The list of jobs in ``payload[key]`` (or the payload itself when key is
    None); PayloadError naming the source if the shape is wrong."""
    if key is None:
        found = payload
    else:
        found = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(found, list):
        where = f'an object with a "{key}" list' if key else "a list"
        raise PayloadError(
            f"{source.name} ({source.kind}): expected {where}, got {_describe(payload)}"
        )
    return found


def _describe(payload: object) -> str:
    if isinstance(payload, dict):
        keys = ", ".join(sorted(map(str, payload))[:8])
        return f"an object with keys [{keys}]"
    return described(payload)


def as_object(item: object, what: str = "job") -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ItemProblem(f"{what} is {described(item)}, not an object")
    return item


def location_type_of(
    value: object, *, region: str = "", default: LocationType
) -> LocationType:
    """``remote``/``TELECOMMUTE``/``hybrid``/``on-site``...; else read the region."""
    for text in (value, region):
        if not isinstance(text, str):
            continue
        words = set(re.split(r"[^a-z]+", text.lower()))
        if words & {"remote", "telecommute", "anywhere", "distributed"}:
            return LocationType.REMOTE
        if "hybrid" in words:
            return LocationType.HYBRID
        if words & {"onsite", "office"} or "on site" in text.lower().replace("-", " "):
            return LocationType.ONSITE
    return default
