"""Roles as structured data: JobPosting JSON-LD and the roles.json export.

This module owns the plain dicts that leave the site as data: Google's
JobPosting markup for an open role's page (and when a role cannot have it),
and the public fields of every open role as roles/roles.json lists them.
"""

from __future__ import annotations

from typing import Any

from .formatting import iso
from .model import LocationType, Notice, Pay, PayInterval, Role, RoleBoard
from .urls import absolute_url, role_url

SCHEMA_UNIT = {
    PayInterval.HOUR: "HOUR",
    PayInterval.DAY: "DAY",
    PayInterval.WEEK: "WEEK",
    PayInterval.MONTH: "MONTH",
    PayInterval.YEAR: "YEAR",
}


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
