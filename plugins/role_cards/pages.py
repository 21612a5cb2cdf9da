"""Everything role_cards writes under /roles/: board, field pages, role pages,
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateNotFound
from markupsafe import Markup, escape
from pelican import signals

from . import alerts
from . import board as view
from .cache import page_cache
from .classify import load_taxonomy
from .index import INDEX_PATH, board_index
from .model import Role, RoleBoard
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
CHANGES_TEMPLATE = "roles/changes.html"
# Paths under roles/ that are not roles, besides the field pages: the changes
# page and the board's further pages.
NOT_ROLES = frozenset({"changes", "page"})
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
    options = view.load_view_settings(generator.settings)
    write = _PageWriter(writer, generator, shared=_shared_values(generator))
    open_cards = view.role_views(
        board.roles, now=board.generated_at, show_reward=options.show_reward
    )
    write.shared["role_card"] = CardRenderer(write)
    similar = _SimilarCards(board.roles, open_cards)
    write_board_pages(write, board, open_cards)
    for card in open_cards:
        write_role_page(write, card, similar, generated_at=board.generated_at)
    closed = write_closed_pages(write, board, similar)
    write_feed(writer, generator, open_cards[: view.FEED_LIMIT])
    entry_html = _entry_html_by_role(open_cards, generator.settings)
    alerts.write_field_feeds(generator, board, entry_html)
    write_changes(write, generator, board, open_cards, entry_html)
    write_json(
        generator.output_path, board, siteurl=generator.settings.get("SITEURL", "")
    )
    if write.cache is not None:
        write.cache.finish()
    logger.info(
        "role_cards: wrote the board, %d open and %d closed role pages",
        len(open_cards),
        closed,
    )


def _shared_values(generator: Any) -> dict[str, Any]:
    """What every page under /roles/ can print, besides Pelican's context."""
    board: RoleBoard = generator.board
    code = generator.role_settings.referral_code
    return {
        "role_board": board,
        "board_updated": view.format_date(board.generated_at),
        "board_updated_iso": view.iso(board.generated_at.replace(microsecond=0)),
        "all_jobs_url": all_jobs_url(code) if code else "",
        "roles_feed_path": FEED_PATH,
        "field_feeds": alerts.field_feeds(board.roles),
        "changes_feed": alerts.CHANGES_LINK,
        "pay_note": view.hours_conversion_note(),
        "disclosure_box": disclosure_box(generator),
    }


def disclosure_box(generator: Any) -> Markup:
    """The theme's disclosure box, rendered once for every page under /roles/.

    Role pages carry it (and ``rel`` on their referral links) from the start,
    so the disclosures pass only verifies them: nothing is parsed in full or
    written a second time. Without the partial the pass inserts its own box.
    """
    settings = generator.settings
    name = settings.get("DISCLOSURES_PARTIAL", "partials/disclosure.html")
    env = environment_for(generator)
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        return Markup("")
    values = dict(generator.context)
    values.setdefault("DISCLOSURES_SENTENCE", settings.get("DISCLOSURES_SENTENCE", ""))
    values.setdefault("DISCLOSURES_PAGE_URL", settings.get("DISCLOSURES_PAGE_URL", ""))
    # The output of the autoescaping environment: already escaped.
    return Markup(template.render(values).strip())  # noqa: S704


class CardRenderer:
    """Renders each role's card once; the board and similar roles reuse it."""

    TEMPLATE = "partials/role_card.html"

    def __init__(self, write: _PageWriter) -> None:
        self._template = write.template(self.TEMPLATE)
        context = write.generator.context
        self._values = {
            key: context.get(key, "")
            for key in ("SITEURL", "SITENAME", "DISCLOSURES_PAGE_URL")
        }
        self._html: dict[str, Markup] = {}

    def __call__(self, card: view.RoleView) -> Markup:
        key = card.role.id
        html = self._html.get(key)
        if html is None:
            # Rendered by the autoescaping environment: every field escaped.
            html = Markup(self._template.render(self._values, card=card))  # noqa: S704
            self._html[key] = html
        return html


class _SimilarCards:
    """Similar open roles of any role, as the cards the board already made."""

    def __init__(
        self, open_roles: Sequence[Role], cards: Sequence[view.RoleView]
    ) -> None:
        self._index = view.SimilarRoles(open_roles)
        self._cards = {card.role.id: card for card in cards}

    def __call__(self, role: Role) -> list[view.RoleView]:
        return [self._cards[other.id] for other in self._index.pick(role)]


