"""Share images: one per article, field page and role page, 1200x630 PNG,
drawn once and taken from the cache while nothing changed."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from share_images.draw import ShareCard, draw, drawable, fit_title, font, wrap
from share_images.store import ImageStore, image_name
from sitebuild import article, build

from tests.fixtures.roles.helpers import snapshot, write_snapshots

NOW = datetime.now(UTC).replace(microsecond=0)
SITEURL = "https://rmtly.org"


@pytest.fixture
def settings(tmp_path):
    sources = write_snapshots(tmp_path / "snapshots", now=NOW)
    return {
        "ROLE_CARDS_SOURCES": sources,
        "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
        "SHARE_IMAGES_CACHE_DIR": str(tmp_path / "share-cache"),
        "SITEURL": SITEURL,
    }


FILES = {
    "articles/a.md": article("What vetting looks for", slug="a"),
    "articles/b.md": article("How referrals are paid", slug="b", Category="Pay"),
}


def image_of(out, path):
    soup = BeautifulSoup((out / path / "index.html").read_text(), "html.parser")
    url = soup.find("meta", property="og:image")["content"]
    alt = soup.find("meta", property="og:image:alt")["content"]
    assert soup.find("meta", attrs={"name": "twitter:image"})["content"] == url
    return out / url.removeprefix(SITEURL + "/"), alt


def test_every_article_field_and_role_page_has_its_own_image(tmp_path, settings):
    out = build(tmp_path, FILES, **settings)
    data = snapshot("board")
    fields = {role["field"] for role in data["roles"]}
    paths = ["a", "b", "roles"] + [f"roles/{f}" for f in fields]
    paths += [f"roles/{r['slug']}" for r in data["roles"] + data["closed"]]
    seen = {}
    for path in paths:
        file, alt = image_of(out, path)
        assert alt
        with Image.open(file) as image:
            assert image.format == "PNG"
            assert image.size == (1200, 630)
        seen[path] = file.name
    assert len(set(seen.values())) == len(paths), "each page draws its own"
    role = data["roles"][0]
    _, alt = image_of(out, f"roles/{role['slug']}")
    assert alt.startswith(f"{role['title']} at {role['company']}: ")


def test_a_rebuild_with_nothing_new_draws_nothing(tmp_path, settings):
    build(tmp_path / "one", FILES, **settings)
    cache = tmp_path / "share-cache"
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(first) > 10
    out = build(tmp_path / "two", FILES, **settings)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first
    file, _ = image_of(out, "a")
    assert file.stat().st_size > 0

    changed = dict(FILES, **{"articles/a.md": article("A new title", slug="a")})
    build(tmp_path / "three", changed, **settings)
    added = set(os.listdir(cache)) - set(first)
    assert len(added) == 1, "only the changed article's image is drawn"


def test_the_store_draws_a_card_once(tmp_path):
    card = ShareCard("LLMs · Senior", "Evaluator at Lab", ("$80-$120 / hour",))
    store = ImageStore(tmp_path)
    path = store.path_for(card)
    assert path == f"images/share/{image_name(card)}"
    assert store.drawn == 0, "nothing is drawn before draw_missing"
    assert store.draw_missing() == 1
    assert store.drawn == 1
    again = ImageStore(tmp_path)
    assert again.path_for(card) == path
    assert again.draw_missing() == 0
    store.publish(tmp_path / "out")
    assert (tmp_path / "out" / path).read_bytes() == (
        tmp_path / image_name(card)
    ).read_bytes()


def test_long_titles_fit_and_foreign_glyphs_are_transliterated():
    face, lines = fit_title("Word " * 60, 1056)
    assert len(lines) == 3
    assert lines[-1].endswith("...")
    assert all(face.getlength(line) <= 1056 for line in lines)
    assert wrap("x" * 400, font(44), 300)  # one long word is cut, not lost
    assert (
        drawable("$80\u2013$120 \u00b7 Zo\u00eb\u2019s") == "$80-$120 \u00b7 Zo\u00eb's"
    )
    png = draw(ShareCard("Law", "Anw\u00e4lt:in \u2014 \u6771\u4eac", ("\u20ac50",)))
    assert png.startswith(b"\x89PNG")


def test_many_new_images_are_drawn_in_worker_processes_alike(tmp_path):
    cards = [ShareCard("Law", f"Counsel {n}", ("$90 / hour",)) for n in range(45)]
    store = ImageStore(tmp_path / "many")
    paths = [store.path_for(card) for card in cards]
    assert store.draw_missing() == 45
    assert (tmp_path / "many" / image_name(cards[7])).read_bytes() == draw(cards[7])
    assert len(set(paths)) == 45
