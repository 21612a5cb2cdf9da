"""How a role's values read on a page: pay, dates, labels and locations.

This module owns the words and figures the templates print: pay ranges in
their currency and interval, pay per hour for the minimum-pay filter, dates
and "posted" labels, the "new" test, ISO timestamps, the apply button's words,
openings, the referral reward and the location line. Plain functions of plain
values; nothing here touches Pelican.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from .model import HOURS_PER_INTERVAL, Pay, PayInterval, Role
from .view_settings import DEFAULT_SHOW_REWARD, NEW_DAYS

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
INTERVAL_WORDS = {
    PayInterval.HOUR: "hour",
    PayInterval.DAY: "day",
    PayInterval.WEEK: "week",
    PayInterval.MONTH: "month",
    PayInterval.YEAR: "year",
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
