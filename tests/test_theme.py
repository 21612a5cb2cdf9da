"""The theme: page structure, metadata, JSON-LD, disclosure hooks, CSS palette.

Most tests build one small real site with Pelican's API and no plugins, so
they exercise the templates alone; a few render partials directly in both
a plain and an autoescaping Jinja environment, as the plugins do.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Comment, Tag
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from pelican import Pelican
from sitebuild import ROOT, article, site_settings, write_content

SITEURL = "https://rmtly.org"
TEMPLATES = ROOT / "theme" / "templates"
CSS = ROOT / "theme" / "static" / "css" / "main.css"
MARKER = "rmtly:disclosure"

SCRIPT_TITLE = 'Pay in 2026 </script><script>alert("x")</script> & more'
GUIDE_SUMMARY_TEXT = 'How a fair screen works & why "take-home" tasks go wrong.'
LONG_BODY = " ".join(f"word{n}" for n in range(120)) + "\n"

CONTENT = {
    "articles/guide.md": article(
        "Vetting remote AI engineers",
        slug="guide",
        Date="2026-10-02 09:00",
        Modified="2026-11-10 12:00",
        Tags="vetting, interviews",
        Summary='How a **fair** screen works & why "take-home" tasks go wrong.',
        Reading_time="7",
        body="Opening paragraph of the guide.\n\n## A section\n\nMore text.\n",
    ),
    "articles/script.md": article(
        SCRIPT_TITLE, slug="script-title", Date="2026-09-01", Category="Pay"
    ),
    "articles/long.md": article(
        "A long article", slug="long", Date="2026-08-01", Summary=None, body=LONG_BODY
    ),
    "articles/draft.md": article("Half written", slug="half-written", Status="draft"),
    "pages/about.md": "Title: About\nSummary: Who writes rmtly.\n\nAbout text.\n",
    "pages/disclosure.md": "Title: Disclosure\n\nHow rmtly is paid.\n",
}
ARTICLE_SLUGS = ["guide", "script-title", "long"]


def build_site(tmp_path: Path, **override: Any) -> Path:
    """The test site built with no plugins unless asked (PLUGINS=[];
    tests/conftest.py disconnects receivers earlier builds left), so templates
    alone; the module's site adds share_images for the share-image tags."""
    write_content(tmp_path, CONTENT)
    shutil.copytree(ROOT / "content" / "extra", tmp_path / "content" / "extra")
    options: dict[str, Any] = {"PLUGINS": [], "DEFAULT_PAGINATION": 2} | override
    settings = site_settings(tmp_path, **options)
    Pelican(settings).run()
    return tmp_path / "out"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(
        tmp_path_factory.mktemp("site"), SITEURL=SITEURL, PLUGINS=["share_images"]
    )


@pytest.fixture(scope="module")
def dev_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("dev"), SITEURL="")


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(out: Path, slug: str) -> BeautifulSoup:
    return parse(out / slug / "index.html")


