"""What each page's share image says: one ShareCard per canonical path.

Paths are the pages' canonical site paths ("" for home, an article's url,
"roles/", "roles/<field>/", "roles/<slug>/"), the key templates look up.
Role text is plain text from role_cards (cleaned when parsed); Pillow draws
it as pixels, so nothing in it is interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from role_cards import board as view
from role_cards.classify import load_taxonomy
from role_cards.model import Role, RoleBoard

from .draw import ShareCard

TAG_RE = re.compile(r"<[^>]*>")
SUMMARY_CHARS = 150
# Said on every role image: the image travels without the page's disclosure.
# With the amount when the source states it (and ROLE_CARDS_SHOW_REWARD is on).
REFERRAL_LINE = "Referral link: rmtly is paid if you're hired through it"
REWARD_LINE = "Referral link: rmtly is paid {amount} if you're hired through it"


@dataclass(frozen=True, slots=True)
class Planned:
    path: str  # canonical site path of the page
    card: ShareCard
    alt: str


def host_of(settings: dict[str, Any]) -> str:
    url = settings.get("SITEURL") or settings.get("FEED_DOMAIN") or ""
    return urlsplit(url).netloc or settings.get("SITENAME", "")


def plan(context: dict[str, Any], contents: list[Any]) -> Iterator[Planned]:
    """Every share image this build needs."""
    site = context.get("SITENAME", "rmtly")
    host = host_of(context)
    yield Planned(
        "",
        ShareCard("", site, (context.get("SITESUBTITLE", ""),), host, site),
        f"{site}: {context.get('SITESUBTITLE', '')}".strip(": "),
    )
    for content in contents:
        yield _content(content, site, host)
    board = context.get("role_board")
    if isinstance(board, RoleBoard):
        show = view.load_view_settings(context).show_reward
        yield from _roles(board, site, host, show_reward=show)


def _content(content: Any, site: str, host: str) -> Planned:
    summary = " ".join(TAG_RE.sub(" ", getattr(content, "summary", "") or "").split())
    if len(summary) > SUMMARY_CHARS:
        summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    category = getattr(content, "category", None)
    kicker = f"Article · {category}" if category else ""
    title = str(content.title)
    card = ShareCard(kicker, title, (summary,) if summary else (), host, site)
    return Planned(content.url, card, f"{title}, on {site}")


def _roles(
    board: RoleBoard, site: str, host: str, *, show_reward: bool
) -> Iterator[Planned]:
    count = len(board.roles)
    yield Planned(
        "roles/",
        ShareCard(
            "Role board",
            "Open roles",
            (f"{count} open remote roles",),
            f"{host}/roles",
            site,
        ),
        f"Open roles on {site}: {count} open remote roles",
    )
    # One image per field page; every field page exists, empty or not.
    for link in view.field_links(board.roles):
        label = link.label
        yield Planned(
            link.url,
            ShareCard(
                "Role board",
                f"{label} roles",
                (f"{link.count} open {'role' if link.count == 1 else 'roles'}",),
                f"{host}/{link.url.rstrip('/')}",
                site,
            ),
            f"{label} roles on {site}: {link.count} open",
        )
    for role in board.roles:
        yield _role(role, site, host, closed=False, show_reward=show_reward)
    for role in board.closed:
        yield _role(role, site, host, closed=True, show_reward=False)


def _role(
    role: Role, site: str, host: str, *, closed: bool, show_reward: bool
) -> Planned:
    field = load_taxonomy().field.label(role.field)
    kicker = f"{field} · {role.seniority.label}"
    pay = view.format_pay(role.pay)
    facts = f"{pay} · {view.location_text(role)}"
    amount = view.reward_amount(role, show=show_reward)
    if closed:
        last = "This role has closed"
    else:
        last = REWARD_LINE.format(amount=amount) if amount else REFERRAL_LINE
    title = f"{role.title} at {role.company}"
    card = ShareCard(
        "Closed · " + kicker if closed else kicker,
        title,
        (facts, last),
        f"{host}/roles",
        site,
    )
    alt = f"{title}: {field}, {pay}"
    return Planned(view.role_url(role), card, alt)
