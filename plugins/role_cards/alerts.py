"""Alerts without a server: an Atom feed per field and per field and level, and
"What changed tonight" (a page and a feed of the roles added and closed by the
last refresh).

Readers subscribe to the cut they care about in any feed reader; nothing is
sent, stored or asked of a server. Fields are the taxonomy's
(``data/role_taxonomy.toml``), read from each role's ``field``.

The changes come from the fetch report's JSON (``reports/roles-fetch.json``,
written by every refresh): its added and removed ids, looked up in the board.
A build with no report (an author build that never refreshed) says so on the
page and writes an empty feed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import Markup, escape
from pelican import signals

from . import board as view
from .classify import load_taxonomy
from .model import Role, RoleBoard, Seniority, _parse_iso

logger = logging.getLogger(__name__)

FIELD_FEED = "roles/{field}/feed.atom"
LEVEL_FEED = "roles/{field}/{level}.atom"
CHANGES_URL = "roles/changes/"
CHANGES_FEED = "roles/changes/feed.atom"
CHANGES_TEMPLATE = "roles/changes.html"
REPORT_FILE = "roles-fetch.json"
# A level gets its own feed inside a field once it has this many open roles:
# fewer would be a feed that is almost always empty.
LEVEL_FEED_MIN_ROLES = 3
FEED_LIMIT = 50
# An open role's entry HTML (role_feeds.feed_entry_html, passed in: it imports us).
EntryHtml = Callable[..., str]


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed as templates link it: ``<link rel="alternate">`` and a visible link."""

    title: str
    path: str  # site path, e.g. "roles/llm/feed.atom"


@dataclass(frozen=True, slots=True)
class Changes:
    """What the last refresh changed, as roles of this build's board."""

    at: datetime | None  # when the refresh finished; None: no report
    added: tuple[Role, ...] = ()
    closed: tuple[Role, ...] = ()


# --- Which feeds exist ------------------------------------------------------


def _by_facet(roles: Iterable[Role]) -> dict[str, list[Role]]:
    groups: dict[str, list[Role]] = {}
    for role in roles:
        groups.setdefault(role.field, []).append(role)
    return groups


def _levels(roles: Sequence[Role]) -> dict[Seniority, list[Role]]:
    levels: dict[Seniority, list[Role]] = {}
    for role in roles:
        if role.seniority is not Seniority.UNSPECIFIED:
            levels.setdefault(role.seniority, []).append(role)
    return {k: v for k, v in levels.items() if len(v) >= LEVEL_FEED_MIN_ROLES}


def field_feeds(roles: Sequence[Role]) -> dict[str, list[FeedLink]]:
    """Facet value -> its feed, then one per level with enough roles."""
    feeds: dict[str, list[FeedLink]] = {}
    for facet, members in _by_facet(roles).items():
        label = _label(facet)
        links = [FeedLink(f"{label} roles", _field_path(facet))]
        for level in _levels(members):
            links.append(
                FeedLink(f"{level.label} {label} roles", _level_path(facet, level))
            )
        feeds[facet] = links
    return feeds


def _label(facet: str) -> str:
    return load_taxonomy().field.label(facet)


def _field_path(facet: str) -> str:
    return FIELD_FEED.format(field=facet)


def _level_path(facet: str, level: Seniority) -> str:
    return LEVEL_FEED.format(field=facet, level=level.value)


CHANGES_LINK = FeedLink("What changed tonight", CHANGES_FEED)


# --- Writing ----------------------------------------------------------------


