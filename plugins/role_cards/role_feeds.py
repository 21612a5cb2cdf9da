"""The role feeds and the changes page: roles/feed.atom and roles/changes/.

This module owns what the site says about roles over time: the Atom feed of
the newest open roles (through ``writer.write_feed``, so ``feed_written``
fires), each entry's HTML with its own disclosure, the entry HTML the alert
feeds reuse, and the page of what the last refresh added and closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from . import alerts
from . import board as view
from .model import Role, RoleBoard
from .page_writer import PageRef, PageWriter

FEED_PATH = "roles/feed.atom"
CHANGES_TEMPLATE = "roles/changes.html"
EXCERPT_CHARS = 400


def write_changes(
    write: PageWriter,
    generator: Any,
    board: RoleBoard,
    cards: Sequence[view.RoleView],
    entry_html: alerts.EntryHtml,
) -> None:
    """roles/changes/: what the last refresh added and closed, and its feed."""
    changes = alerts.read_changes(generator.role_settings.report_dir, board)
    alerts.write_changes_feed(generator, changes, entry_html)
    added = {role.id for role in changes.added}
    when = changes.at or board.generated_at
    write(
        CHANGES_TEMPLATE,
        PageRef(
            url=alerts.CHANGES_URL,
            title="What changed tonight",
            date=when,
            modified=when,
            # Dated by the refresh it reports; with none it stays out of the
            # sitemap (its date would only be the build's).
            status="published" if changes.at else "hidden",
            source_path=write.source_path(board.roles),
        ),
        changes=changes,
        changes_at=view.format_date(changes.at) if changes.at else "",
        added_cards=[card for card in cards if card.role.id in added],
    )


@dataclass(frozen=True, slots=True)
class FeedItem:
    """What Pelican's Writer.write_feed reads from an item, for one open role."""

    title: str  # HTML-escaped text: the writer runs Markup(title).striptags()
    url: str  # "<slug>/", joined to the board's URL (see write_feed)
    date: datetime
    modified: datetime
    summary: str  # HTML
    content: str  # HTML
    author: str  # the site: feed readers show it, and Atom wants a non-empty name

    def get_content(self, siteurl: str) -> str:
        return self.content


def entry_html_by_role(
    cards: Sequence[view.RoleView], settings: dict[str, Any]
) -> alerts.EntryHtml:
    """feed_entry_html for a Role, through its card (the alert feeds hold roles)."""
    by_id = {card.role.id: card for card in cards}
    sitename = settings.get("SITENAME", "")

    def entry_html(role: Role, **links: str) -> str:
        return feed_entry_html(by_id[role.id], sitename=sitename, **links)

    return entry_html


def feed_entry_html(
    card: view.RoleView,
    *,
    role_link: str,
    disclosure_link: str,
    sentence: str,
    sitename: str,
) -> str:
    """An entry's HTML: the disclosure sentence first, then facts and both links.

    A feed entry travels without the page around it, so every entry starts
    with its own disclosure, ahead of any referral link, and says what the
    site is paid for this role when the source states it.
    """
    role = card.role
    pay = view.format_pay(role.pay)
    if card.pay_note:
        pay = f"{pay} ({card.pay_note.lower()})"
    facts = " · ".join([role.company, *card.facts, view.location_text(role), pay])
    parts = [
        Markup('<p>{} <a href="{}">Disclosure</a></p>').format(
            sentence, disclosure_link
        ),
        Markup("<p>{}</p>").format(facts),
    ]
    excerpt = _excerpt(role.description_text)
    if excerpt:
        parts.append(Markup("<p>{}</p>").format(excerpt))
    if card.reward_amount:
        parts.append(
            Markup(
                "<p>{} is paid {} if you\u2019re hired through this link.</p>"
            ).format(sitename, card.reward_amount)
        )
    rel = "sponsored noopener" if role.is_referral else "noopener"
    parts.append(
        Markup(
            '<p><a href="{}">Role details</a> · <a href="{}" rel="{}">{}</a></p>'
        ).format(role_link, role.apply_url, rel, view.apply_label(role))
    )
    return str(Markup("\n").join(parts))


def _excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def write_feed(
    writer: Any,
    generator: Any,
    cards: Sequence[view.RoleView],
) -> None:
    """roles/feed.atom: the newest open roles, each with its own disclosure."""
    settings = generator.settings
    domain = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    disclosure_link = view.absolute_url(
        domain, settings.get("DISCLOSURES_PAGE_URL", "disclosure/")
    )
    sentence = settings.get("DISCLOSURES_SENTENCE", "")
    items = [
        FeedItem(
            title=str(escape(f"{role.title} at {role.company}")),
            url=f"{role.slug}/",
            date=role.posted_at,
            modified=role.updated_at or role.posted_at,
            summary=str(escape(f"{role.company}. {view.format_pay(role.pay)}.")),
            content=feed_entry_html(
                card,
                role_link=view.absolute_url(domain, view.role_url(role)),
                disclosure_link=disclosure_link,
                sentence=sentence,
                sitename=settings.get("SITENAME", ""),
            ),
            author=settings.get("SITENAME", ""),
        )
        for card in cards
        for role in (card.role,)
    ]
    # Pelican's writer builds the feed's link and id and every entry's link and
    # id from SITEURL: rooted at the board, they are absolute even in a
    # development build (a feed travels without the site) and this feed's id
    # differs from the article feed's.
    board_url = view.absolute_url(domain, "roles")
    writer.write_feed(
        items,
        dict(generator.context, SITEURL=board_url),
        FEED_PATH,
        feed_type="atom",
        feed_title="Open roles",
    )
