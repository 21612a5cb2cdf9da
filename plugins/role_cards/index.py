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
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from . import board as view
from .formatting import PAY_PER_TASK_NOTE
from .index_pay import pay_numbers, pay_units, unit_entry
from .model import Role

INDEX_PATH = "roles/index.json"
VERSION = 2
# One role's array, in this order. Strings that many roles share (facet
# values, skills, pay units) are numbers into the index's own tables. Cards
# rendered from the index link to the role page, where the apply link sits
# with its disclosure: apply URLs (a random job id each) would double the
# index's gzip size.
FIELDS = (
    "slug",  # the part after "<title in lower case, hyphenated>-", or all of it
    "title",
    "company",
    "facets",  # per facet of the "facets" list: a number into its "values"
    "pay",  # null, [min, max, unit, top per hour] (see pay_numbers), or words
    "posted_gap",  # minutes before the previous role's posting ("generated")
    "location",
    "openings",  # a number, or 0; the other facts are the facets' labels
    "skills",  # numbers into "skills": shown on the card
    "more_skills",  # numbers into "skills": searched, not shown
    "flags",  # "n" new, "s" sample, "t" paid per task (the note beside the pay)
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


class Tables:
    """The strings many roles share, by number: facet values in the form's order
    (then any the form lacks), skills and pay units the most used first."""

    def __init__(self, cards: Sequence[view.RoleView], facets: Sequence[view.Facet]):
        self.attributes = [view.facet_attribute(facet.name) for facet in facets]
        self.values: list[dict[str, int]] = []
        for facet, attribute in zip(facets, self.attributes, strict=True):
            values = {option.value: n for n, option in enumerate(facet.options)}
            for card in cards:
                values.setdefault(
                    facet_value(getattr(card.role, attribute)), len(values)
                )
            self.values.append(values)
        # The most used skills first: their numbers are the shortest.
        used = Counter(skill for card in cards for skill in card.role.skills)
        self.skills = {skill: n for n, (skill, _) in enumerate(used.most_common())}
        self.units = {unit: n for n, unit in enumerate(pay_units(cards))}

    def facet_codes(self, role: Role) -> list[int]:
        return [
            values[facet_value(getattr(role, attribute))]
            for values, attribute in zip(self.values, self.attributes, strict=True)
        ]


def role_row(card: view.RoleView, tables: Tables, minutes: int) -> list[Any]:
    """One role; ``minutes`` is its posted_gap."""
    role = card.role
    flags = (
        ("n" if card.is_new else "")
        + ("s" if role.sample else "")
        + ("t" if card.pay_note else "")
    )
    skills = [tables.skills[skill] for skill in role.skills]
    return [
        short_slug(role.title, role.slug),
        role.title,
        role.company,
        tables.facet_codes(role),
        pay_numbers(card, tables.units),
        minutes,
        card.location_text,
        role.openings or 0,
        skills[: len(card.top_skills)],
        skills[len(card.top_skills) :],
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
    """The whole index: its tables, then every open role, newest first."""
    tables = Tables(cards, facets)
    rows, before = [], 0
    for card in cards:
        ago = max(0, int((generated - card.role.posted_at).total_seconds() // 60))
        rows.append(role_row(card, tables, ago - before))
        before = ago
    return {
        "version": VERSION,
        "generated": view.iso(generated),
        "fields": list(FIELDS),
        "facets": [
            {
                "name": facet.name,
                "values": list(values),
                "labels": {option.value: option.label for option in facet.options},
            }
            for facet, values in zip(facets, tables.values, strict=True)
        ],
        "skills": list(tables.skills),
        "pay_units": [unit_entry(unit) for unit in tables.units],
        "pay_note": PAY_PER_TASK_NOTE,  # beside the pay of roles flagged "t"
        "roles": rows,
    }
