"""Pay as sources state it, checked: numbers, currency, interval, plausibility.

``check_pay`` turns a RawPay into a Pay, None when nothing is stated, or
raises ItemProblem when the figures cannot be right.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Pay, PayInterval
from .problems import ItemProblem, show

_CURRENCY = re.compile(r"[A-Z]{3}")

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


@dataclass(frozen=True, slots=True)
class RawPay:
    """Pay as a source states it; ``build_role`` checks it and makes a Pay."""

    min: object = None
    max: object = None
    currency: object = None
    interval: object = None


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
            raise ItemProblem(f"pay {name} {show(value)} is not a number") from exc
    if isinstance(value, int) and abs(value) > _LARGEST_PAY:
        raise ItemProblem(f"pay {name} {show(value)} is absurdly large")
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise ItemProblem(f"pay {name} is not a finite number (got {show(value)})")
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
        raise ItemProblem(f"pay currency {show(raw.currency)} is not an ISO 4217 code")
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
