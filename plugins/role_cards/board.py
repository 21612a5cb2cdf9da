"""What the role templates show, worked out in code: the board's view model.

This module owns the card view model: ``RoleView``, one role plus everything
a card or a role page prints about it, built from a plain Role. It is also
the facade the rest of role_cards, share_images and the tests read as
``view``: the view settings (view_settings.py), formatting (formatting.py),
site paths (urls.py), facets and field links (navigation.py), similar and
picked roles (picking.py) and the JSON-LD and roles.json dicts
(structured.py) are re-exported here under their own names. None of this
touches Pelican, so every rule is tested on plain Role objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from .classify import FieldSet, load_taxonomy
from .formatting import (
    CURRENCY_SYMBOLS,
    EN_DASH,
    INTERVAL_WORDS,
    NO_PAY,
    PAY_PER_TASK_NOTE,
    apply_label,
    format_date,
    format_money,
    format_pay,
    hours_conversion_note,
    is_new,
    iso,
    location_text,
    openings_text,
    pay_per_hour,
    posted_label,
    reward_amount,
)
from .model import EmploymentType, Pay, Role
from .navigation import (
    FACETS,
    Facet,
    FacetOption,
    FieldLink,
    facet_attribute,
    facets,
    field_links,
)
from .picking import SimilarRoles, match_roles, roles_for_tags, skill_set
from .structured import (
    SCHEMA_UNIT,
    job_posting,
    notice_record,
    role_record,
    roles_export,
    states_worldwide,
)
from .urls import absolute_url, field_url, role_url
from .view_settings import (
    DEFAULT_RELATED_LIMIT,
    DEFAULT_SHOW_REWARD,
    DEFAULT_TAG_FIELDS,
    FEED_LIMIT,
    MAX_CARDS,
    NEW_DAYS,
    SIMILAR_LIMIT,
    TOP_SKILLS,
    ViewSettings,
    load_view_settings,
)

__all__ = [
    "CURRENCY_SYMBOLS",
    "DEFAULT_RELATED_LIMIT",
    "DEFAULT_SHOW_REWARD",
    "DEFAULT_TAG_FIELDS",
    "EN_DASH",
    "FACETS",
    "FEED_LIMIT",
    "INTERVAL_WORDS",
    "MAX_CARDS",
    "NEW_DAYS",
    "NO_PAY",
    "PAY_PER_TASK_NOTE",
    "SCHEMA_UNIT",
    "SIMILAR_LIMIT",
    "TOP_SKILLS",
    "Facet",
    "FacetOption",
    "FieldLink",
    "RoleView",
    "SimilarRoles",
    "ViewSettings",
    "absolute_url",
    "apply_label",
    "card_facts",
    "facet_attribute",
    "facets",
    "field_links",
    "field_url",
    "format_date",
    "format_money",
    "format_pay",
    "hours_conversion_note",
    "is_new",
    "iso",
    "job_posting",
    "load_view_settings",
    "location_text",
    "match_roles",
    "notice_record",
    "openings_text",
    "pay_per_hour",
    "posted_label",
    "reward_amount",
    "role_record",
    "role_url",
    "role_view",
    "role_views",
    "roles_export",
    "roles_for_tags",
    "skill_set",
    "states_worldwide",
    "top_pay_per_hour",
]


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
