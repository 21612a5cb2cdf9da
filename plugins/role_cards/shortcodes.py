"""Role cards inside articles and pages: ``[roles ...]`` lines and tag-picked roles.

The one syntax, a line on its own, with a blank line before and after::

    [roles field="law" limit=3]
    [roles seniority=senior keyword="computer vision"]

Keys: ``field`` (a field slug from data/role_taxonomy.toml), ``seniority``
(a Seniority value), ``keyword`` (words that must all appear in the title,
company or skills), ``limit`` (1-12, default 3). Values may be bare or
quoted. The line is found in the source file, so a mistake stops the build
naming file and line; in the rendered HTML it is the paragraph
``<p>[roles ...]</p>``, replaced by the cards.

After its text, every article gets up to ROLE_CARDS_RELATED_LIMIT open roles
picked through ROLE_CARDS_TAG_FIELDS from its tags
(``article.related_roles_html``), unless its metadata says ``Roles: off``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator

from . import board as view
from .classify import load_taxonomy
from .model import Role
from .render import environment_for
from .shortcode_syntax import (
    KEYS,
    Occurrence,
    RolesQuery,
    ShortcodeError,
    parse_args,
    scan_source,
)

__all__ = ["KEYS", "RolesQuery", "ShortcodeError", "expand_cards", "scan_source"]

logger = logging.getLogger(__name__)

BLOCK_TEMPLATE = "partials/role_cards_block.html"
RELATED_HEADING = "Open roles"
OPT_OUT_KEY = "roles"  # Pelican lower-cases metadata keys: "Roles: off"
OPT_OUT_VALUES = {"off": True, "on": False}

# The rendered paragraph; the arguments may come back entity-escaped or with
# typographic quotes, so they are matched loosely and normalised before parsing.
HTML_PARA_RE = re.compile(r"<p>\s*\[roles(?:\s(?P<args>[^\]<]*))?\]\s*</p>")
HEADING_RE = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def opted_out(content: Any, *, path: str) -> bool:
    """True when the article's metadata says ``Roles: off``."""
    value = content.metadata.get(OPT_OUT_KEY)
    if value is None:
        return False
    key = str(value).strip().lower()
    if key not in OPT_OUT_VALUES:
        raise ShortcodeError(
            f"{path}: 'Roles: {value}' is not understood; write 'Roles: off' to end "
            "this article without role cards, or leave the line out"
        )
    return OPT_OUT_VALUES[key]


# --- Expanding --------------------------------------------------------------


