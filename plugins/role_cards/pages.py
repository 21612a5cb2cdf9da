"""Everything role_cards writes under /roles/, and the role pages themselves.

This module owns the order of the build (``write_role_pages``: the
listings, every open and closed role page, the feeds, the changes page and
the JSON files, each written by its own module) and the role pages: an open
role's page with its JobPosting markup, a closed role's page, the slug
checks that keep every role inside roles/, and the values and disclosure box
shared by every page under /roles/. Pages go through ``PageWriter``
(page_writer.py), so Pelican's ``content_written`` signal fires for each one:
the sitemap plugin lists them and the disclosures plugin checks them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from jinja2 import TemplateNotFound
from markupsafe import Markup

from . import alerts
from . import board as view
from .cards import CardRenderer, SimilarCards
from .classify import load_taxonomy
from .exports import write_json
from .listings import write_board_pages
from .model import Role, RoleBoard
from .page_jobs import PageJob, write_jobs
from .page_writer import PageRef, PageWriter
from .referral import all_jobs_url
from .render import environment_for
from .role_feeds import FEED_PATH, entry_html_by_role, write_changes, write_feed

logger = logging.getLogger(__name__)

ROLE_TEMPLATE = "roles/role.html"
CLOSED_TEMPLATE = "roles/closed.html"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Paths under roles/ that are not roles, besides the field pages: the changes
# page and the board's further pages.
NOT_ROLES = frozenset({"changes", "page"})


class RolePageError(ValueError):
    """A role cannot get a page (bad or clashing slug); the message says which."""


def write_role_pages(writer: Any, generator: Any) -> None:
    """Write every /roles/ output for the board the generator loaded."""
    board: RoleBoard = generator.board
    check_slugs(board)
    options = view.load_view_settings(generator.settings)
    write = PageWriter(writer, generator, shared=_shared_values(generator))
    open_cards = view.role_views(
        board.roles, now=board.generated_at, show_reward=options.show_reward
    )
    write.shared["role_card"] = CardRenderer(write)
    similar = SimilarCards(board.roles, open_cards)
    write_board_pages(write, board, open_cards)
    jobs = [
        role_page_job(write, card, similar, generated_at=board.generated_at)
        for card in open_cards
    ]
    closed = closed_page_jobs(write, board, similar)
    write_jobs(write, jobs + closed)
    write_feed(writer, generator, open_cards[: view.FEED_LIMIT])
    entry_html = entry_html_by_role(open_cards, generator.settings)
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
        len(closed),
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


def closed_page_jobs(
    write: PageWriter, board: RoleBoard, similar: SimilarCards
) -> list[PageJob]:
    """A page for each role closed within ROLE_CARDS_CLOSED_DAYS.

    The loader drops closures older than that, so their pages go with them.
    """
    open_slugs = {role.slug for role in board.roles}
    jobs = []
    for role in board.closed:
        if role.slug in open_slugs:
            logger.warning(
                "role_cards: %s is listed as open and as closed; only its open "
                "page is written",
                role.id,
            )
            continue
        card = view.role_view(role, now=board.generated_at)
        jobs.append(
            role_page_job(write, card, similar, generated_at=board.generated_at)
        )
    return jobs


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


def role_page_job(
    write: PageWriter,
    card: view.RoleView,
    similar: Callable[[Role], list[view.RoleView]],
    *,
    generated_at: datetime,
) -> PageJob:
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

    def values() -> dict[str, Any]:
        others = similar(role)
        has_referral = (role.is_open and role.is_referral) or any(
            other.role.is_referral for other in others
        )
        found: dict[str, Any] = {
            "card": card,
            "role": role,
            "similar": others,
            "has_referral": has_referral,
        }
        if role.is_open:
            # The description is the one field a role page prints as HTML:
            # it was sanitised when fetched and again when its snapshot was
            # read (stored.py), the one way roles reach a build.
            found["jobposting"] = _job_posting(role, siteurl=write.siteurl)
        return found

    return PageJob(template, page, values)


def _job_posting(role: Role, *, siteurl: str) -> dict[str, Any] | None:
    data = view.job_posting(role, siteurl=siteurl)
    if data is None:
        logger.info(
            "role_cards: %s states no place for a role that is not remote; its "
            "page carries no JobPosting markup",
            role.id,
        )
    return data
