"""Everything role_cards writes under /roles/: board, discipline pages, role pages,
closed-role pages, the Atom feed of open roles and roles.json.

Pages go through ``writer.write_file`` with templates from the autoescaping
environment (render.py), so Pelican's ``content_written`` signal fires for each
one: the sitemap plugin lists them (using the ``page`` object passed along for
lastmod and status) and the disclosures plugin checks them. The feed goes
through ``writer.write_feed`` so ``feed_written`` fires too.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from . import board as view
from .model import Discipline, Role, RoleBoard
from .referral import all_jobs_url
from .render import environment_for
from .sanitize import sanitize_html

logger = logging.getLogger(__name__)

BOARD_TEMPLATE = "roles/board.html"
ROLE_TEMPLATE = "roles/role.html"
CLOSED_TEMPLATE = "roles/closed.html"
FEED_PATH = "roles/feed.atom"
JSON_PATH = "roles/roles.json"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED_SLUGS = frozenset(d.value for d in Discipline)
EXCERPT_CHARS = 400


class RolePageError(ValueError):
    """A role cannot get a page (bad or clashing slug); the message says which."""


@dataclass(frozen=True, slots=True)
class PageRef:
    """The ``page=`` object for the sitemap plugin and the disclosures pass.

    ``modified`` becomes the sitemap's lastmod; a status other than "published"
    keeps the URL out of the sitemap; ``source_path`` names the data behind it.
    """

    url: str
    title: str
    date: datetime
    modified: datetime
    status: str = "published"
    source_path: str = ""
    translations: tuple[Any, ...] = ()


def write_role_pages(writer: Any, generator: Any) -> None:
    """Write every /roles/ output for the board the generator loaded."""
    board: RoleBoard = generator.board
    check_slugs(board)
    code = generator.role_settings.referral_code
    write = _PageWriter(
        writer,
        generator,
        shared={
            "role_board": board,
            "board_updated": view.format_date(board.generated_at),
            "board_updated_iso": view.iso(board.generated_at.replace(microsecond=0)),
            "all_jobs_url": all_jobs_url(code) if code else "",
            "roles_feed_path": FEED_PATH,
            "pay_note": view.hours_conversion_note(),
        },
    )
    now = board.generated_at
    open_cards = view.role_views(board.roles, now=now)
    by_id = {card.role.id: card for card in open_cards}
    skill_sets = {
        role.id: view.skill_set(role) for role in (*board.roles, *board.closed)
    }
    write_board_pages(write, board, open_cards)
    for card in open_cards:
        write_open_role(write, card, board, by_id, skill_sets)
    open_slugs = {card.role.slug for card in open_cards}
    closed = 0
    for role in board.closed:
        if role.slug in open_slugs:
            logger.warning(
                "role_cards: %s is listed as open and as closed; only its open "
                "page is written",
                role.id,
            )
            continue
        write_closed_role(
            write, view.role_view(role, now=now), board, by_id, skill_sets
        )
        closed += 1
    write_feed(writer, generator, board.roles[: view.FEED_LIMIT])
    write_json(
        generator.output_path, board, siteurl=generator.settings.get("SITEURL", "")
    )
    logger.info(
        "role_cards: wrote the board, %d open and %d closed role pages",
        len(open_cards),
        closed,
    )


def check_slugs(board: RoleBoard) -> None:
    """Slugs become paths: refuse anything that could leave roles/ or clash."""
    seen: dict[str, str] = {}
    for role in board.roles:
        _check_slug(role)
        if role.slug in seen:
            raise RolePageError(
                f"role_cards: roles {seen[role.slug]} and {role.id} share the slug "
                f"{role.slug!r}; every open role needs its own. Fix the snapshot "
                f"data/roles/{role.source}.json."
            )
        seen[role.slug] = role.id
    for role in board.closed:
        _check_slug(role)


def _check_slug(role: Role) -> None:
    if not SLUG_RE.match(role.slug) or role.slug in RESERVED_SLUGS:
        raise RolePageError(
            f"role_cards: role {role.id} has the slug {role.slug!r}; a slug is "
            "lower-case letters, digits and hyphens and is never a discipline name "
            f"({', '.join(sorted(RESERVED_SLUGS))}). Fix the snapshot "
            f"data/roles/{role.source}.json."
        )


class _PageWriter:
    """Writes one template to one path with the shared context and a page object."""

    def __init__(self, writer: Any, generator: Any, *, shared: dict[str, Any]) -> None:
        self.writer = writer
        self.generator = generator
        self.env = environment_for(generator)
        self.shared = shared
        self.siteurl = generator.settings.get("SITEURL", "")

    def source_path(self, roles: Sequence[Role]) -> str:
        """The snapshot behind some roles, as the disclosures check names it."""
        settings = self.generator.role_settings
        sources = sorted({role.source for role in roles})
        if len(sources) == 1:
            return _display_path(settings.snapshot_path(sources[0]))
        return _display_path(settings.snapshot_dir)

    def __call__(self, template: str, page: PageRef, **values: Any) -> None:
        self.writer.write_file(
            page.url + "index.html",
            self.env.get_template(template),
            self.generator.context,
            relative_urls=self.generator.settings.get("RELATIVE_URLS", False),
            page=page,
            **self.shared,
            **values,
        )


def _display_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _latest_change(roles: Sequence[Role], fallback: datetime) -> datetime:
    return max((role.updated_at or role.posted_at for role in roles), default=fallback)


def write_board_pages(
    write: _PageWriter, board: RoleBoard, cards: list[view.RoleView]
) -> None:
    """The board at roles/ and one page per discipline at roles/<discipline>/."""
    links = view.discipline_links(board.roles)
    source = write.source_path(board.roles)
    write(
        BOARD_TEMPLATE,
        PageRef(
            url="roles/",
            title="Open roles",
            date=board.generated_at,
            modified=_latest_change(board.roles, board.generated_at),
            source_path=source,
        ),
        cards=cards,
        facets=view.facets(board.roles),
        discipline_links=links,
        discipline=None,
    )
    for link in links:
        subset = [card for card in cards if card.role.discipline == link.discipline]
        roles = [card.role for card in subset]
        write(
            BOARD_TEMPLATE,
            PageRef(
                url=link.url,
                title=f"{link.discipline.label} roles",
                date=board.generated_at,
                modified=_latest_change(roles, board.generated_at),
                # An empty discipline keeps its URL but stays out of the sitemap.
                status="published" if subset else "hidden",
                source_path=source,
            ),
            cards=subset,
            facets=view.facets(roles, skip=("discipline",)),
            discipline_links=links,
            discipline=link.discipline,
        )


def write_open_role(
    write: _PageWriter,
    card: view.RoleView,
    board: RoleBoard,
    by_id: dict[str, view.RoleView],
    skill_sets: dict[str, frozenset[str]],
) -> None:
    # Sanitised when parsed; sanitised again here because a snapshot is a file
    # in the repository that anyone can edit, and this is the one field the
    # role page prints as HTML (nh3 is idempotent and fast).
    role = card.role.replace(description_html=sanitize_html(card.role.description_html))
    write(
        ROLE_TEMPLATE,
        PageRef(
            url=card.url,
            title=role.title,
            date=role.posted_at,
            modified=role.updated_at or role.posted_at,
            source_path=write.source_path([role]),
        ),
        card=card,
        role=role,
        similar=_similar(role, board, by_id, skill_sets),
        jobposting=view.job_posting(role, siteurl=write.siteurl),
    )


def write_closed_role(
    write: _PageWriter,
    card: view.RoleView,
    board: RoleBoard,
    by_id: dict[str, view.RoleView],
    skill_sets: dict[str, frozenset[str]],
) -> None:
    role = card.role
    write(
        CLOSED_TEMPLATE,
        PageRef(
            url=card.url,
            title=role.title,
            date=role.posted_at,
            modified=role.closed_at or board.generated_at,
            status="closed",
            source_path=write.source_path([role]),
        ),
        card=card,
        role=role,
        similar=_similar(role, board, by_id, skill_sets),
    )


def _similar(
    role: Role,
    board: RoleBoard,
    by_id: dict[str, view.RoleView],
    skill_sets: dict[str, frozenset[str]],
) -> list[view.RoleView]:
    picked = view.similar_roles(role, board.roles, skill_sets=skill_sets)
    return [by_id[other.id] for other in picked]


# --- Feed and JSON ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedItem:
    """What Pelican's Writer.write_feed reads from an item, for one open role."""

    title: str  # HTML-escaped text: the writer runs Markup(title).striptags()
    url: str
    date: datetime
    modified: datetime
    summary: str  # HTML
    content: str  # HTML
    author: str  # the site: feed readers show it, and Atom wants a non-empty name

    def get_content(self, siteurl: str) -> str:
        return self.content