def write_closed_pages(
    write: _PageWriter, board: RoleBoard, similar: _SimilarCards
) -> int:
    """A page for each role closed within ROLE_CARDS_CLOSED_DAYS; return how many.

    The loader drops closures older than that, so their pages go with them.
    """
    open_slugs = {role.slug for role in board.roles}
    written = 0
    for role in board.closed:
        if role.slug in open_slugs:
            logger.warning(
                "role_cards: %s is listed as open and as closed; only its open "
                "page is written",
                role.id,
            )
            continue
        card = view.role_view(role, now=board.generated_at)
        write_role_page(write, card, similar, generated_at=board.generated_at)
        written += 1
    return written


def check_slugs(board: RoleBoard) -> None:
    """Slugs become paths: refuse anything that could leave roles/ or clash."""
    seen: dict[str, str] = {}
    reserved = frozenset(load_taxonomy().field.slugs) | NOT_ROLES
    for role in board.roles:
        _check_slug(role, reserved)
        if role.slug in seen:
            raise RolePageError(
                f"role_cards: roles {seen[role.slug]} and {role.id} share the slug "
                f"{role.slug!r}; every open role needs its own. Fix the snapshot "
                f"data/roles/{role.source}.json."
            )
        seen[role.slug] = role.id
    for role in board.closed:
        _check_slug(role, reserved)


