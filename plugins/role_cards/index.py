"""roles/index.json: the compact index the board's script filters and renders.

The server-rendered board shows one page of the newest roles; the script
fetches this index after the first paint and renders matching cards itself.
It holds only what the filters, the sort and a card need, as one array per
role under a list of field names (JSON objects would repeat every key five
thousand times). Facets come from the board's own facet list, so their names,
values and labels follow the data, not this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from . import board as view

INDEX_PATH = "roles/index.json"
VERSION = 1
# One role's array, in this order. "facets" holds the role's value of each
# facet, in the order of the index's "facets" list. Cards rendered from the
# index link to the role page, where the apply link sits with its disclosure:
# apply URLs (a random job id each) would double the index's gzip size.
FIELDS = (
    "slug",  # the part after "<title in lower case, hyphenated>-", or all of it
    "title",
    "company",
    "facets",
    "pay",  # the top of the range per hour, or null: filter and sort
    "pay_text",
    "posted",  # minutes before the index's "generated" time
    "location",
    "openings",  # a number, or 0; the other facts are the facets' labels
    "skills",  # shown on the card
    "more_skills",  # searched, not shown
    "flags",  # "n" new, "s" sample
    "stale_days",
    "reward",  # what the site is paid if a referral is hired ("$500"), or ""
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def short_slug(title: str, slug: str) -> str:
    """What the script cannot work out from the title: usually the id's digest.

    The script rebuilds ``<title lower-cased, runs of other characters as
    one hyphen>-<this>``; a slug of any other form is kept whole, marked
    with a leading "/".
    """
    stem = _NOT_SLUG.sub("-", title.lower()).strip("-")
    if stem and slug.startswith(stem + "-"):
        return slug[len(stem) + 1 :]
    return "/" + slug


def facet_value(value: Any) -> str:
    """A facet's value as the URL and the index write it: an enum's value, or
    the taxonomy's field slug as it is."""
    return str(getattr(value, "value", value))


def role_row(
    card: view.RoleView, attributes: Sequence[str], generated: datetime
) -> list[Any]:
    role = card.role
    flags = ("n" if card.is_new else "") + ("s" if role.sample else "")
    minutes = max(0, int((generated - role.posted_at).total_seconds() // 60))
    return [
        short_slug(role.title, role.slug),
        role.title,
        role.company,
        [facet_value(getattr(role, attribute)) for attribute in attributes],
        card.pay_hour_top,
        card.pay_text,
        minutes,
        card.location_text,
        role.openings or 0,
        list(card.top_skills),
        card.more_skills,
        flags,
        role.stale_days or 0,
        card.reward_amount,
    ]


def board_index(
    cards: Sequence[view.RoleView],
    facets: Sequence[view.Facet],
    *,
    generated: datetime,
) -> dict[str, Any]:
    """The whole index: facets with their labels, then every open role, newest first."""
    attributes = [view.facet_attribute(facet.name) for facet in facets]
    return {
        "version": VERSION,
        "generated": view.iso(generated),
        "fields": list(FIELDS),
        "facets": [
            {
                "name": facet.name,
                "labels": {option.value: option.label for option in facet.options},
            }
            for facet in facets
        ],
        "roles": [role_row(card, attributes, generated) for card in cards],
    }
