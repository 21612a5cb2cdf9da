"""What every source parser shares: the one place a job item becomes a Role.

``build_role`` validates and normalises an item (text, description HTML,
URLs, dates, pay, skills, classification) and raises ``ItemProblem`` when the
item has to be dropped. ``parse_items`` applies a parser's per-item function
so one bad item never takes its source down with it. A payload whose overall
shape is wrong raises ``PayloadError``: the caller fails that source.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from ..classify import classify
from ..classify import employment_type as employment_type_of
from ..model import (
    Discipline,
    EmploymentType,
    LocationType,
    Pay,
    PayInterval,
    Role,
    Seniority,
)
from ..referral import UnsafeURL, validate_target
from ..sanitize import clean_text, html_to_text, sanitize_html
from ..settings import DEFAULT_APPLY_HOSTS, SourceConfig

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

# Plausible pay, per hour, in US dollars or the rough equivalent. Outside it a
# figure is a unit or typing error (a yearly salary sent as hourly, cents).
PAY_PER_HOUR_MIN = 1.0
PAY_PER_HOUR_MAX = 2000.0
# Rough units per US dollar, only to scale those bounds: an order of
# magnitude is all the check needs, and none of this is ever shown. Pay in a
# currency not listed here skips the bounds check.
UNITS_PER_USD = {
    "USD": 1, "EUR": 1, "GBP": 1, "CHF": 1, "CAD": 1.4, "AUD": 1.5, "NZD": 1.7,
    "SGD": 1.35, "HKD": 7.8, "CNY": 7.2, "JPY": 150, "KRW": 1400, "TWD": 32,
    "INR": 85, "PKR": 280, "PHP": 57, "IDR": 16000, "VND": 25000, "THB": 35,
    "MYR": 4.5, "BRL": 5.5, "MXN": 18, "COP": 4000, "CLP": 950, "ARS": 1000,
    "PLN": 4, "CZK": 23, "HUF": 360, "RON": 4.6, "SEK": 10.5, "NOK": 10.5,
    "DKK": 7, "UAH": 41, "TRY": 35, "ILS": 3.7, "AED": 3.7, "ZAR": 18,
    "NGN": 1500, "KES": 130, "EGP": 48,
}  # fmt: skip

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
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


class PayloadError(ValueError):
    """The payload as a whole has the wrong shape; the source has failed."""


class IncompleteListing(PayloadError):  # noqa: N818 (a refusal, named as such)
    """The source listed only part of its jobs; the snapshot must be kept."""


class ItemProblem(Exception):  # noqa: N818 (a dropped item, not an error)
    """One item must be dropped. ``kind`` is "invalid", "unsafe-url",
    "expired", "closed" or "unlisted"; ``job_id`` is set once it is known."""

    def __init__(
        self, message: str, *, kind: str = "invalid", job_id: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.job_id = job_id


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

    ``problems`` are anomalies worth a maintainer's look (bad items, unsafe
    URLs, duplicates, repaired fields); ``skipped`` are items left out for
    ordinary reasons (closed, expired, unlisted). Each line names the job.
    """

    roles: list[Role] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RawPay:
    """Pay as a source states it; ``build_role`` checks it and makes a Pay."""

    min: object = None
    max: object = None
    currency: object = None
    interval: object = None


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
        discipline, seniority = _classify(title_text, tags, skill_list, department)
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
            discipline=discipline,
            seniority=seniority,
            employment_type=employment_type,
            location_type=location_type,
            region=optional_text(region, "region", max_len=REGION_MAX),
            posted_at=posted,
            description_html=html,
            description_text=html_to_text(html),
            pay=check_pay(pay),
            skills=skill_list,
            countries=clean_countries(countries),
            valid_through=until,
            updated_at=updated,
        )


def _classify(
    title: str, tags: object, skills: tuple[str, ...], department: object
) -> tuple[Discipline, Seniority]:
    return classify(
        title,
        tags=clean_list(tags, max_items=MAX_TAGS),
        skills=skills,
        department=optional_text(department, "department", max_len=REGION_MAX),
    )


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
        raise ItemProblem(f"job id is missing or not text (got {_kind(value)})")
    text = str(value).strip()
    if not _SOURCE_ID.fullmatch(text):
        raise ItemProblem(f"job id {_show(text)} has unexpected characters")
    return text


def required_text(value: object, name: str, *, max_len: int) -> str:
    text = optional_text(value, name, max_len=max_len)
    if not text:
        raise ItemProblem(f"{name} is missing or empty")
    return text


def optional_text(value: object, name: str, *, max_len: int) -> str:
    if value is not None and not isinstance(value, str):
        raise ItemProblem(f"{name} is not text (got {_kind(value)})")
    return clean_text(value, max_len=max_len)


