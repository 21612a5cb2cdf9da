"""The disclosure box: rendered once per build from the theme's partial.

The theme owns the box's words and markup (``partials/disclosure.html``);
a theme without it gets a built-in minimal box, with one warning per build.
The rendered box is checked once, so a partial that cannot disclose (no
visible ``data-disclosure`` element) stops the build at its source instead
of failing every page later.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, TemplateNotFound
from pelican.generators import ArticlesGenerator

from .html import apply_edits, rel_edits, scan_html
from .settings import DisclosuresSettings

logger = logging.getLogger(__name__)


class DisclosureTemplateError(ValueError):
    """The theme's disclosure partial cannot serve as a disclosure."""


def builtin_box(settings: DisclosuresSettings) -> str:
    sentence = html.escape(settings.sentence, quote=False)
    href = html.escape(settings.page_href)
    return (
        '<aside class="disclosure" data-disclosure aria-label="Disclosure">'
        f'<p>{sentence} <a href="{href}">Read the disclosure</a>.</p></aside>'
    )


def _environment(generators: Iterable[Any]) -> tuple[Environment | None, Any]:
    """The generators' Jinja environment (the articles generator's first)."""
    candidates = sorted(
        (g for g in generators if isinstance(getattr(g, "env", None), Environment)),
        key=lambda g: not isinstance(g, ArticlesGenerator),
    )
    if not candidates:
        return None, None
    return candidates[0].env, candidates[0]


def _context(site: Mapping[str, Any], settings: DisclosuresSettings) -> dict[str, Any]:
    context = dict(site)
    # The resolved values, so a site relying on the defaults renders them too.
    context.update(
        DISCLOSURES_SENTENCE=settings.sentence,
        DISCLOSURES_PAGE_URL=settings.page_url,
    )
    return context


def validate_box(box: str, settings: DisclosuresSettings, *, origin: str) -> str:
    """The box with rel on any referral link it carries; raise if unusable."""
    scan = scan_html(box, rules=settings.rules, marker=settings.marker)
    visible = next((b for b in scan.boxes if not b.hidden), None)
    if visible is None:
        raise DisclosureTemplateError(
            f"disclosures: {origin} renders no visible element with the "
            "data-disclosure attribute; its root must be "
            '<aside class="disclosure" data-disclosure aria-label="Disclosure"> '
            "without hidden, aria-hidden or display:none"
        )
    if scan.links and scan.links[0].offset < visible.offset:
        raise DisclosureTemplateError(
            f"disclosures: {origin} puts a referral link ({scan.links[0].href}) "
            "before its data-disclosure element; put the link inside the box"
        )
    return apply_edits(box, rel_edits(scan)).strip()


def render_box(generators: Iterable[Any], settings: DisclosuresSettings) -> str:
    """The box HTML for this build, from the theme's partial or the fallback."""
    env, generator = _environment(generators)
    if env is None:
        logger.warning(
            "disclosures: no Jinja environment among the generators; "
            "using the built-in disclosure box"
        )
        return builtin_box(settings)
    try:
        template = env.get_template(settings.partial)
    except TemplateNotFound:
        logger.warning(
            "disclosures: the theme has no %s; using the built-in disclosure box "
            "(add the partial to control its words and markup)",
            settings.partial,
        )
        return builtin_box(settings)
    rendered = template.render(_context(generator.settings, settings))
    return validate_box(rendered, settings, origin=settings.partial)