def _check_slug(role: Role, reserved: frozenset[str]) -> None:
    if not SLUG_RE.match(role.slug) or role.slug in reserved:
        raise RolePageError(
            f"role_cards: role {role.id} has the slug {role.slug!r}; a slug is "
            "lower-case letters, digits and hyphens and is never a field name "
            f"({', '.join(sorted(reserved))}). Fix the snapshot "
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
        self._source_paths: dict[tuple[str, ...], str] = {}
        self._templates: dict[str, Template] = {}
        self.cache = page_cache(generator)

    def source_path(self, roles: Sequence[Role]) -> str:
        """The snapshot behind some roles, as the disclosures check names it."""
        sources = tuple(sorted({role.source for role in roles}))
        path = self._source_paths.get(sources)
        if path is None:
            settings = self.generator.role_settings
            if len(sources) == 1:
                path = _display_path(settings.snapshot_path(sources[0]))
            else:
                path = _display_path(settings.snapshot_dir)
            self._source_paths[sources] = path
        return path

    def template(self, name: str) -> Template:
        """A template, looked up once per build rather than once per page."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def _destination(self, page: PageRef) -> str:
        return os.path.join(self.writer.output_path, page.url + "index.html")

    def reuse(self, page: PageRef) -> bool:
        """Put the cached page in place, if the cache has it for these inputs."""
        destination = self._destination(page)
        if self.cache is None or not self.cache.restore(page.url, destination):
            return False
        # What Writer.write_file would announce: the sitemap and the
        # disclosures pass learn of the page from this signal.
        signals.content_written.send(destination, context={"page": page})
        return True

    def __call__(self, template: str, page: PageRef, **values: Any) -> None:
        if self.reuse(page):
            return
        name = page.url + "index.html"
        destination = self._destination(page)
        self.writer.write_file(
            name,
            self.template(template),
            self.generator.context,
            relative_urls=self.generator.settings.get("RELATIVE_URLS", False),
            page=page,
            **self.shared,
            **values,
        )
        if self.cache is not None:
            self.cache.store(page.url, destination)


def _display_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _latest_change(roles: Sequence[Role], fallback: datetime) -> datetime:
    return max((role.updated_at or role.posted_at for role in roles), default=fallback)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a listing sits among its pages (URLs are site paths)."""

    number: int
    count: int
    size: int  # cards per page
    previous: str
    next: str
    pages: tuple[tuple[int, str], ...]


def page_url(base: str, number: int) -> str:
    """roles/ -> roles/, roles/page/2/, ...: page 1 is the listing itself."""
    return base if number == 1 else f"{base}page/{number}/"


PAGER_REACH = 2  # page links either side of the current page


def _window(
    urls: tuple[tuple[int, str], ...], number: int
) -> tuple[tuple[int, str], ...]:
    """The first, the last and the pages near ``number``: a page links to a
    handful of others, not to all of them (which grew with the square)."""
    last = len(urls)
    keep = {1, last, *range(number - PAGER_REACH, number + PAGER_REACH + 1)}
    return tuple(entry for entry in urls if entry[0] in keep)


def write_listing(
    write: _PageWriter,
    *,
    base: str,
    title: str,
    cards: list[view.RoleView],
    generated_at: datetime,
    source: str,
    hidden: bool = False,
    **values: Any,
) -> None:
    """A listing of cards in pages of ROLE_CARDS_BOARD_PAGE_SIZE, newest first.

    Each page is plain HTML with links to the others, so every role is
    reachable without JavaScript while the first view stays one page long.
    """
    size = write.generator.role_settings.board_page_size
    count = max(1, -(-len(cards) // size))
    urls = tuple((n, page_url(base, n)) for n in range(1, count + 1))
    for number in range(1, count + 1):
        chunk = cards[(number - 1) * size : number * size]
        pager = Pager(
            number=number,
            count=count,
            size=size,
            previous=urls[number - 2][1] if number > 1 else "",
            next=urls[number][1] if number < count else "",
            pages=_window(urls, number),
        )
        roles = [card.role for card in chunk]
        write(
            BOARD_TEMPLATE,
            PageRef(
                url=page_url(base, number),
                title=title if number == 1 else f"{title}, page {number}",
                date=generated_at,
                modified=_latest_change(roles, generated_at),
                # An empty field keeps its URL but stays out of the sitemap.
                status="hidden" if hidden else "published",
                source_path=source,
            ),
            cards=chunk,
            total_cards=len(cards),
            pager=pager,
            has_referral=bool(write.shared["all_jobs_url"])
            or any(card.role.is_referral for card in chunk),
            **values,
        )


def write_board_pages(
    write: _PageWriter, board: RoleBoard, cards: list[view.RoleView]
) -> None:
    """The board at roles/ and one listing per field at roles/<field>/."""
    links = view.field_links(board.roles)
    source = write.source_path(board.roles)
    facets = view.facets(board.roles)
    write_listing(
        write,
        base="roles/",
        title="Open roles",
        cards=cards,
        generated_at=board.generated_at,
        source=source,
        facets=facets,
        field_links=links,
        field=None,
    )
    for link in links:
        subset = [card for card in cards if card.role.field == link.field]
        write_listing(
            write,
            base=link.url,
            title=f"{link.label} roles",
            cards=subset,
            generated_at=board.generated_at,
            source=source,
            hidden=not subset,
            facets=view.facets([card.role for card in subset], skip=("field",)),
            field_links=links,
            field=link,
        )
    write_index(
        write.generator.output_path,
        board_index(cards, facets, generated=board.generated_at),
    )


def write_index(output_path: str, index: dict[str, Any]) -> None:
    """roles/index.json, compact: the board's script fetches it after first paint."""
    path = os.path.join(output_path, INDEX_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    logger.info('role_cards: writing "%s"', path)


def write_changes(
    write: _PageWriter,
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


def write_role_page(
    write: _PageWriter,
    card: view.RoleView,
    similar: Callable[[Role], list[view.RoleView]],
    *,
    generated_at: datetime,
) -> None:
    """roles/<slug>/: the role's own page, or its "closed" page once it is gone."""
    role = card.role
    if role.is_open:
        template, status = ROLE_TEMPLATE, "published"
        modified = role.updated_at or role.posted_at
    else:
        template, status = CLOSED_TEMPLATE, "closed"
        modified = role.closed_at or generated_at
    page = PageRef(
        url=card.url,
        title=role.title,
        date=role.posted_at,
        modified=modified,
        status=status,
        source_path=write.source_path([role]),
    )
    if write.reuse(page):
        return
    values: dict[str, Any] = {}
    if role.is_open:
        # Sanitised when parsed; sanitised again here because a snapshot is a
        # file in the repository that anyone can edit, and this is the one field
        # the role page prints as HTML (nh3 is idempotent and fast).
        role = role.replace(description_html=sanitize_html(role.description_html))
        values["jobposting"] = _job_posting(role, siteurl=write.siteurl)
    others = similar(card.role)
    has_referral = (role.is_open and role.is_referral) or any(
        other.role.is_referral for other in others
    )
    write(
        template,
        page,
        card=card,
        role=role,
        similar=others,
        has_referral=has_referral,
        **values,
    )


def _job_posting(role: Role, *, siteurl: str) -> dict[str, Any] | None:
    data = view.job_posting(role, siteurl=siteurl)
    if data is None:
        logger.info(
            "role_cards: %s states no place for a role that is not remote; its "
            "page carries no JobPosting markup",
            role.id,
        )
    return data


# --- Feed and JSON ---------------------------------------------------------


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


def _entry_html_by_role(
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


def write_json(output_path: str, board: RoleBoard, *, siteurl: str) -> None:
    """roles/roles.json: the open roles' public fields, for anyone to reuse."""
    path = os.path.join(output_path, JSON_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(view.roles_export(board, siteurl=siteurl), ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    logger.info('role_cards: writing "%s"', path)
