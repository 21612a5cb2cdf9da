"""Author rebuilds: role pages whose inputs did not change are not rendered again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from role_cards import cache
from sitebuild import build

from tests.fixtures.roles.helpers import write_snapshots

FILES = {"pages/disclosure.md": "Title: Disclosure\n\nHow rmtly is paid.\n"}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    snapshots = tmp_path / "snapshots"
    sources = write_snapshots(snapshots, now=datetime.now(UTC))
    # Pelican drops a log message it has logged before, so the counts are
    # read from the cache itself as each build finishes with it.
    finished: list[tuple[int, int]] = []
    real = cache.PageCache.finish

    def finish(self: cache.PageCache) -> None:
        finished.append((self.hits, self.stored))
        real(self)

    monkeypatch.setattr(cache.PageCache, "finish", finish)

    def run(**override: object) -> tuple[int, int] | None:
        finished.clear()
        build(
            tmp_path,
            FILES,
            ROLE_CARDS_SOURCES=sources,
            ROLE_CARDS_SNAPSHOT_DIR=str(snapshots),
            **override,
        )
        return finished[0] if finished else None

    return tmp_path, snapshots, run


def test_an_unchanged_rebuild_reuses_every_role_page(site):
    tmp_path, _, run = site
    reused, rendered = run() or (-1, -1)
    assert reused == 0
    assert rendered > 10
    page = tmp_path / "out" / "roles" / "index.html"
    sitemap = tmp_path / "out" / "sitemap.xml"
    before, listed = page.read_text(encoding="utf-8"), sitemap.read_text("utf-8")
    assert run() == (rendered, 0)
    assert page.read_text(encoding="utf-8") == before
    # The sitemap learns of reused pages as of rendered ones.
    assert "/roles/" in listed
    assert sitemap.read_text(encoding="utf-8") == listed


def test_a_changed_snapshot_or_setting_renders_again(site):
    tmp_path, snapshots, run = site
    _, rendered = run() or (-1, -1)
    path = snapshots / "micro1.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    first = data["roles"][0]
    first["title"] = "Renamed Role"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run() == (0, rendered)
    role_page = tmp_path / "out" / "roles" / first["slug"] / "index.html"
    assert "Renamed Role" in role_page.read_text(encoding="utf-8")
    assert run(SITENAME="Another name") == (0, rendered)
    assert "Another name" in role_page.read_text(encoding="utf-8")


def test_the_cache_can_be_turned_off(site):
    _, _, run = site
    run()
    assert run(ROLE_CARDS_PAGE_CACHE=False) is None