def html_pages(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    return pages


def meta(soup: BeautifulSoup, key: str) -> str:
    """Content of <meta name=key> or <meta property=key>; exactly one allowed."""
    found = soup.find_all("meta", attrs={"name": key}) + soup.find_all(
        "meta", attrs={"property": key}
    )
    assert len(found) == 1, f"expected one meta {key}, found {len(found)}"
    return found[0]["content"]


def jsonld(soup: BeautifulSoup) -> dict[str, Any]:
    (script,) = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


FOCUSABLE = "a[href], area[href], button, input, select, textarea, summary, [tabindex]"


def focusables(soup: BeautifulSoup) -> Iterator[Tag]:
    for element in soup.select(FOCUSABLE):
        if element.get("tabindex", "0").strip().startswith("-"):
            continue
        yield element


# --- Site structure -------------------------------------------------------


def test_static_files_are_published(out):
    assert "Sitemap: https://rmtly.org/sitemap.xml" in (out / "robots.txt").read_text()
    assert "<svg" in (out / "favicon.svg").read_text()
    assert (out / "theme" / "css" / "main.css").read_bytes() == CSS.read_bytes()
    assert (out / "404.html").exists()


@pytest.mark.parametrize("slug", ARTICLE_SLUGS)
def test_article_has_one_h1_inside_main(out, slug):
    soup = page(out, slug)
    (main,) = soup.find_all("main")
    assert main["id"] == "main"
    assert main["tabindex"] == "-1"
    (h1,) = soup.find_all("h1")
    assert main in h1.parents


def test_skip_link_is_the_first_focusable_element_on_every_page(out):
    for path in html_pages(out):
        soup = parse(path)
        first = next(focusables(soup))
        assert first["href"] == "#main", path
        assert soup.find(id="main").name == "main", path


def test_every_page_has_main_nav_and_footer_disclosure_link(out):
    for path in html_pages(out):
        soup = parse(path)
        nav = soup.find("nav", attrs={"aria-label": "Main"})
        assert nav is not None, path
        hrefs = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
        assert hrefs == {
            "Articles": f"{SITEURL}/",
            "Roles": f"{SITEURL}/roles/",
            "About": f"{SITEURL}/about/",
            "Disclosure": f"{SITEURL}/disclosure/",
        }, path
        footer = soup.find("footer", class_="site-footer")
        assert footer.find("a", href=f"{SITEURL}/disclosure/"), path
        assert "is paid when someone it refers is hired" in footer.get_text(), path


def test_current_page_is_marked_in_the_nav(out):
    nav = page(out, "about").find("nav", attrs={"aria-label": "Main"})
    current = nav.find_all(attrs={"aria-current": True})
    assert [a.get_text() for a in current] == ["About"]


def test_no_javascript_and_no_external_requests(out):
    for path in html_pages(out):
        soup = parse(path)
        for script in soup.find_all("script"):
            assert script.get("type") == "application/ld+json", path
            assert not script.has_attr("src"), path
        assert "<script src" not in path.read_text(), path
        for element in soup.find_all(["link", "img", "iframe", "source"]):
            if element.name == "link" and element.get("rel") in (
                ["canonical"],
                ["alternate"],
            ):
                continue
            url = element.get("href") or element.get("src") or ""
            assert url.startswith(f"{SITEURL}/"), f"{path}: {element}"
        assert not soup.find(attrs={"onclick": True}), path
    css = CSS.read_text()
    assert "@import" not in css
    assert "url(" not in css
    assert "@font-face" not in css


# --- Head metadata --------------------------------------------------------


def test_article_canonical_and_open_graph(out):
    soup = page(out, "guide")
    (canonical,) = soup.find_all("link", rel="canonical")
    assert canonical["href"] == f"{SITEURL}/guide/"
    assert meta(soup, "og:url") == f"{SITEURL}/guide/"
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:title") == "Vetting remote AI engineers"
    assert meta(soup, "og:site_name") == "rmtly"
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:title") == "Vetting remote AI engineers"
    image = meta(soup, "og:image")
    assert image.startswith(f"{SITEURL}/images/share/")
    assert meta(soup, "twitter:image") == image
    assert meta(soup, "og:image:alt") == "Vetting remote AI engineers, on rmtly"
    assert meta(soup, "twitter:image:alt") == meta(soup, "og:image:alt")
    assert (out / image.removeprefix(f"{SITEURL}/")).is_file()
    assert soup.title.string == "Vetting remote AI engineers · rmtly"
    assert soup.html["lang"] == "en"
    assert meta(soup, "color-scheme") == "light dark"
    assert soup.find("meta", charset="utf-8")
    assert "width=device-width" in meta(soup, "viewport")


def test_meta_description_is_the_summary_text(out):
    soup = page(out, "guide")
    assert meta(soup, "description") == GUIDE_SUMMARY_TEXT
    assert meta(soup, "og:description") == GUIDE_SUMMARY_TEXT
    assert meta(soup, "twitter:description") == GUIDE_SUMMARY_TEXT


def test_long_description_is_cut_at_a_word_boundary(out):
    description = meta(page(out, "long"), "description")
    assert 100 < len(description) <= 160
    assert description.endswith("…")
    words = description.removesuffix("…").split()
    assert words == LONG_BODY.split()[: len(words)]


def test_home_and_lists_are_websites_with_their_own_canonical(out):
    home = parse(out / "index.html")
    assert home.find("link", rel="canonical")["href"] == f"{SITEURL}/"
    assert meta(home, "og:type") == "website"
    assert meta(home, "description").startswith("An independent engineer")
    second = page(out, "page/2")
    assert second.find("link", rel="canonical")["href"] == f"{SITEURL}/page/2/"
    archives = page(out, "archives")
    assert archives.find("link", rel="canonical")["href"] == f"{SITEURL}/archives/"


def test_feed_and_favicon_links(out):
    soup = parse(out / "index.html")
    feed = soup.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == f"{SITEURL}/feeds/all.atom.xml"
    assert (out / "feeds" / "all.atom.xml").exists()
    icon = soup.find("link", rel="icon")
    assert icon["href"] == f"{SITEURL}/favicon.svg"
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert sheets == [f"{SITEURL}/theme/css/main.css", f"{SITEURL}/theme/css/roles.css"]


def test_dev_build_canonical_is_a_site_path(dev_out):
    soup = page(dev_out, "guide")
    assert soup.find("link", rel="canonical")["href"] == "/guide/"
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("a", string="Browse open roles")["href"] == "/roles/"


# --- Article body ---------------------------------------------------------


def test_article_header_facts(out):
    soup = page(out, "guide")
    header = soup.find("header", class_="post-header")
    times = {t.parent.get_text(" ", strip=True): t["datetime"] for t in header("time")}
    assert times == {
        "2 October 2026": "2026-10-02T09:00:00+00:00",
        "Updated 10 November 2026": "2026-11-10T12:00:00+00:00",
    }
    text = header.get_text(" ", strip=True)
    assert "By rmtly" in text
    assert "7 min read" in text
    assert header.find("a", href=f"{SITEURL}/category/hiring/").string == "Hiring"
    tags = [a.string for a in header.select("ul.tags a[rel=tag]")]
    assert tags == ["vetting", "interviews"]


def test_reading_time_is_left_out_when_not_set(out):
    assert "min read" not in page(out, "long").get_text()


def test_disclosure_marker_sits_between_header_and_content(out):
    soup = page(out, "guide")
    markers = soup.find_all(string=lambda s: isinstance(s, Comment) and s == MARKER)
    assert len(markers) == 1
    (marker,) = markers
    header = soup.find("header", class_="post-header")
    prose = soup.find("div", class_="prose")
    assert marker.find_previous_sibling() is header
    assert marker.find_next_sibling() is prose
    assert "Opening paragraph" in prose.get_text()


def test_pages_keep_the_marker_first_in_main(out):
    main = page(out, "about").find("main")
    first = next(node for node in main.children if str(node).strip())
    assert isinstance(first, Comment)
    assert first == MARKER


def test_article_ends_with_the_call_to_action(out):
    soup = page(out, "guide")
    cta = soup.find("section", class_="cta")
    assert cta.find("h2").get_text() == "Find the role that fits"
    link = cta.find("a", string="Browse open roles")
    assert link["href"] == f"{SITEURL}/roles/"
    assert cta.find_previous_sibling() is soup.find("div", class_="prose")


def test_article_jsonld(out):
    data = jsonld(page(out, "guide"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Vetting remote AI engineers"
    assert data["description"] == GUIDE_SUMMARY_TEXT
    assert data["datePublished"] == "2026-10-02T09:00:00+00:00"
    assert data["dateModified"] == "2026-11-10T12:00:00+00:00"
    assert data["author"]["name"] == "rmtly"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "rmtly",
        "logo": {"@type": "ImageObject", "url": f"{SITEURL}/images/logo.png"},
    }
    image = data["image"]
    assert image["url"].startswith(f"{SITEURL}/images/share/")
    assert (image["width"], image["height"]) == (1200, 630)
    assert data["mainEntityOfPage"]["@id"] == f"{SITEURL}/guide/"
    assert data["keywords"] == ["vetting", "interviews"]


def test_jsonld_date_modified_falls_back_to_published(out):
    data = jsonld(page(out, "long"))
    assert data["dateModified"] == data["datePublished"] == "2026-08-01T00:00:00+00:00"


def test_title_with_script_tag_is_escaped_everywhere(out):
    raw = (out / "script-title" / "index.html").read_text()
    payloads = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', raw, flags=re.S
    )
    assert len(payloads) == 1
    assert "<" not in payloads[0]
    assert json.loads(payloads[0])["headline"] == SCRIPT_TITLE
    assert "alert" not in "".join(re.findall(r"<script\b[^>]*>", raw))
    soup = BeautifulSoup(raw, "html.parser")
    assert len(soup.find_all("script")) == 1
    assert soup.find("h1").get_text() == SCRIPT_TITLE
    assert soup.title.string == f"{SCRIPT_TITLE} · rmtly"
    assert meta(soup, "og:title") == SCRIPT_TITLE


# --- Lists and the 404 page -------------------------------------------------


def test_index_lists_summaries_and_paginates(out):
    home = parse(out / "index.html")
    titles = [a.get_text() for a in home.select("ol.post-list h2 a")]
    assert titles == ["Vetting remote AI engineers", SCRIPT_TITLE]
    first = home.select_one("ol.post-list article")
    summary = first.select_one(".summary").get_text()
    assert " ".join(summary.split()) == GUIDE_SUMMARY_TEXT
    assert first.find("time")["datetime"] == "2026-10-02T09:00:00+00:00"
    assert "7 min read" in first.get_text()
    assert home.find("a", rel="next")["href"] == f"{SITEURL}/page/2/"
    assert home.find("a", rel="prev") is None
    second = page(out, "page/2")
    assert [a.get_text() for a in second.select("ol.post-list h2 a")] == [
        "A long article"
    ]
    assert second.find("a", rel="prev")["href"] == f"{SITEURL}/"
    assert "Page 2 of 2" in second.find("nav", class_="pagination").get_text()


def test_taxonomy_pages(out):
    tag = page(out, "tag/vetting")
    assert tag.find("h1").get_text(strip=True) == "vetting"
    assert tag.title.string == "Tagged vetting · rmtly"
    assert tag.find("link", rel="canonical")["href"] == f"{SITEURL}/tag/vetting/"
    second = page(out, "tag/vetting/page/2")
    assert second.title.string == "Tagged vetting, page 2 · rmtly"
    assert second.find("link", rel="canonical")["href"] == (
        f"{SITEURL}/tag/vetting/page/2/"
    )
    assert second.find("a", rel="prev")["href"] == f"{SITEURL}/tag/vetting/"
    category = page(out, "category/pay")
    assert [a.get_text() for a in category.select("ol.post-list h2 a")] == [
        SCRIPT_TITLE
    ]
    assert category.find("link", rel="alternate", href=f"{SITEURL}/feeds/pay.atom.xml")
    tags = page(out, "tags")
    counts = {
        a["href"]: a.select_one(".count").get_text(" ", strip=True)
        for a in tags.select("a.tag")
    }
    assert counts[f"{SITEURL}/tag/vetting/"] == "3 articles"
    assert counts[f"{SITEURL}/tag/interviews/"] == "1 article"
    categories = page(out, "categories").get_text(" ", strip=True)
    assert "Hiring 2 articles" in categories
    archives = page(out, "archives")
    assert archives.find("h2").get_text() == "2026"
    assert len(archives.select(".archive-list a")) == 3


def test_404_is_noindex_without_canonical_and_links_home_and_roles(out):
    soup = parse(out / "404.html")
    assert meta(soup, "robots") == "noindex"
    assert soup.find("link", rel="canonical") is None
    assert soup.find("h1").get_text() == "Page not found"
    main = soup.find("main")
    hrefs = {a["href"] for a in main.find_all("a")}
    assert {f"{SITEURL}/", f"{SITEURL}/roles/"} <= hrefs


def test_only_the_404_page_and_draft_previews_are_noindex(out):
    for path in html_pages(out):
        robots = parse(path).find("meta", attrs={"name": "robots"})
        expected = path.name == "404.html" or "drafts" in path.parts
        assert (robots is not None) == expected, path


def test_a_draft_preview_says_it_is_a_draft(out):
    soup = parse(out / "drafts" / "half-written.html")
    assert meta(soup, "robots") == "noindex"
    header = soup.find("header", class_="post-header")
    assert (
        header.find("p", class_="eyebrow").get_text() == "Draft preview: not published"
    )
    assert "Draft preview" not in page(out, "guide").get_text()


def test_no_template_left_to_pelicans_simple_theme(out):
    # Pelican falls back to its bundled theme for a missing template; ours
    # always carries the skip link, so a page without it came from there.
    for path in html_pages(out):
        assert parse(path).find("a", class_="skip-link"), path


# --- Partials in plain and autoescaping environments ------------------------


PROGRAM = {
    "operator": "micro1",
    "payout": "The payout varies by role & has no cap.",
    "payout_condition": "Paid after 10 hours of work.",
}


def environment(*, autoescape: bool, extra: dict[str, str] | None = None):
    """A Jinja environment like Pelican's (autoescape off) or role_cards' (on)."""
    # autoescape=False on purpose: the theme must stay safe in Pelican's
    # non-escaping environment, so the tests render it there too.
    return Environment(
        loader=ChoiceLoader([DictLoader(extra or {}), FileSystemLoader(TEMPLATES)]),
        autoescape=autoescape,  # noqa: S701
        trim_blocks=True,
        lstrip_blocks=True,
    )


@pytest.mark.parametrize("autoescape", [False, True])
def test_disclosure_box(autoescape):
    env = environment(autoescape=autoescape)
    html = env.get_template("partials/disclosure.html").render(
        SITEURL=SITEURL,
        DISCLOSURES_PAGE_URL="disclosure/",
        DISCLOSURES_SENTENCE="rmtly is paid <if> someone is hired.",
        REFERRAL_PROGRAM=PROGRAM,
    )
    soup = BeautifulSoup(html, "html.parser")
    (box,) = soup.find_all(recursive=False)
    assert box.name == "aside"
    assert box["class"] == ["disclosure"]
    assert box.has_attr("data-disclosure")
    assert box["aria-label"] == "Disclosure"
    assert not box.has_attr("hidden")
    text = box.get_text(" ", strip=True)
    assert text.startswith("rmtly is paid <if> someone is hired.")
    assert "The payout varies by role & has no cap." in text
    assert "&amp;amp;" not in html
    link = box.find("a", string="Read the full disclosure")
    assert link["href"] == f"{SITEURL}/disclosure/"


@pytest.mark.parametrize(
    ("roles_url", "expected"),
    [
        ("roles/", f"{SITEURL}/roles/"),
        ("https://jobs.example.org/?a=1&b=2", "https://jobs.example.org/?a=1&b=2"),
    ],
)
@pytest.mark.parametrize("autoescape", [False, True])
def test_call_to_action_link(autoescape, roles_url, expected):
    env = environment(autoescape=autoescape)
    html = env.get_template("partials/cta.html").render(
        SITEURL=SITEURL, ROLES_URL=roles_url
    )
    link = BeautifulSoup(html, "html.parser").find("a", string="Browse open roles")
    assert link["href"] == expected


@pytest.mark.parametrize("autoescape", [False, True])
def test_base_renders_in_both_environments(autoescape):
    child = (
        '{% extends "base.html" %}'
        '{% set page_title = "Q&A <roles>" %}'
        '{% set page_description = "Pay & \\"terms\\"" %}'
        '{% set canonical_path = "roles/" %}'
        '{% set body_class = "page-roles" %}'
        "{% block content %}<h1>{{ page_title }}</h1>{% endblock content %}"
    )
    env = environment(autoescape=autoescape, extra={"child.html": child})
    html = env.get_template("child.html").render(
        SITEURL=SITEURL,
        SITENAME="rmtly",
        ROLES_URL="roles/",
        DISCLOSURES_PAGE_URL="disclosure/",
        FEED_ALL_ATOM="feeds/all.atom.xml",
        REFERRAL_PROGRAM=PROGRAM,
    )
    assert "&amp;amp;" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.string == "Q&A <roles> · rmtly"
    assert meta(soup, "description") == 'Pay & "terms"'
    assert soup.find("link", rel="canonical")["href"] == f"{SITEURL}/roles/"
    assert soup.body["class"] == ["page-roles"]
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Roles"
    main = soup.find("main")
    assert main.find(string=lambda s: isinstance(s, Comment)) == MARKER
    assert soup.find("footer").find("a", href=f"{SITEURL}/disclosure/")


# --- Stylesheet -------------------------------------------------------------

SHARED_PROPERTIES = [
    "--bg",
    "--fg",
    "--muted",
    "--accent",
    "--accent-fg",
    "--surface",
    "--border",
    "--focus",
    "--warn-bg",
    "--warn-fg",
]
# (foreground, background, minimum WCAG contrast ratio)
CONTRAST_PAIRS = [
    ("--fg", "--bg", 4.5),
    ("--fg", "--surface", 4.5),
    ("--muted", "--bg", 4.5),
    ("--muted", "--surface", 4.5),
    ("--accent", "--bg", 4.5),
    ("--accent", "--surface", 4.5),
    ("--accent-fg", "--accent", 4.5),
    ("--warn-fg", "--warn-bg", 4.5),
    ("--border", "--bg", 3.0),
    ("--border", "--surface", 3.0),
    ("--focus", "--bg", 3.0),
    ("--focus", "--surface", 3.0),
    ("--focus", "--warn-bg", 3.0),
]


def palettes() -> dict[str, dict[str, str]]:
    css = CSS.read_text()
    blocks = re.findall(r"/\* palette:(\w+) \*/\s*:root \{(.*?)\}", css, flags=re.S)
    return {
        name: dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-f]{6});", body))
        for name, body in blocks
    }


def luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_both_colour_schemes_define_the_shared_properties():
    found = palettes()
    assert set(found) == {"light", "dark"}
    for name, palette in found.items():
        missing = set(SHARED_PROPERTIES) - set(palette)
        assert not missing, f"{name} palette lacks {sorted(missing)}"
    css = CSS.read_text()
    assert "@media (prefers-color-scheme: dark)" in css
    for name in ["--radius", *(f"--space-{n}" for n in range(1, 6))]:
        assert f"{name}:" in css


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg", "minimum"), CONTRAST_PAIRS)
def test_colour_pairs_meet_wcag_aa(scheme, fg, bg, minimum):
    palette = palettes()[scheme]
    ratio = contrast(palette[fg], palette[bg])
    assert ratio >= minimum, f"{scheme}: {fg} on {bg} is {ratio:.2f}:1"


def test_stylesheet_basics():
    css = CSS.read_text()
    assert ":focus-visible" in css
    assert ".skip-link:focus" in css
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert "@media print" in css
    assert "clamp(" in css
    # The disclosure box must never be hidden by the stylesheet.
    for rule in re.findall(r"([^{}]*\.disclosure[^{}]*)\{([^}]*)\}", css):
        assert "display: none" not in rule[1]
        assert "visibility: hidden" not in rule[1]
    assert len(CSS.read_bytes()) < 12 * 1024