def display_path(path: str) -> str:
    """The source path as people see it: relative to where the build runs."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class CardRenderer:
    """Renders role card blocks with the autoescaping environment and site context."""

    def __init__(self, generator: Any, *, show_reward: bool = True) -> None:
        self.board = generator.board
        self.env = environment_for(generator)
        self.context = generator.context
        self.cards = {
            role.id: card
            for role, card in zip(
                self.board.roles,
                view.role_views(
                    self.board.roles,
                    now=self.board.generated_at,
                    show_reward=show_reward,
                ),
                strict=True,
            )
        }

    def block(
        self,
        roles: Sequence[Role],
        *,
        heading: str = "",
        label: str,
        card_heading: int = 3,
    ) -> str:
        values = dict(self.context)
        values.update(
            cards=[self.cards[role.id] for role in roles],
            block_heading=heading,
            block_label=label,
            card_heading=card_heading,
        )
        return self.env.get_template(BLOCK_TEMPLATE).render(values)


def expand_cards(generators: Iterable[Any], roles_generator: Any) -> None:
    """Replace ``[roles ...]`` paragraphs and add tag-picked roles after articles."""
    options = view.load_view_settings(roles_generator.settings)
    renderer = CardRenderer(roles_generator, show_reward=options.show_reward)
    for kind, content in _contents(generators):
        expand_content(content, renderer, options=options, is_article=kind == "article")


def _contents(generators: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    article_lists = [
        "articles",
        "translations",
        "hidden_articles",
        "hidden_translations",
        "drafts",
        "drafts_translations",
    ]
    page_lists = [
        "pages",
        "translations",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    ]
    seen: set[int] = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            names, label = article_lists, "article"
        elif isinstance(generator, PagesGenerator):
            names, label = page_lists, "page"
        else:
            continue
        for name in names:
            for content in getattr(generator, name, ()):
                if id(content) not in seen:
                    seen.add(id(content))
                    yield label, content


def expand_content(
    content: Any,
    renderer: CardRenderer,
    *,
    options: view.ViewSettings,
    is_article: bool,
) -> None:
    """Expand one article or page in place (its ``_content`` and related roles)."""
    path = display_path(content.source_path)
    occurrences = _read_occurrences(content.source_path, path)
    shown: list[str] = []
    html_text = content._content or ""
    if occurrences or "[roles" in html_text:
        html_text = _replace_paragraphs(html_text, occurrences, renderer, path, shown)
        content._content = html_text
        _forget_rendered(content)
    if is_article:
        content.related_roles_html = _related(content, renderer, options, path, shown)


def _read_occurrences(source_path: str, path: str) -> list[Occurrence]:
    try:
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        logger.warning(
            "role_cards: cannot read %s to find [roles] lines: %s", path, exc
        )
        return []
    return scan_source(text, path=path)


def _replace_paragraphs(
    html_text: str,
    occurrences: list[Occurrence],
    renderer: CardRenderer,
    path: str,
    shown: list[str],
) -> str:
    def replace(match: re.Match[str]) -> str:
        raw = html.unescape(match["args"] or "")
        occurrence = _pair(raw, occurrences, path)
        query = occurrence.query
        roles = view.match_roles(
            renderer.board.roles,
            field=query.field,
            seniority=query.seniority,
            keyword=query.keyword,
            limit=query.limit,
        )
        shown.extend(role.id for role in roles)
        level = _heading_below(html_text, match.start())
        return renderer.block(roles, label=_label(query), card_heading=level)

    result = HTML_PARA_RE.sub(replace, html_text)
    for occurrence in occurrences:
        if not occurrence.used:
            raise ShortcodeError(
                f"{path}:{occurrence.line}: [roles {occurrence.raw.strip()}] must be a "
                "paragraph of its own; put a blank line before and after it (inside "
                "a list, quote or code block it is not expanded)"
            )
    return result


def _pair(raw: str, occurrences: list[Occurrence], path: str) -> Occurrence:
    """The source line a rendered paragraph came from.

    Same arguments first; else the next unused line in order (typography
    extensions may have changed the text); else the paragraph came from
    something the line scan does not see (raw HTML) and its own arguments count.
    """
    unused = [occurrence for occurrence in occurrences if not occurrence.used]
    try:
        query: RolesQuery | None = parse_args(raw, where=path)
    except ShortcodeError:
        if not unused:
            raise
        query = None
    chosen = next((o for o in unused if o.query == query), None)
    if chosen is None and unused:
        chosen = unused[0]
    if chosen is None:
        assert query is not None
        return Occurrence(0, raw, query, used=True)
    chosen.used = True
    return chosen


def _heading_below(html_text: str, position: int) -> int:
    """The heading level for cards placed at ``position`` in an article's HTML.

    One below the last heading before them; the page's own title is the <h1>
    above the article's text, so cards before any heading get <h2> titles.
    """
    levels = HEADING_RE.findall(html_text, 0, position)
    return min(int(levels[-1]) + 1 if levels else 2, 6)


def _label(query: RolesQuery) -> str:
    if query.field is not None:
        return f"Open {load_taxonomy().field.label(query.field)} roles"
    return "Open roles"


def _related(
    content: Any,
    renderer: CardRenderer,
    options: view.ViewSettings,
    path: str,
    shown: list[str],
) -> str:
    if opted_out(content, path=path) or options.related_limit == 0:
        return ""
    tags = [getattr(tag, "slug", str(tag)) for tag in getattr(content, "tags", ())]
    roles = view.roles_for_tags(
        tags,
        renderer.board.roles,
        mapping=options.tag_fields,
        limit=options.related_limit,
        exclude=shown,
    )
    if not roles:
        return ""
    return renderer.block(roles, heading=RELATED_HEADING, label=RELATED_HEADING)


def _forget_rendered(content: Any) -> None:
    """Drop Pelican's memoised content and summary of this object.

    ``Content.get_content`` and ``get_summary`` cache per (object, siteurl); if
    another plugin read them before the cards went in, the old text would stick.
    """
    for name in ("get_content", "get_summary"):
        cache = getattr(getattr(content, name, None), "cache", None)
        if isinstance(cache, dict):
            for key in [key for key in cache if key and key[0] is content]:
                del cache[key]
