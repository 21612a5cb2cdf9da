"""What the role templates show, worked out in code: the board's view model.

Pay, dates and badges are formatted here, facets and similar roles are picked
here, and the JobPosting JSON-LD and the public roles.json are built here as
plain dicts. Templates only print these values; none of this touches Pelican,
so every rule is tested on plain Role objects.

The view settings (tag mapping, related-roles limit, reward line, feed size,
"new" window) are read here too: they only change what is shown, never what
is loaded. Fields, their labels and their order come from the taxonomy
(``data/role_taxonomy.toml``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from .classify import FieldSet, load_taxonomy
from .model import (
    HOURS_PER_INTERVAL,
    EmploymentType,
    LocationType,
    Notice,
    Pay,
    PayInterval,
    Role,
    RoleBoard,
    Seniority,
)
from .settings import SettingsError

# --- View settings ----------------------------------------------------------

# Article tag (slug) -> field whose newest open roles end the article; None
# means "the newest open roles, any field". Unmapped tags pick nothing.
DEFAULT_TAG_FIELDS: dict[str, str | None] = {
    "llm": "ai-machine-learning",
    "llms": "ai-machine-learning",
    "generative-ai": "ai-machine-learning",
    "nlp": "ai-machine-learning",
    "computer-vision": "ai-machine-learning",
    "mlops": "ai-machine-learning",
    "machine-learning": "ai-machine-learning",
    "data-science": "data-analysis",
    "software-engineering": "software-engineering",
    "law": "law",
    "medicine": "medicine",
    "finance": "finance",
    "interviews": None,
    "vetting": None,
    "referrals": None,
    "remote-work": None,
}
DEFAULT_RELATED_LIMIT = 3
DEFAULT_SHOW_REWARD = True
FEED_LIMIT = 30  # newest open roles in roles/feed.atom
NEW_DAYS = 7  # a role posted less than this many days before the build is "New"
MAX_CARDS = 12  # the most cards one [roles ...] block or article ending may show
TOP_SKILLS = 5
SIMILAR_LIMIT = 3


@dataclass(frozen=True, slots=True)
class ViewSettings:
    """ROLE_CARDS_TAG_FIELDS, ROLE_CARDS_RELATED_LIMIT and
    ROLE_CARDS_SHOW_REWARD, validated once."""

    tag_fields: Mapping[str, str | None]
    related_limit: int = DEFAULT_RELATED_LIMIT
    show_reward: bool = DEFAULT_SHOW_REWARD


def load_view_settings(
    settings: Mapping[str, Any], *, fields: FieldSet | None = None
) -> ViewSettings:
    """Merge the site's view settings over the defaults; raise naming a bad key."""
    known = (fields or load_taxonomy().field).slugs
    # By default a tag named like a field picks that field, and a few common
    # tags (llm, nlp, interviews...) pick what they mean.
    default = {slug: slug for slug in known} | DEFAULT_TAG_FIELDS
    mapping = settings.get("ROLE_CARDS_TAG_FIELDS", default)
    if not isinstance(mapping, Mapping):
        raise SettingsError(
            "role_cards: ROLE_CARDS_TAG_FIELDS: expected a dict of tag slug -> "
            f"field (or None for the newest roles), got {mapping!r}"
        )
    tags: dict[str, str | None] = {}
    for tag, value in mapping.items():
        if value is not None and value not in known:
            raise SettingsError(
                f"role_cards: ROLE_CARDS_TAG_FIELDS[{tag!r}]: {value!r} is not a "
                "field in data/role_taxonomy.toml; use None or one of: "
                + ", ".join(known)
            )
        tags[str(tag).lower()] = value
    show_reward = settings.get("ROLE_CARDS_SHOW_REWARD", DEFAULT_SHOW_REWARD)
    if not isinstance(show_reward, bool):
        raise SettingsError(
            "role_cards: ROLE_CARDS_SHOW_REWARD: expected True or False, got "
            f"{show_reward!r}"
        )
    limit = settings.get("ROLE_CARDS_RELATED_LIMIT", DEFAULT_RELATED_LIMIT)
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int)
        or not 0 <= limit <= MAX_CARDS
    ):
        raise SettingsError(
            "role_cards: ROLE_CARDS_RELATED_LIMIT: expected a whole number from 0 "
            f"(no roles after articles) to {MAX_CARDS}, got {limit!r}"
        )
    return ViewSettings(tag_fields=tags, related_limit=limit, show_reward=show_reward)


