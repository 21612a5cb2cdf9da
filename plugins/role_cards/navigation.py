"""The board's facets and field links: how a visitor narrows the listing.

This module owns the facets (field, level, employment type, location) with
the options that occur among some roles and their counts, and the links to
every field's listing with its count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .classify import FieldSet, load_taxonomy
from .model import EmploymentType, LocationType, Role, Seniority
from .urls import field_url


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