class AtomWriter:
    """Writes Atom feeds of roles with their own id and link.

    Pelican's writer derives a feed's id from its site link, which would give
    every field feed the same id; feedgenerator (Pelican's own) takes one.
    ``feed_written`` is sent like Pelican does, so the disclosures pass checks
    these feeds too.
    """

    def __init__(self, generator: Any, entry_html: EntryHtml) -> None:
        settings = generator.settings
        self.generator = generator
        self.entry_html = entry_html
        self.domain = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
        self.disclosure_link = view.absolute_url(
            self.domain, settings.get("DISCLOSURES_PAGE_URL", "disclosure/")
        )
        self.sentence = settings.get("DISCLOSURES_SENTENCE", "")
        self.site = settings.get("SITENAME", "")

    def url(self, path: str) -> str:
        return view.absolute_url(self.domain, path)

    def write(
        self, path: str, *, title: str, link: str, entries: Iterable[dict[str, Any]]
    ) -> None:
        feed = Atom1Feed(
            title=f"{self.site} - {title}",
            link=link,
            feed_url=self.url(path),
            feed_guid=self.url(path),
            description="",
        )
        for entry in entries:
            feed.add_item(**entry)
        target = os.path.join(self.generator.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")
        signals.feed_written.send(target, context=self.generator.context, feed=feed)

    def open_entry(self, role: Role, *, prefix: str = "") -> dict[str, Any]:
        link = self.url(view.role_url(role))
        return {
            "title": f"{prefix}{role.title} at {role.company}",
            "link": link,
            "unique_id": get_tag_uri(link, role.posted_at),
            "description": str(escape(f"{role.company}. {view.format_pay(role.pay)}.")),
            "content": self.entry_html(
                role,
                role_link=link,
                disclosure_link=self.disclosure_link,
                sentence=self.sentence,
            ),
            "author_name": self.site,
            "pubdate": role.posted_at,
            "updateddate": role.updated_at or role.posted_at,
        }

    def closed_entry(self, role: Role) -> dict[str, Any]:
        link = self.url(view.role_url(role))
        closed = role.closed_at or role.posted_at
        text = Markup(
            '<p>{} at {} has closed ({}). <a href="{}">Its page</a> lists similar '
            "open roles.</p>"
        ).format(role.title, role.company, view.format_date(closed), link)
        return {
            "title": f"Closed: {role.title} at {role.company}",
            "link": link,
            "unique_id": get_tag_uri(link, closed) + ":closed",
            "description": str(escape(f"Closed {view.format_date(closed)}.")),
            "content": str(text),
            "author_name": self.site,
            "pubdate": closed,
            "updateddate": closed,
        }


def write_field_feeds(generator: Any, board: RoleBoard, entry_html: EntryHtml) -> int:
    """roles/<field>/feed.atom and roles/<field>/<level>.atom; the count written."""
    atom = AtomWriter(generator, entry_html)
    count = 0
    for facet, members in _by_facet(board.roles).items():
        field_link = atom.url(f"roles/{facet}/")
        label = _label(facet)
        atom.write(
            _field_path(facet),
            title=f"{label} roles",
            link=field_link,
            entries=[atom.open_entry(r) for r in members[:FEED_LIMIT]],
        )
        count += 1
        for level, roles in _levels(members).items():
            atom.write(
                _level_path(facet, level),
                title=f"{level.label} {label} roles",
                link=f"{field_link}?seniority={level.value}",
                entries=[atom.open_entry(r) for r in roles[:FEED_LIMIT]],
            )
            count += 1
    return count


# --- What changed tonight ---------------------------------------------------


def read_changes(report_dir: Path | None, board: RoleBoard) -> Changes:
    """The last refresh's added and closed roles, from its JSON report."""
    if report_dir is None:
        return Changes(at=None)
    path = Path(report_dir) / REPORT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        at = _parse_iso(data["finished_at"] or data["started_at"])
        sources = list(data["sources"])
        added_ids = {i for s in sources for i in s.get("added_ids", ())}
        closed_ids = {i for s in sources for i in s.get("removed_ids", ())}
    except FileNotFoundError:
        return Changes(at=None)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning(
            "role_cards: %s is unreadable (%s); the changes page says no refresh ran",
            path,
            exc,
        )
        return Changes(at=None)
    return Changes(
        at=at,
        added=tuple(r for r in board.roles if r.id in added_ids),
        closed=tuple(r for r in board.closed if r.id in closed_ids),
    )


def write_changes_feed(generator: Any, changes: Changes, entry_html: EntryHtml) -> None:
    """roles/changes/feed.atom: one entry per role added or closed tonight."""
    atom = AtomWriter(generator, entry_html)
    entries = [atom.open_entry(r, prefix="New: ") for r in changes.added]
    entries += [atom.closed_entry(r) for r in changes.closed]
    atom.write(
        CHANGES_FEED,
        title="What changed tonight",
        link=atom.url(CHANGES_URL),
        entries=entries[: FEED_LIMIT * 4],
    )
