"""The board and field listings under /roles/, in pages with a pager.

This module owns the listings of cards: the board at roles/ and one listing
per field at roles/<field>/, each split into pages of
ROLE_CARDS_BOARD_PAGE_SIZE with plain links between them (``Pager``,
``page_url`` and the window of page links); with the board it writes
the index.json its script reads (through exports.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import board as view
from .exports import write_index
from .index import board_index
from .model import Role, RoleBoard
from .page_writer import PageRef, PageWriter

BOARD_TEMPLATE = "roles/board.html"


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
    write: PageWriter,
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
    write: PageWriter, board: RoleBoard, cards: list[view.RoleView]
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