def _html_input(value: object) -> str:
    if value is not None and not isinstance(value, str):
        raise ItemProblem(f"description is not text (got {_kind(value)})")
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
    """``<ascii title>-<8 hex>``: readable, stable, never a discipline value."""
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
            f"{name} is missing or not text (got {_kind(url)})", kind="unsafe-url"
        )
    try:
        return validate_target(url, allowed_hosts(source))
    except UnsafeURL as exc:
        raise ItemProblem(
            f"{name} {_show(url)} refused: {exc}", kind="unsafe-url"
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
            raise ItemProblem(f"{name} {_show(value)} is not a date") from exc
        if end_of_day and _DATE_ONLY.fullmatch(text):
            # "valid through 2026-12-31" means through the end of that day.
            parsed = parsed.replace(hour=23, minute=59, second=59)
    else:
        raise ItemProblem(f"{name} is missing or not a date (got {_kind(value)})")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError as exc:
        raise ItemProblem(f"{name} {_show(value)} is out of range") from exc


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


# --- pay ---------------------------------------------------------------------

_INTERVALS = {
    "hour": PayInterval.HOUR, "hourly": PayInterval.HOUR,
    "day": PayInterval.DAY, "daily": PayInterval.DAY,
    "week": PayInterval.WEEK, "weekly": PayInterval.WEEK,
    "month": PayInterval.MONTH, "monthly": PayInterval.MONTH,
    "year": PayInterval.YEAR, "yearly": PayInterval.YEAR,
    "annual": PayInterval.YEAR, "annually": PayInterval.YEAR,
}  # fmt: skip


def pay_interval(value: object) -> PayInterval | None:
    """``hour``, ``HOUR``, ``1 HOUR``, ``per-hour-wage``, ``per-year-salary``..."""
    if isinstance(value, PayInterval):
        return value
    if not isinstance(value, str):
        return None
    for word in re.split(r"[^a-z]+", value.lower()):
        if word in _INTERVALS:
            return _INTERVALS[word]
    return None


# Larger integers cannot become floats; no pay figure comes anywhere near.
_LARGEST_PAY = 10**15


def pay_number(value: object, name: str) -> float | None:
    """A pay figure: a finite, non-negative number (or numeric text).

    Zero counts as "not stated": sources send 0 for an empty field.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ItemProblem(f"pay {name} is not a number (got bool)")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError as exc:
            raise ItemProblem(f"pay {name} {_show(value)} is not a number") from exc
    if isinstance(value, int) and abs(value) > _LARGEST_PAY:
        raise ItemProblem(f"pay {name} {_show(value)} is absurdly large")
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise ItemProblem(f"pay {name} is not a finite number (got {_show(value)})")
    if value < 0:
        raise ItemProblem(f"pay {name} is negative ({value})")
    return float(value) or None


def check_pay(raw: RawPay | Pay | None) -> Pay | None:
    """A checked Pay; None when the source states none; ItemProblem if absurd."""
    if raw is None or isinstance(raw, Pay):
        return raw
    low, high = pay_number(raw.min, "minimum"), pay_number(raw.max, "maximum")
    interval = pay_interval(raw.interval)
    if (low is None and high is None) or interval is None or raw.currency in (None, ""):
        return None  # nothing stated, or nothing a reader could compare
    currency = raw.currency.strip().upper() if isinstance(raw.currency, str) else ""
    if not _CURRENCY.fullmatch(currency):
        raise ItemProblem(f"pay currency {_show(raw.currency)} is not an ISO 4217 code")
    if low is not None and high is not None and low > high:
        raise ItemProblem(f"pay minimum {low:g} is above the maximum {high:g}")
    pay = Pay(min=low, max=high, currency=currency, interval=interval)
    _check_plausible(pay)
    return pay


def _check_plausible(pay: Pay) -> None:
    rate = UNITS_PER_USD.get(pay.currency)
    if rate is None:
        return
    for per_hour in pay.per_hour():
        if per_hour is None:
            continue
        usd = per_hour / rate
        if not PAY_PER_HOUR_MIN <= usd <= PAY_PER_HOUR_MAX:
            raise ItemProblem(
                f"pay {pay.min}-{pay.max} {pay.currency} per {pay.interval.value} "
                f"is implausible (about {usd:,.2f} USD an hour)"
            )


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


def described(value: object) -> str:
    """``null``, ``a list``, ``an int``: what a JSON value is, for a problem line."""
    if value is None:
        return "null"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def _show(value: object) -> str:
    """A value quoted for a problem line: short, and without control characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
