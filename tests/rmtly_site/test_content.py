"""The shipped content: complete articles and pages, figures kept in settings,
and the real site built from them with every plugin."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
from rmtly_site.checks import check_file, read_header
from sitebuild import ROOT, site_settings

CONTENT = ROOT / "content"
ARTICLES = sorted((CONTENT / "articles").glob("*.md"))
METADATA = ("title", "date", "category", "tags", "summary", "slug")
# Figures that change live in REFERRAL_PROGRAM; prose must not repeat them.
FIGURES = re.compile(r"\$|\b\d[\d,.]*\s*(?:hours?|USD|dollars?)\b|\b3,000\b")
PROGRAM = read_settings(str(ROOT / "pelicanconf.py"))["REFERRAL_PROGRAM"]


def body_words(text: str) -> int:
    return len(text.split("\n\n", 1)[1].split())


def test_three_complete_articles_of_at_least_900_words() -> None:
    assert len(ARTICLES) >= 3
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        header = read_header(text)
        assert all(header.get(key, (0, ""))[1] for key in METADATA), path.name
        assert header["slug"][1] == path.stem
        assert check_file(path.name, text, "article") == []
        assert body_words(text) >= 900, f"{path.name}: {body_words(text)} words"


def test_about_and_disclosure_pages() -> None:
    about = (CONTENT / "pages" / "about.md").read_text(encoding="utf-8")
    disclosure = (CONTENT / "pages" / "disclosure.md").read_text(encoding="utf-8")
    assert read_header(about)["title"][1] == "About"
    assert read_header(disclosure)["template"][1] == "disclosure"
    assert "paid if someone I refer" in disclosure


@pytest.mark.parametrize(
    "path", sorted(CONTENT.glob("*/*.md")), ids=lambda path: path.name
)
def test_prose_does_not_repeat_the_programs_figures(path: Path) -> None:
    # The prose, not the metadata header (a Modified date may match "checked").
    prose = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    text = " ".join(prose.split())
    assert not FIGURES.findall(text)
    for key in ("payout", "payout_condition", "checked"):
        assert PROGRAM[key] not in text, key


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("real-site")
    Pelican(site_settings(tmp, PATH=str(CONTENT))).run()
    return tmp / "out"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_articles_carry_no_script_end_with_roles_and_disclose_first(site) -> None:
    for source in ARTICLES:
        page = soup(site, f"{source.stem}/index.html")
        assert [s.get("type") for s in page.find_all("script")] == [
            "application/ld+json"
        ]
        main = page.find("main")
        links = [a for a in main.find_all("a") if "referralCode" in a.get("href", "")]
        if links:
            box = main.find(attrs={"data-disclosure": True})
            assert box is not None
            place = (box.sourceline, box.sourcepos)
            assert place < (links[0].sourceline, links[0].sourcepos)
            assert all("sponsored" in a["rel"] for a in links)
        cta = main.find_all("section", class_="cta")[-1]
        assert cta.find("a", string="Browse open roles")["href"] == "/roles/"


def test_the_disclosure_page_renders_the_programs_terms(site) -> None:
    terms = soup(site, "disclosure/index.html").find("section", class_="facts-box")
    text = terms.get_text(" ", strip=True)
    assert f"as checked on {PROGRAM['checked']}" in text
    for key in ("payout", "payout_condition"):
        assert " ".join(PROGRAM[key].split()) in text
    assert terms.find("a", href=PROGRAM["terms_url"]) is not None


def test_site_files_and_feeds(site) -> None:
    assert "Sitemap: https://rmtly.org/sitemap.xml" in (site / "robots.txt").read_text()
    assert (site / "favicon.svg").exists()
    sitemap = ET.parse(site / "sitemap.xml").getroot()  # noqa: S314 - our output
    locs = [e.text or "" for e in sitemap.iter() if e.tag.endswith("loc")]
    assert all(f"/{a.stem}/" in " ".join(locs) for a in ARTICLES)
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in (site / "feeds").glob("*.atom.xml"):
        root = ET.parse(feed).getroot()  # noqa: S314 - our output
        assert root.tag == f"{atom}feed"
        assert root.find(f"{atom}entry") is not None
