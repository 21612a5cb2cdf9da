"""A role's pay in roles/index.json: figures that the board's script formats.

The index stores numbers, not the words: ``[min, max, unit, top]``, where
``unit`` is a number into the index's "pay_units" (currency, symbol and the
interval's word) and ``top`` is the top of the range per hour, what the
minimum-pay filter and the pay sort compare. Trailing items are left out
when they are the defaults: unit 0, and a top equal to the top of the range
(max, else min). The script formats the numbers as formatting.format_pay
does. Each figure is stored as the card shows it (whole, or to the cent), and
a pay whose stored numbers would not read exactly as the server's words is
stored as ``[words, top]`` instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from . import board as view
from .formatting import CURRENCY_SYMBOLS, INTERVAL_WORDS, format_pay
from .model import Pay, PayInterval

Unit = tuple[str, PayInterval]
Number = int | float


def _stated(pay: Pay | None) -> Pay | None:
    if pay is None or (pay.min is None and pay.max is None):
        return None
    return pay


def pay_units(cards: Sequence[view.RoleView]) -> list[Unit]:
    """Every currency and interval stated, the most used first (unit 0)."""
    counts = Counter(
        (pay.currency, pay.interval)
        for pay in (_stated(card.role.pay) for card in cards)
        if pay is not None
    )
    return [unit for unit, _ in counts.most_common()]


def unit_entry(unit: Unit) -> dict[str, str]:
    """What the script needs to write a unit: "$60-$90 / hour", "CAD 60-90 / day"."""
    currency, interval = unit
    return {
        "currency": currency,
        "symbol": CURRENCY_SYMBOLS.get(currency, ""),
        "per": INTERVAL_WORDS[interval],
    }


def shown_number(value: float) -> Number:
    """A figure as a card shows it: a whole number, or rounded to the cent."""
    if math.isclose(value, round(value)):
        return round(value)
    return float(f"{value:.2f}")


def pay_numbers(card: view.RoleView, units: dict[Unit, int]) -> Any:
    """null, the numbers, or the server's words and the top per hour when the
    numbers would read otherwise (two ends that differ only past the cent)."""
    pay = _stated(card.role.pay)
    if pay is None:
        return None
    low = None if pay.min is None else shown_number(pay.min)
    high = None if pay.max is None else shown_number(pay.max)
    top = card.pay_hour_top
    if format_pay(Pay(low, high, pay.currency, pay.interval)) != card.pay_text:
        return [card.pay_text, top]
    numbers: list[Number | None] = [low, high, units[(pay.currency, pay.interval)]]
    if top != (high if high is not None else low):
        assert top is not None
        return [*numbers, shown_number(top) if top == round(top) else top]
    return numbers[:2] if numbers[2] == 0 else numbers