# --- Formatting -------------------------------------------------------------

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
INTERVAL_WORDS = {
    PayInterval.HOUR: "hour",
    PayInterval.DAY: "day",
    PayInterval.WEEK: "week",
    PayInterval.MONTH: "month",
    PayInterval.YEAR: "year",
}
SCHEMA_UNIT = {
    PayInterval.HOUR: "HOUR",
    PayInterval.DAY: "DAY",
    PayInterval.WEEK: "WEEK",
    PayInterval.MONTH: "MONTH",
    PayInterval.YEAR: "YEAR",
}
NO_PAY = "Pay not stated"
EN_DASH = "\u2013"  # between the ends of a range: "$60\u2013$90"


def _number(value: float) -> str:
    """60 -> "60", 85000 -> "85,000", 62.5 -> "62.50" (cents only when present)."""
    if math.isclose(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.2f}"


def format_money(value: float, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol:
        return f"{symbol}{_number(value)}"
    return f"{currency}\u00a0{_number(value)}"


def format_pay(pay: Pay | None) -> str:
    """A range with currency and interval, or "Up to", "From", "Pay not stated"."""
    if pay is None or (pay.min is None and pay.max is None):
        return NO_PAY
    per = f" / {INTERVAL_WORDS[pay.interval]}"
    symbol = CURRENCY_SYMBOLS.get(pay.currency)
    if pay.min is not None and pay.max is not None:
        if math.isclose(pay.min, pay.max):
            return format_money(pay.min, pay.currency) + per
        if symbol:
            low, high = (
                format_money(pay.min, pay.currency),
                format_money(pay.max, pay.currency),
            )
        else:  # the code once, in front: "CAD 60-90" with an en dash
            low, high = format_money(pay.min, pay.currency), _number(pay.max)
        return f"{low}{EN_DASH}{high}{per}"
    if pay.max is not None:
        return f"Up to {format_money(pay.max, pay.currency)}{per}"
    assert pay.min is not None
    return f"From {format_money(pay.min, pay.currency)}{per}"


def pay_per_hour(pay: Pay | None) -> tuple[float | None, float | None]:
    """The range per hour, rounded to cents, for the board's minimum-pay filter."""
    if pay is None:
        return (None, None)
    low, high = pay.per_hour()
    return (
        None if low is None else round(low, 2),
        None if high is None else round(high, 2),
    )


def hours_conversion_note() -> str:
    """The stated conversion, from the same table the filter uses.

    "yearly pay ÷ 2,080 h, monthly ÷ 173.3 h, weekly ÷ 40 h, daily ÷ 8 h"
    """
    parts = []
    for interval, word in (
        (PayInterval.YEAR, "yearly pay"),
        (PayInterval.MONTH, "monthly"),
        (PayInterval.WEEK, "weekly"),
        (PayInterval.DAY, "daily"),
    ):
        hours = HOURS_PER_INTERVAL[interval]
        figure = f"{hours:,.0f}" if hours == round(hours) else f"{hours:,.1f}"
        parts.append(f"{word} ÷ {figure} h")
    return ", ".join(parts)


def format_date(value: datetime) -> str:
    """ "5 March 2026": no leading zero, the month in words."""
    return f"{value.day} {value:%B %Y}"


def posted_label(posted_at: datetime, now: datetime) -> str:
    """Calendar days (UTC) between posting and the build, in words."""
    days = (now.date() - posted_at.date()).days
    if days <= 0:
        return "Posted today"
    if days == 1:
        return "Posted yesterday"
    if days < 31:
        return f"Posted {days} days ago"
    return f"Posted {format_date(posted_at)}"


def is_new(posted_at: datetime, now: datetime, *, days: int = NEW_DAYS) -> bool:
    """New means posted less than ``days`` full days before the build."""
    return now - posted_at < timedelta(days=days)


def iso(value: datetime) -> str:
    """UTC to the second, "2026-11-18T12:00:00Z": what JSON-LD and Date.parse read."""
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def apply_label(role: Role) -> str:
    """The apply button's words: referral links say so on the button itself."""
    return (
        "Apply with referral link" if role.is_referral else f"Apply at {role.company}"
    )


def openings_text(openings: int | None) -> str:
    """ "50 openings", "1 opening"; "" when the source states none."""
    if not openings or openings < 1:
        return ""
    return f"{openings:,} opening{'s' if openings != 1 else ''}"


def reward_amount(role: Role, *, show: bool = DEFAULT_SHOW_REWARD) -> str:
    """What the site is paid if a referral is hired, as "$1,000"; "" when not
    shown (no amount stated, the setting off, or not a referral link)."""
    if not show or role.reward is None or not role.is_referral:
        return ""
    return format_money(role.reward, "USD")


# Beside an hourly figure whose description says the work is paid per task.
PAY_PER_TASK_NOTE = "Paid per task; the hourly figure is as listed"


def location_text(role: Role) -> str:
    if role.region:
        return f"{role.location_type.label} · {role.region}"
    return role.location_type.label


# --- The card view model ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleView:
    """One role plus everything a card or a role page prints about it."""

    role: Role
    url: str  # site path of the role page, "roles/<slug>/"
    pay_text: str
    pay_hour_top: float | None  # the top of the range per hour: filter and sort
    posted_iso: str
    posted_text: str
    posted_date: str
    is_new: bool
    location_text: str
    facts: tuple[str, ...]  # the card's fact line: field, level, type, openings
    field_label: str
    field_url: str  # "roles/<field>/"
    reward_amount: str  # "$500", or "" when not shown
    pay_note: str  # "" unless the pay figure needs a word beside it
    top_skills: tuple[str, ...]
    more_skills: str  # the skills a card does not show, still searched by the board
    apply_label: str
    job_host: str  # where "view the original listing" goes, e.g. "jobs.micro1.ai"
    closed_date: str  # "" while open
    valid_through_date: str  # "" when the source gives none

    @property
    def data_pay(self) -> str:
        return "" if self.pay_hour_top is None else f"{self.pay_hour_top:g}"


def role_url(role: Role) -> str:
    return f"roles/{role.slug}/"


def card_facts(role: Role, fields: FieldSet) -> tuple[str, ...]:
    """Field, level, employment type and openings, each readable on its own.

    A card shows them without labels; the employment type appears only when
    the source states one, the openings only when it gives a number.
    """
    facts = [fields.label(role.field), role.seniority.label]
    if role.employment_type is not EmploymentType.UNSPECIFIED:
        facts.append(role.employment_type.label)
    openings = openings_text(role.openings)
    if openings:
        facts.append(openings)
    return tuple(facts)


def top_pay_per_hour(pay: Pay | None) -> float | None:
    """What the minimum-pay filter and the pay sort compare: the top of the range."""
    low, high = pay_per_hour(pay)
    return high if high is not None else low


def role_view(
    role: Role,
    *,
    now: datetime,
    new_days: int = NEW_DAYS,
    fields: FieldSet | None = None,
    show_reward: bool = DEFAULT_SHOW_REWARD,
) -> RoleView:
    fields = fields or load_taxonomy().field
    return RoleView(
        role=role,
        url=role_url(role),
        pay_text=format_pay(role.pay),
        pay_hour_top=top_pay_per_hour(role.pay),
        posted_iso=iso(role.posted_at),
        posted_text=posted_label(role.posted_at, now),
        posted_date=format_date(role.posted_at),
        is_new=role.is_open and is_new(role.posted_at, now, days=new_days),
        location_text=location_text(role),
        facts=card_facts(role, fields),
        field_label=fields.label(role.field),
        field_url=field_url(role.field),
        reward_amount=reward_amount(role, show=show_reward),
        pay_note=PAY_PER_TASK_NOTE if role.pay_per_task and role.pay else "",
        top_skills=tuple(role.skills[:TOP_SKILLS]),
        more_skills=", ".join(role.skills[TOP_SKILLS:]),
        apply_label=apply_label(role),
        job_host=urlsplit(role.job_url).hostname or "",
        closed_date=format_date(role.closed_at) if role.closed_at else "",
        valid_through_date=format_date(role.valid_through)
        if role.valid_through
        else "",
    )


def role_views(
    roles: Iterable[Role],
    *,
    now: datetime,
    new_days: int = NEW_DAYS,
    show_reward: bool = DEFAULT_SHOW_REWARD,
) -> list[RoleView]:
    fields = load_taxonomy().field
    return [
        role_view(
            role, now=now, new_days=new_days, fields=fields, show_reward=show_reward
        )
        for role in roles
    ]


# --- Facets and navigation --------------------------------------------------


@dataclass(frozen=True, slots=True)
class FacetOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # query parameter and data attribute suffix
    legend: str
    options: tuple[FacetOption, ...]


# (query name, legend, enum, Role attribute); the order is the form's order.
# The field facet comes first and takes its options from the taxonomy.
FACETS = (
    ("seniority", "Level", Seniority, "seniority"),
    ("employment", "Employment type", EmploymentType, "employment_type"),
    ("location", "Location", LocationType, "location_type"),
)


def facet_attribute(name: str) -> str:
    """The Role attribute behind a facet's query name."""
    if name == "field":
        return "field"
    for facet_name, _, _, attribute in FACETS:
        if facet_name == name:
            return attribute
    raise KeyError(name)


def facets(
    roles: Sequence[Role],
    *,
    skip: Iterable[str] = (),
    fields: FieldSet | None = None,
) -> list[Facet]:
    """Each facet's options that occur among ``roles``, in taxonomy or enum
    order, counted."""
    fields = fields or load_taxonomy().field
    out = []
    if "field" not in skip:
        counts = _counts(role.field for role in roles)
        options = tuple(
            FacetOption(f.slug, f.label, counts[f.slug])
            for f in fields.fields
            if f.slug in counts
        )
        out.append(Facet("field", "Field", options))
    for name, legend, enum, attribute in FACETS:
        if name in skip:
            continue
        found = _counts(getattr(role, attribute) for role in roles)
        out.append(
            Facet(
                name,
                legend,
                tuple(
                    FacetOption(member.value, member.label, found[member])
                    for member in enum
                    if member in found
                ),
            )
        )
    return out


def _counts(values: Iterable[Any]) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class FieldLink:
    field: str  # the slug
    label: str
    url: str  # "roles/<field>/"
    count: int


def field_url(field: str) -> str:
    return f"roles/{field}/"


def field_links(
    roles: Sequence[Role], *, fields: FieldSet | None = None
) -> list[FieldLink]:
    """Every field in the taxonomy (its page always exists), with its count."""
    fields = fields or load_taxonomy().field
    counts = _counts(role.field for role in roles)
    return [
        FieldLink(f.slug, f.label, field_url(f.slug), counts.get(f.slug, 0))
        for f in fields.fields
    ]


# --- Picking roles ----------------------------------------------------------


def skill_set(role: Role) -> frozenset[str]:
    return frozenset(skill.casefold() for skill in role.skills)


class SimilarRoles:
    """Similar open roles for each role page: same field first, then most
    shared skills, then newest.

    Candidates are bounded: the newest few of the role's field, and the
    newest few of that field sharing each of its skills (of any field when
    its own has too few). Scoring a handful per role keeps the whole board
    linear in the number of roles, where comparing every pair within a
    field grew with its square.
    """

    def __init__(self, open_roles: Sequence[Role], *, per_bucket: int = 8) -> None:
        self._per_bucket = per_bucket
        self._skills: dict[str, frozenset[str]] = {}
        self._rank: dict[str, int] = {}  # position on the board, for stable ties
        self._by_field: dict[str, list[Role]] = {}
        self._by_skill: dict[tuple[str | None, str], list[Role]] = {}
        for rank, role in enumerate(open_roles):
            skills = skill_set(role)
            self._skills[role.id] = skills
            self._rank[role.id] = rank
            self._add(self._by_field, role.field, role)
            for skill in skills:
                self._add(self._by_skill, (role.field, skill), role)
                self._add(self._by_skill, (None, skill), role)

    def _add(self, index: dict[Any, list[Role]], key: Any, role: Role) -> None:
        # Roles come newest first: each bucket keeps its newest, one spare for
        # the role itself.
        bucket = index.setdefault(key, [])
        if len(bucket) <= self._per_bucket:
            bucket.append(role)

    def pick(self, role: Role, *, limit: int = SIMILAR_LIMIT) -> list[Role]:
        """Up to ``limit`` open roles like ``role`` (open or closed), never itself."""
        mine = self._skills.get(role.id) or skill_set(role)
        candidates: dict[str, Role] = {}
        groups = [self._by_field.get(role.field, ())]
        groups += [self._by_skill.get((role.field, skill), ()) for skill in mine]
        for group in groups:
            for other in group:
                if other.id != role.id:
                    candidates.setdefault(other.id, other)
        if len(candidates) < limit:  # too few of its own field: add skills
            for skill in mine:
                for other in self._by_skill.get((None, skill), ()):
                    if other.id != role.id:
                        candidates.setdefault(other.id, other)

        def score(other: Role) -> tuple[bool, int, datetime, int]:
            shared = len(mine & self._skills[other.id])
            same = other.field == role.field
            return (same, shared, other.posted_at, -self._rank[other.id])

        return heapq.nlargest(limit, candidates.values(), key=score)


def match_roles(
    roles: Sequence[Role],
    *,
    field: str | None = None,
    seniority: Seniority | None = None,
    keyword: str = "",
    limit: int = DEFAULT_RELATED_LIMIT,
) -> list[Role]:
    """The newest open roles passing every given criterion (roles come newest first)."""
    words = keyword.casefold().split()
    picked = []
    for role in roles:
        if field is not None and role.field != field:
            continue
        if seniority is not None and role.seniority != seniority:
            continue
        if words:
            haystack = " ".join([role.title, role.company, *role.skills]).casefold()
            if not all(word in haystack for word in words):
                continue
        picked.append(role)
        if len(picked) == limit:
            break
    return picked


def roles_for_tags(
    tags: Iterable[str],
    roles: Sequence[Role],
    *,
    mapping: Mapping[str, str | None],
    limit: int,
    exclude: Iterable[str] = (),
) -> list[Role]:
    """Roles for an article's tags: its mapped fields in turn, else the newest.

    Several mapped fields take turns (newest of each first), so an article
    tagged law and finance ends with both. A tag mapped to None asks for the
    newest roles of any field; unmapped tags ask for nothing.
    """
    skip = set(exclude)
    pool = [role for role in roles if role.id not in skip]
    chosen: list[str] = []
    newest = False
    for tag in tags:
        key = tag.lower()
        if key not in mapping:
            continue
        value = mapping[key]
        if value is None:
            newest = True
        elif value not in chosen:
            chosen.append(value)
    if not chosen:
        return pool[:limit] if newest else []
    queues = [[r for r in pool if r.field == f] for f in chosen]
    picked: list[Role] = []
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked


# --- Structured data and exports --------------------------------------------


def absolute_url(siteurl: str, path: str) -> str:
    """SITEURL + "/" + path; a development build (SITEURL "") gets "/path"."""
    return f"{siteurl.rstrip('/')}/{path}"


def job_posting(role: Role, *, siteurl: str) -> dict[str, Any] | None:
    """Google JobPosting structured data for one open role's own page.

    None when Google's rules cannot be met: a role that is not fully remote
    needs a place, and one with neither region nor country has none to give;
    a remote role needs the countries its applicants may live in, unless the
    source states it is open worldwide (Google reads a TELECOMMUTE posting
    without them as open to anyone, anywhere).
    """
    if role.location_type is LocationType.REMOTE:
        if not role.countries and not states_worldwide(role.region):
            return None
    elif not (role.region or role.countries):
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": role.description_html,
        "datePosted": iso(role.posted_at),
        "hiringOrganization": {"@type": "Organization", "name": role.company},
        "identifier": {
            "@type": "PropertyValue",
            "name": role.source,
            "value": role.source_id,
        },
        "directApply": False,
        "url": absolute_url(siteurl, role_url(role)),
    }
    if role.location_type is LocationType.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        if role.countries:
            data["applicantLocationRequirements"] = [
                {"@type": "Country", "name": code} for code in role.countries
            ]
    else:
        data["jobLocation"] = _places(role)
    if role.valid_through is not None:
        data["validThrough"] = iso(role.valid_through)
    if role.employment_type.schema_org:
        data["employmentType"] = role.employment_type.schema_org
    if role.pay is not None:
        data["baseSalary"] = _salary(role.pay)
    return data


