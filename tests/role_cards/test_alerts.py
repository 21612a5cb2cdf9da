"""Alerts: a feed per field and per field and level, and what changed tonight."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from role_cards.alerts import LEVEL_FEED_MIN_ROLES, field_feeds
from role_cards.model import Seniority
from sitebuild import article, build

from tests.fixtures.roles.helpers import make_role, snapshot, write_snapshots

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def site(tmp_path):
    sources = write_snapshots(tmp_path / "snapshots", now=NOW)
    return {
        "ROLE_CARDS_SOURCES": sources,
        "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
        "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
    }


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def slugs_of(feed):
    return {entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries}


def test_each_field_feed_holds_only_that_fields_roles(tmp_path, site):
    out = build(tmp_path, {"articles/a.md": article()}, **site)
    roles = snapshot("board")["roles"]
    fields = {role["field"] for role in roles}
    assert len(fields) >= 3
    ids = set()
    for field in fields:
        feed = parse(out / "roles" / field / "feed.atom")
        expected = {r["slug"] for r in roles if r["field"] == field}
        assert slugs_of(feed) == expected
        assert feed.feed.link == f"https://rmtly.org/roles/{field}/"
        ids.add(feed.feed.id)
        for entry in feed.entries:
            text = BeautifulSoup(entry.content[0].value, "html.parser").get_text()
            assert text.startswith("rmtly is paid if someone referred")
    assert len(ids) == len(fields), "every feed has its own atom:id"
    main = parse(out / "roles" / "feed.atom")
    assert main.feed.id not in ids


def test_field_pages_and_the_board_link_their_feeds(tmp_path, site):
    out = build(tmp_path, {"articles/a.md": article()}, **site)
    field = snapshot("board")["roles"][0]["field"]
    page = BeautifulSoup(
        (out / "roles" / field / "index.html").read_text(), "html.parser"
    )
    hrefs = [
        link["href"] for link in page.select('link[rel="alternate"][type$="atom+xml"]')
    ]
    assert f"/roles/{field}/feed.atom" in hrefs
    assert page.select_one(f'.roles-feed a[href="/roles/{field}/feed.atom"]')
    board = BeautifulSoup((out / "roles" / "index.html").read_text(), "html.parser")
    board_feeds = {
        link["href"] for link in board.select('link[rel="alternate"][type$="xml"]')
    }
    assert {f"/roles/{field}/feed.atom", "/roles/changes/feed.atom"} <= board_feeds
    for href in board_feeds - {"/feeds/all.atom.xml"}:
        assert (out / href.lstrip("/")).exists(), href


def test_a_level_gets_a_feed_only_when_it_has_enough_roles():
    seniors = [make_role(n) for n in range(LEVEL_FEED_MIN_ROLES)]
    juniors = [
        make_role(100 + n, seniority=Seniority.JUNIOR)
        for n in range(LEVEL_FEED_MIN_ROLES - 1)
    ]
    unknown = [
        make_role(200 + n, seniority=Seniority.UNSPECIFIED)
        for n in range(LEVEL_FEED_MIN_ROLES)
    ]
    feeds = field_feeds([*seniors, *juniors, *unknown])
    assert [link.path for link in feeds["ai-machine-learning"]] == [
        "roles/ai-machine-learning/feed.atom",
        "roles/ai-machine-learning/senior.atom",
    ]


def test_level_feeds_are_written_and_parse(tmp_path, site):
    data = json.loads((tmp_path / "snapshots" / "micro1.json").read_text())
    template = data["roles"][0]
    for n in range(LEVEL_FEED_MIN_ROLES):
        data["roles"].append(
            template
            | {
                "id": f"micro1:extra-{n}",
                "source_id": f"extra-{n}",
                "slug": f"extra-role-{n}",
                "field": "law",
                "seniority": "staff",
            }
        )
    (tmp_path / "snapshots" / "micro1.json").write_text(json.dumps(data))
    out = build(tmp_path, {"articles/a.md": article()}, **site)
    feed = parse(out / "roles" / "law" / "staff.atom")
    assert slugs_of(feed) == {f"extra-role-{n}" for n in range(LEVEL_FEED_MIN_ROLES)}
    assert feed.feed.link == "https://rmtly.org/roles/law/?seniority=staff"


def write_report(directory, *, added, removed):
    directory.mkdir(parents=True, exist_ok=True)
    report = {
        "started_at": NOW.isoformat(),
        "finished_at": NOW.isoformat(),
        "sources": [{"name": "micro1", "added_ids": added, "removed_ids": removed}],
    }
    (directory / "roles-fetch.json").write_text(json.dumps(report))


def test_what_changed_tonight_lists_added_and_closed_roles(tmp_path, site):
    data = snapshot("board")
    added = [data["roles"][0], data["roles"][3]]
    closed = data["closed"][0]
    write_report(
        tmp_path / "reports",
        added=[r["id"] for r in added] + ["micro1:not-on-the-board"],
        removed=[closed["id"]],
    )
    out = build(tmp_path, {"articles/a.md": article()}, **site)
    page = BeautifulSoup(
        (out / "roles" / "changes" / "index.html").read_text(), "html.parser"
    )
    cards = page.select("#changes-added ~ ul article.role-card")
    assert {c["id"] for c in cards} == {f"role-{r['slug']}" for r in added}
    closed_links = [a["href"] for a in page.select("#changes-closed ~ ul a")]
    assert closed_links == [f"/roles/{closed['slug']}/"]
    assert "added 2 roles and closed 1" in page.select_one(".lede").get_text()
    feed = parse(out / "roles" / "changes" / "feed.atom")
    titles = [entry.title for entry in feed.entries]
    assert sum(t.startswith("New: ") for t in titles) == 2
    assert [t for t in titles if t.startswith("Closed: ")] == [
        f"Closed: {closed['title']} at {closed['company']}"
    ]


def test_without_a_report_the_changes_page_says_no_refresh_ran(tmp_path, site):
    out = build(tmp_path, {"articles/a.md": article()}, **site)
    page = BeautifulSoup(
        (out / "roles" / "changes" / "index.html").read_text(), "html.parser"
    )
    assert "No refresh has run for this build" in page.get_text()
    assert parse(out / "roles" / "changes" / "feed.atom").entries == []
