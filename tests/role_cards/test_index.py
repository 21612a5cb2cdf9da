"""roles/index.json's encodings: pay as numbers, shared strings as numbers.

The board's script formats pay from the index's numbers; these tests hold
the index to what the server's own formatter writes from those numbers.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from role_cards import board as view
from role_cards.formatting import INTERVAL_WORDS, PAY_PER_TASK_NOTE, format_pay
from role_cards.index import FIELDS, VERSION, board_index
from role_cards.index_pay import shown_number
from role_cards.model import Pay, PayInterval

from tests.fixtures.roles.helpers import NOW, board, make_role


def index_of(roles):
    cards = view.role_views(roles, now=NOW)
    return cards, board_index(cards, view.facets(roles), generated=NOW)


def decoded_pay(data, row):
    """The pay a row states, as a Pay the server's formatter takes, and the
    top per hour; or the words the index keeps instead."""
    pay = row[FIELDS.index("pay")]
    if pay is None:
        return None, None
    if isinstance(pay[0], str):
        return pay[0], pay[1]
    low, high, unit, *top = [*pay, 0] if len(pay) == 2 else pay
    entry = data["pay_units"][unit]
    interval = next(i for i, word in INTERVAL_WORDS.items() if word == entry["per"])
    stated = Pay(low, high, entry["currency"], interval)
    return stated, top[0] if top else (high if high is not None else low)


def test_the_index_carries_pay_as_numbers_that_read_as_the_servers_words():
    roles = board().roles
    cards, data = index_of(roles)
    assert data["version"] == VERSION == 2
    assert data["fields"] == list(FIELDS)
    assert "pay_text" not in data["fields"]
    numbers = 0
    for card, row in zip(cards, data["roles"], strict=True):
        pay, top = decoded_pay(data, row)
        if pay is None:
            assert card.pay_text == "Pay not stated"
            assert card.pay_hour_top is None
            continue
        assert isinstance(pay, Pay), row
        numbers += 1
        assert format_pay(pay) == card.pay_text
        assert top == card.pay_hour_top
    assert numbers >= len(roles) - 2, "nearly every role states pay"
    assert not any("/ hour" in json.dumps(row) for row in data["roles"])


@pytest.mark.parametrize(
    ("pay", "row_pay", "unit"),
    [
        (Pay(60, 90, "USD", PayInterval.HOUR), [60, 90], None),
        (Pay(62.5, 62.5, "USD", PayInterval.HOUR), [62.5, 62.5], None),
        (Pay(None, 45.25, "GBP", PayInterval.HOUR), [None, 45.25, 1], "£"),
        (Pay(85000, 110000, "EUR", PayInterval.YEAR), [85000, 110000, 1, 52.88], "€"),
        (Pay(400, None, "CAD", PayInterval.DAY), [400, None, 1, 50], ""),
    ],
)
def test_units_other_than_the_commonest_are_numbered_with_their_top(pay, row_pay, unit):
    roles = [make_role(1), make_role(2), make_role(3, pay=pay)]
    cards, data = index_of(roles)
    assert data["roles"][2][FIELDS.index("pay")] == row_pay
    assert data["pay_units"][0] == {"currency": "USD", "symbol": "$", "per": "hour"}
    if unit is not None:
        assert data["pay_units"][1]["symbol"] == unit
    stated, top = decoded_pay(data, data["roles"][2])
    assert format_pay(stated) == cards[2].pay_text
    assert top == cards[2].pay_hour_top


def test_figures_that_numbers_would_misread_keep_the_servers_words():
    # Both ends show as 60.00 but are not the same figure: two "$60.00" ends.
    odd = make_role(2, pay=Pay(60.001, 60.004, "USD", PayInterval.HOUR))
    cards, data = index_of([make_role(1), odd])
    assert data["roles"][1][FIELDS.index("pay")] == [cards[1].pay_text, 60]
    assert cards[1].pay_text == "$60.00\u2013$60.00 / hour"


def test_figures_are_stored_as_shown():
    assert shown_number(60.0) == 60
    assert isinstance(shown_number(60.0), int)
    assert shown_number(62.125) == 62.12  # as "{:,.2f}" rounds it
    assert shown_number(1234.5) == 1234.5


def test_facets_skills_and_posting_times_are_numbers_into_tables():
    roles = board().roles
    cards, data = index_of(roles)
    at = {name: FIELDS.index(name) for name in FIELDS}
    minutes = 0
    for role, card, row in zip(roles, cards, data["roles"], strict=True):
        values = [
            facet["values"][n]
            for facet, n in zip(data["facets"], row[at["facets"]], strict=True)
        ]
        assert values == [
            role.field,
            role.seniority.value,
            role.employment_type.value,
            role.location_type.value,
        ]
        shown = [data["skills"][n] for n in row[at["skills"]]]
        more = [data["skills"][n] for n in row[at["more_skills"]]]
        assert shown == list(card.top_skills)
        assert ", ".join(more) == card.more_skills
        minutes += row[at["posted_gap"]]
        assert NOW - timedelta(minutes=minutes + 1) < role.posted_at
        assert role.posted_at <= NOW - timedelta(minutes=minutes) or minutes == 0
        assert ("t" in row[at["flags"]]) == bool(card.pay_note)
    assert data["pay_note"] == PAY_PER_TASK_NOTE
    # Skills used most have the smallest numbers.
    uses = [
        sum(data["skills"][n] in role.skills for role in roles)
        for n in range(len(data["skills"]))
    ]
    assert uses == sorted(uses, reverse=True)


def test_a_paid_per_task_role_is_flagged_for_its_note():
    roles = [make_role(1), make_role(2, pay_per_task=True)]
    _, data = index_of(roles)
    flags = [row[FIELDS.index("flags")] for row in data["roles"]]
    assert ["t" in f for f in flags] == [False, True]