_WORLDWIDE = frozenset({"worldwide", "anywhere", "global", "any country"})


def states_worldwide(region: str) -> bool:
    """True when a role's stated region means "apply from anywhere"."""
    return " ".join(region.lower().split()) in _WORLDWIDE


def _places(role: Role) -> list[dict[str, Any]]:
    def place(address: dict[str, str]) -> dict[str, Any]:
        return {"@type": "Place", "address": {"@type": "PostalAddress", **address}}

    if role.countries:
        extra = {"addressLocality": role.region} if len(role.countries) == 1 else {}
        return [place({"addressCountry": code, **extra}) for code in role.countries]
    return [place({"addressLocality": role.region})]


def _salary(pay: Pay) -> dict[str, Any]:
    value: dict[str, Any] = {
        "@type": "QuantitativeValue",
        "unitText": SCHEMA_UNIT[pay.interval],
    }
    if pay.min is not None:
        value["minValue"] = pay.min
    if pay.max is not None:
        value["maxValue"] = pay.max
    return {"@type": "MonetaryAmount", "currency": pay.currency, "value": value}


def role_record(role: Role, *, siteurl: str) -> dict[str, Any]:
    """One open role's public fields, as roles.json lists them."""
    return {
        "id": role.id,
        "slug": role.slug,
        "url": absolute_url(siteurl, role_url(role)),
        "title": role.title,
        "company": role.company,
        "field": role.field,
        "seniority": role.seniority.value,
        "employment_type": role.employment_type.value,
        "location_type": role.location_type.value,
        "region": role.region,
        "pay": role.pay.to_dict() if role.pay else None,
        "skills": list(role.skills),
        "openings": role.openings,
        "high_demand": role.high_demand,
        "referral_reward_usd": role.reward if role.is_referral else None,
        "posted_at": iso(role.posted_at),
        "valid_through": iso(role.valid_through) if role.valid_through else None,
        "apply_url": role.apply_url,
        "is_referral": role.is_referral,
        "sample": role.sample,
    }


def notice_record(notice: Notice) -> dict[str, str]:
    return {"kind": notice.kind, "source": notice.source, "message": notice.message}


def roles_export(board: RoleBoard, *, siteurl: str) -> dict[str, Any]:
    """The whole of roles/roles.json."""
    return {
        "version": 1,
        "generated_at": iso(board.generated_at),
        "notices": [notice_record(notice) for notice in board.notices],
        "roles": [role_record(role, siteurl=siteurl) for role in board.roles],
    }
