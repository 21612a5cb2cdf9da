"""Item 5: a listing is complete or refused, against a real server on 127.0.0.1.

Each case seeds a good snapshot of six roles, then serves a listing that is
broken in one way, and checks that the refresh is refused as incomplete, the
snapshot is byte for byte what it was, and the report says why.
"""

from __future__ import annotations

import pytest
from role_cards.loader import load_board
from role_cards.refresh import refresh

from .micro1_shapes import (
    NOW,
    PATH,
    SIX,
    envelope,
    handler,
    paged,
    seed,
    settings_for,
)


@pytest.fixture
def seeded(tmp_path, httpserver):
    settings = seed(tmp_path, httpserver)
    httpserver.clear()
    return settings, settings.snapshot_path("micro1").read_bytes()


def refused(settings, httpserver, pager, why: str) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_handler(handler(pager))
    report = refresh(settings, now=NOW)
    entry = report.entry("micro1")
    assert entry.status == "stale"
    assert entry.refused
    assert "refused as incomplete" in entry.reason
    assert why in entry.reason
    board = load_board(settings, report=report, now=NOW)
    assert len(board.roles) == 6


def test_a_server_that_ignores_page_is_refused(seeded, httpserver):
    settings, before = seeded
    refused(settings, httpserver, lambda _n, _l: envelope(SIX[:2], 6), "repeats 2")
    assert settings.snapshot_path("micro1").read_bytes() == before


def test_an_empty_page_after_full_ones_is_refused(seeded, httpserver):
    settings, before = seeded

    def pager(number: int, limit: int):
        return envelope(SIX[:2] if number == 1 else [], 6)

    refused(settings, httpserver, pager, "page 2 is empty")
    assert settings.snapshot_path("micro1").read_bytes() == before


def test_an_empty_page_after_full_ones_without_a_total_is_refused(seeded, httpserver):
    settings, before = seeded

    def pager(number: int, limit: int):
        return envelope(SIX[:2] if number == 1 else [], None)

    refused(settings, httpserver, pager, "states no total")
    assert settings.snapshot_path("micro1").read_bytes() == before


def test_a_listing_short_of_its_total_is_refused(seeded, httpserver):
    settings, before = seeded
    refused(settings, httpserver, paged(SIX[:5], total=9), "stops at 5 of the 9 jobs")
    assert settings.snapshot_path("micro1").read_bytes() == before


def test_a_total_that_changes_between_pages_is_refused(seeded, httpserver):
    settings, before = seeded

    def pager(number: int, limit: int):
        return envelope(SIX[(number - 1) * 2 : number * 2], 6 if number == 1 else 7)

    refused(settings, httpserver, pager, "total changed from 6 to 7")
    assert settings.snapshot_path("micro1").read_bytes() == before


def test_a_list_that_shifts_while_read_is_refused(seeded, httpserver):
    settings, before = seeded

    def pager(number: int, limit: int):
        # A new job at the top pushes job 2 onto page 2.
        if number == 1:
            return envelope(SIX[:2], 6)
        return envelope(SIX[1:], 6)

    refused(settings, httpserver, pager, "page 2 repeats 1 jobs")
    assert settings.snapshot_path("micro1").read_bytes() == before


def test_more_than_max_roles_stated_is_refused_before_paging(tmp_path, httpserver):
    calls: list[int] = []
    settings = settings_for(tmp_path, httpserver.url_for(PATH), ROLE_CARDS_MAX_ROLES=4)
    httpserver.expect_request(PATH, method="POST").respond_with_handler(
        handler(paged(SIX), calls)
    )
    entry = refresh(settings, now=NOW).entry("micro1")
    assert entry.status == "failed"
    assert "states 6 jobs, more than ROLE_CARDS_MAX_ROLES (4)" in entry.reason
    assert calls == [1]
    assert not settings.snapshot_path("micro1").exists()


def test_a_listing_that_is_an_exact_multiple_stops_at_total(tmp_path, httpserver):
    calls: list[int] = []
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH, method="POST").respond_with_handler(
        handler(paged(SIX), calls)
    )
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.roles) == ("fresh", 6)
    assert calls == [1, 2, 3]  # 6 jobs in pages of 2: no fourth, empty request


def test_a_total_that_is_not_a_count_fails_the_source(tmp_path, httpserver):
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH, method="POST").respond_with_handler(
        handler(lambda _n, _l: envelope(SIX[:1], "lots"))  # type: ignore[arg-type]
    )
    entry = refresh(settings, now=NOW).entry("micro1")
    assert entry.status == "failed"
    assert "states a total of 'lots', not a count" in entry.reason