def feed_entry_html(
    role: Role, *, role_link: str, disclosure_link: str, sentence: str
) -> str:
    """An entry's HTML: the disclosure sentence first, then facts and both links.

    A feed entry travels without the page around it, so every entry starts
    with its own disclosure, ahead of any referral link.
    """
    facts = " · ".join(
        [
            role.company,
            role.discipline.label,
            role.seniority.label,
            role.employment_type.label,
            view.location_text(role),
            view.format_pay(role.pay),
        ]
    )
    parts = [
        Markup('<p>{} <a href="{}">Disclosure</a></p>').format(
            sentence, disclosure_link
        ),
        Markup("<p>{}</p>").format(facts),
    ]
    excerpt = _excerpt(role.description_text)
    if excerpt:
        parts.append(Markup("<p>{}</p>").format(excerpt))
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


def write_feed(writer: Any, generator: Any, roles: Sequence[Role]) -> None:
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
            url=view.role_url(role),
            date=role.posted_at,
            modified=role.updated_at or role.posted_at,
            summary=str(escape(f"{role.company}. {view.format_pay(role.pay)}.")),
            content=feed_entry_html(
                role,
                role_link=view.absolute_url(domain, view.role_url(role)),
                disclosure_link=disclosure_link,
                sentence=sentence,
            ),
            author=settings.get("SITENAME", ""),
        )
        for role in roles
    ]
    writer.write_feed(
        items,
        dict(generator.context),
        FEED_PATH,
        feed_type="atom",
        feed_title="Open roles",
    )


def write_json(output_path: str, board: RoleBoard, *, siteurl: str) -> None:
    """roles/roles.json: the open roles' public fields, for anyone to reuse."""
    path = os.path.join(output_path, JSON_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(view.roles_export(board, siteurl=siteurl), ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    logger.info('role_cards: writing "%s"', path)
