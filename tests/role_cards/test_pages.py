"""Everything under /roles/: board, discipline pages, role and closed pages, feed, JSON.

Most tests write the pages for a fixture board with Pelican's own Writer; the
last ones build a whole site with every plugin and check the sitemap and the
disclosure pass over the role pages.
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican.plugins import signals
from pelican.writers import Writer
from role_cards import board as view
from role_cards.model import LocationType, Notice
from role_cards.pages import RolePageError, write_role_pages
from role_cards.role_feeds import feed_entry_html
from sitebuild import article, build, site_settings

from tests.fixtures.roles.helpers import (
    NOW,
    board,
    page_generator,
    write_snapshots,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SENTENCE = (
    "rmtly is paid if someone referred through a link on this site is hired "
    "through micro1."
)


def parse_feed(path: Path) -> ET.Element:
    # Our own build output, written a moment ago: not untrusted XML.
    return ET.parse(path).getroot()  # noqa: S314


class Written:
    """The pages and feeds Pelican's signals report while role pages are written."""

    def __init__(self) -> None:
        self.pages: dict[str, Any] = {}
        self.feeds: list[str] = []

    def page(self, path: str, context: dict[str, Any]) -> None:
        self.pages[path] = context.get("page")

    def feed(self, path: str, **kwargs: Any) -> None:
        self.feeds.append(path)


def write_pages(
    tmp_path: Path, role_board: Any, **settings: Any
) -> tuple[Path, Written]:
    """Write the role pages of ``role_board`` with Pelican's Writer, recording
    what the content_written and feed_written signals report."""
    options = site_settings(tmp_path, **settings)
    written = Written()
    signals.content_written.connect(written.page)
    signals.feed_written.connect(written.feed)
    try:
        write_role_pages(
            Writer(options["OUTPUT_PATH"], settings=options),
            page_generator(options, role_board),
        )
    finally:
        signals.content_written.disconnect(written.page)
        signals.feed_written.disconnect(written.feed)
    return Path(options["OUTPUT_PATH"]), written


@pytest.fixture
def site(tmp_path):
    """Write the role pages for the fixture board (plus its closed role)."""
    role_board = board(notices=[Notice("stale", "micro1", "Last checked 3 days ago.")])
    out, written = write_pages(tmp_path, role_board, SITEURL="https://rmtly.org")
    return out, role_board, written


def read(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def page_of(written: Written, out: Path, path: str) -> Any:
    return written.pages[str(out / path)]


def test_board_lists_every_open_role_server_side(site):
    out, role_board, _written = site
    page = read(out, "roles/index.html")
    cards = page.select("[data-role-list] > li > article.role-card")
    assert [c["id"] for c in cards] == [f"role-{r.slug}" for r in role_board.roles]
    assert page.select_one("[data-role-count]").get_text() == "12 open roles"
    assert page.select_one("[data-role-count]")["aria-live"] == "polite"
    assert page.title.get_text() == "Open roles · rmtly"
    assert (
        page.select_one('link[rel="canonical"]')["href"] == "https://rmtly.org/roles/"
    )
    feed = page.select_one('link[rel="alternate"][href$="roles/feed.atom"]')
    assert feed["type"] == "application/atom+xml"
    assert "<!--rmtly:disclosure-->" in str(page.main)
    assert page.select_one(".role-notices li").get_text() == "Last checked 3 days ago."
    assert page.select_one("script[src$='theme/js/roles.js']") is not None


def test_board_filter_form_is_hidden_until_javascript_runs(site):
    out, _, _ = site
    form = read(out, "roles/index.html").select_one("form[data-role-filters]")
    assert form.has_attr("hidden")
    assert {s["name"] for s in form.select("select")} == {
        "field",
        "seniority",
        "employment",
        "location",
        "sort",
    }
    assert form.select_one("input[type=search]")["name"] == "q"
    assert form.select_one("input[type=number]")["name"] == "minpay"
    assert len(form.select("fieldset > legend")) == 3
    for control in form.select("select, input"):
        assert form.select_one(f"label[for='{control['id']}']") is not None
    note = form.select_one("#rf-minpay-note").get_text()
    assert "yearly pay ÷ 2,080 h, monthly ÷ 173.3 h, weekly ÷ 40 h, daily ÷ 8 h" in note
    assert "do not state pay are left out" in note
    llm = form.select_one("option[value=ai-machine-learning]")
    assert llm.get_text() == "AI and machine learning (3)"
    assert llm["data-label"] == "AI and machine learning"


def test_board_links_to_all_jobs_with_a_referral_rel(site):
    out, _, _ = site
    link = read(out, "roles/index.html").select_one(".roles-all-jobs a")
    assert link["href"].startswith(
        "https://refer.micro1.ai/referral/jobs?referralCode="
    )
    assert link["rel"] == ["sponsored", "noopener"]


def test_discipline_nav_and_pages_give_the_same_cut_without_javascript(site):
    out, _role_board, written = site
    nav = read(out, "roles/index.html").select(".role-fields a")
    assert nav[0].get_text(" ", strip=True) == "All roles (12)"
    labels = [a.get_text(" ", strip=True) for a in nav]
    assert "AI and machine learning (3)" in labels
    nlp = read(out, "roles/language-audio/index.html")
    cards = nlp.select("article.role-card")
    assert len(cards) == 2
    assert all(c["data-field"] == "language-audio" for c in cards)
    assert nlp.h1.get_text() == "Language and audio roles"
    assert nlp.title.get_text() == "Language and audio roles · rmtly"
    assert (
        nlp.select_one('link[rel="canonical"]')["href"]
        == "https://rmtly.org/roles/language-audio/"
    )
    assert (
        nlp.select_one(".role-fields a[aria-current=page]").get_text(" ", strip=True)
        == "Language and audio (2)"
    )
    assert nlp.select_one("select[name=field]") is None
    assert nlp.select_one("meta[name=robots]") is None
    assert (
        page_of(written, out, "roles/language-audio/index.html").status == "published"
    )


def test_a_discipline_without_roles_keeps_its_page_but_is_not_indexed(tmp_path):
    role_board = board()
    role_board.roles = [r for r in role_board.roles if r.field != "engineering"]
    out, written = write_pages(tmp_path, role_board)
    page = read(out, "roles/engineering/index.html")
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    assert (
        "No open Engineering roles right now"
        in page.select_one(".role-empty").get_text()
    )
    assert page_of(written, out, "roles/engineering/index.html").status == "hidden"
    board_nav = read(out, "roles/index.html").select(".role-fields a")
    assert not any("MLOps" in a.get_text() for a in board_nav)


def test_role_page_has_facts_apply_and_canonical(site):
    out, role_board, written = site
    role = next(r for r in role_board.roles if r.title == "NLP Research Engineer")
    page = read(out, f"roles/{role.slug}/index.html")
    assert page.h1.get_text() == "NLP Research Engineer"
    assert page.title.get_text() == "NLP Research Engineer at Contoso Sprache · rmtly"
    assert (
        page.select_one('link[rel="canonical"]')["href"]
        == f"https://rmtly.org/roles/{role.slug}/"
    )
    description = page.select_one('meta[name="description"]')["content"]
    assert description.startswith("NLP Research Engineer at Contoso Sprache.")
    facts = {
        th.get_text(): th.find_next("td").get_text()
        for th in page.select(".role-facts th")
    }
    assert facts["Pay"] == "€85,000\u2013€110,000 / year"
    assert facts["Location"] == "On-site · Berlin, Germany"
    assert facts["Employment type"] == "Full-time"
    assert facts["Valid through"] == "Not stated"
    assert facts["Source"] == "micro1 (jobs.micro1.ai)"
    assert facts["Skills"] == "NLP, Transformers, Python"
    buttons = page.select(".role-page-actions a.button, .role-description a.button")
    assert len(buttons) == 2
    assert all(
        b["href"] == role.apply_url and b["rel"] == ["sponsored", "noopener"]
        for b in buttons
    )
    source = page.select_one("a.role-page-source")
    assert source["href"] == role.job_url
    assert "<ul><li>Ship work" in str(page.select_one(".role-description .prose"))
    ref = page_of(written, out, f"roles/{role.slug}/index.html")
    assert (ref.status, ref.url, ref.modified) == (
        "published",
        f"roles/{role.slug}/",
        role.updated_at,
    )
    assert ref.source_path.endswith("micro1.json")


def test_role_page_lists_similar_open_roles(site):
    out, role_board, _ = site
    role = role_board.roles[-1]  # the data science role: no other in its discipline
    similar = read(out, f"roles/{role.slug}/index.html").select(
        ".role-similar article.role-card"
    )
    assert 1 <= len(similar) <= 3
    llm = next(
        r for r in role_board.roles if r.title == "Senior LLM Evaluation Engineer"
    )
    picked = read(out, f"roles/{llm.slug}/index.html").select(
        ".role-similar article.role-card"
    )
    assert len(picked) == 3
    assert [c["data-field"] for c in picked[:2]] == [
        "ai-machine-learning",
        "ai-machine-learning",
    ]
    assert f"role-{llm.slug}" not in [c["id"] for c in picked]


def jsonld(page: BeautifulSoup) -> list[dict[str, Any]]:
    return [
        json.loads(s.string) for s in page.select('script[type="application/ld+json"]')
    ]


def test_role_page_carries_one_valid_jobposting(site):
    out, role_board, _ = site
    marked = 0
    for role in role_board.roles:
        found = jsonld(read(out, f"roles/{role.slug}/index.html"))
        # A remote role names its countries or states it is open worldwide;
        # else Google's rules cannot be met and the page carries no markup.
        if role.location_type is LocationType.REMOTE and not (
            role.countries or role.region in ("Worldwide", "Anywhere")
        ):
            assert found == []
            continue
        marked += 1
        (data,) = found
        assert data["@type"] == "JobPosting"
        for key in ("title", "description", "datePosted", "hiringOrganization", "url"):
            assert data[key], key
        assert data["url"] == f"https://rmtly.org/roles/{role.slug}/"
        assert ("jobLocation" in data) != (data.get("jobLocationType") == "TELECOMMUTE")
    assert 0 < marked < len(role_board.roles)


def test_closed_role_page_keeps_the_url_without_apply_or_markup(site):
    out, role_board, written = site
    (role,) = role_board.closed
    page = read(out, f"roles/{role.slug}/index.html")
    assert "This role has closed" in page.select_one(".role-closed").get_text()
    assert "closed 15 November 2026" in page.select_one(".role-closed").get_text()
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    assert jsonld(page) == []
    main = page.select_one(".role-page")
    assert not [
        a
        for a in main.select("a")
        if "referralCode" in a["href"] and not a.find_parent(class_="role-similar")
    ]
    assert main.select_one(".role-page-actions") is None
    assert main.select_one(".role-description") is None
    facts = {
        th.get_text(): th.find_next("td").get_text()
        for th in page.select(".role-facts th")
    }
    assert facts["Closed"] == "15 November 2026"
    similar = page.select(".role-similar article.role-card")
    assert similar
    assert {c["id"] for c in similar} <= {f"role-{r.slug}" for r in role_board.roles}
    assert page.select_one('meta[name="description"]')["content"].startswith(
        "This role has closed."
    )
    ref = page_of(written, out, f"roles/{role.slug}/index.html")
    assert ref.status == "closed"
    assert ref.modified == role.closed_at


def test_feed_lists_newest_roles_with_their_own_disclosure(site):
    out, role_board, written = site
    assert written.feeds[0] == str(out / "roles" / "feed.atom")
    assert str(out / "roles" / "ai-machine-learning" / "feed.atom") in written.feeds
    root = parse_feed(out / "roles" / "feed.atom")
    assert root.find(f"{ATOM}title").text == "rmtly - Open roles"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(role_board.roles)
    first = entries[0]
    role = role_board.roles[0]
    assert first.find(f"{ATOM}title").text == f"{role.title} at {role.company}"
    assert first.find(f"{ATOM}link").get("href").endswith(f"/roles/{role.slug}/")
    content = BeautifulSoup(first.find(f"{ATOM}content").text, "html.parser")
    assert content.p.get_text().startswith(SENTENCE)
    apply = content.find("a", string="Apply with referral link")
    assert apply["href"] == role.apply_url
    assert apply["rel"] == ["sponsored", "noopener"]
    assert (
        content.find("a", string="Role details")["href"]
        == f"https://rmtly.org/roles/{role.slug}/"
    )


def test_feed_links_and_ids_are_absolute_and_rooted_at_the_board(tmp_path):
    # A development build: SITEURL is "", FEED_DOMAIN (pelicanconf) is not.
    out, _ = write_pages(tmp_path, board(), SITEURL="")
    root = parse_feed(out / "roles" / "feed.atom")
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == "https://rmtly.org/roles/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "https://rmtly.org/roles/feed.atom"
    )
    assert root.find(f"{ATOM}id").text == "https://rmtly.org/roles/"
    for entry, role in zip(root.findall(f"{ATOM}entry"), board().roles, strict=True):
        link = entry.find(f"{ATOM}link").get("href")
        assert link == f"https://rmtly.org/roles/{role.slug}/"
        assert entry.find(f"{ATOM}id").text.startswith("tag:rmtly.org,")
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "rmtly"


def test_a_role_without_a_place_gets_its_page_but_no_jobposting(tmp_path, caplog):
    placeless = board()
    role = placeless.roles[0].replace(
        location_type=LocationType.ONSITE, region="", countries=()
    )
    placeless.roles[0] = role
    with caplog.at_level(logging.INFO, logger="role_cards.pages"):
        out, _ = write_pages(tmp_path, placeless)
    page = read(out, f"roles/{role.slug}/index.html")
    assert page.h1.get_text() == role.title
    assert jsonld(page) == []
    assert f"role_cards: {role.id} states no place" in caplog.text


def test_feed_keeps_thirty_roles(tmp_path):
    many = board()
    template = many.roles[0]
    many.roles = [
        template.replace(id=f"micro1:{n}", slug=f"role-{n}-x") for n in range(40)
    ]
    out, _ = write_pages(tmp_path, many)
    root = parse_feed(out / "roles" / "feed.atom")
    assert len(root.findall(f"{ATOM}entry")) == 30


def test_roles_json_lists_open_roles(site):
    out, role_board, _ = site
    data = json.loads((out / "roles" / "roles.json").read_text(encoding="utf-8"))
    assert [r["slug"] for r in data["roles"]] == [r.slug for r in role_board.roles]
    assert data["generated_at"] == "2026-11-20T12:00:00Z"
    assert data["notices"][0]["kind"] == "stale"


def test_the_board_is_paged_with_plain_links(tmp_path):
    role_board = board()
    out, written = write_pages(tmp_path, role_board, ROLE_CARDS_BOARD_PAGE_SIZE=5)
    slugs = [f"role-{r.slug}" for r in role_board.roles]
    pages = ["roles/index.html", "roles/page/2/index.html", "roles/page/3/index.html"]
    seen = []
    for number, path in enumerate(pages, start=1):
        page = read(out, path)
        cards = page.select("[data-role-list] > li > article.role-card")
        assert len(cards) <= 5
        seen += [c["id"] for c in cards]
        links = [a["href"] for a in page.select("[data-role-pages] a")]
        assert "/roles/page/3/" in links
        count = page.select_one("[data-role-count]").get_text()
        assert count == f"12 open roles, page {number} of 3"
        # Only the first page carries the filters and the script.
        has_form = page.select_one("form[data-role-filters]") is not None
        assert has_form == (number == 1), path
        assert page_of(written, out, path).status == "published"
    assert seen == slugs
    second = read(out, "roles/page/2/index.html")
    assert second.title.get_text() == "Open roles, page 2 · rmtly"
    canonical = second.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith("/roles/page/2/")
    assert second.select_one('a[rel="prev"]')["href"].endswith("/roles/")


def test_the_index_holds_every_open_role_compactly(site):
    out, role_board, _ = site
    data = json.loads((out / "roles" / "index.json").read_text(encoding="utf-8"))
    field = {name: i for i, name in enumerate(data["fields"])}
    names = [facet["name"] for facet in data["facets"]]
    assert names == ["field", "seniority", "employment", "location"]
    assert data["generated"] == "2026-11-20T12:00:00Z"
    rows = data["roles"]
    assert len(rows) == len(role_board.roles)
    generated = datetime(2026, 11, 20, 12, tzinfo=UTC)
    before = 0  # the gaps add up to each role's minutes before "generated"
    for row, role in zip(rows, role_board.roles, strict=True):
        short = row[field["slug"]]
        stem = re.sub(r"[^a-z0-9]+", "-", role.title.lower()).strip("-")
        slug = short[1:] if short.startswith("/") else f"{stem}-{short}"
        assert slug == role.slug
        values = [
            facet["values"][n]
            for facet, n in zip(data["facets"], row[field["facets"]], strict=True)
        ]
        assert values[0] == role.field
        assert values[3] == role.location_type.value
        minutes = int((generated - role.posted_at).total_seconds() // 60)
        before += row[field["posted_gap"]]
        assert before == max(0, minutes)
        # No apply URL: cards rendered from the index link to the role page.
        assert role.apply_url not in json.dumps(row)
    labels = data["facets"][0]["labels"]
    assert labels["ai-machine-learning"] == "AI and machine learning"


def test_page_is_not_a_role_slug(tmp_path):
    bad = board()
    bad.roles[0] = bad.roles[0].replace(slug="page")
    with pytest.raises(RolePageError, match="never a field name"):
        write_pages(tmp_path, bad)


@pytest.mark.parametrize("slug", ["../escape", "ai-machine-learning", "Has Caps", ""])
def test_unusable_slugs_stop_the_build(tmp_path, slug):
    bad = board()
    bad.roles[0] = bad.roles[0].replace(slug=slug)
    with pytest.raises(
        RolePageError, match=r"slug .*Fix the snapshot data/roles/micro1\.json"
    ):
        write_pages(tmp_path, bad)


def test_duplicate_slugs_stop_the_build(tmp_path):
    bad = board()
    bad.roles[1] = bad.roles[1].replace(slug=bad.roles[0].slug)
    with pytest.raises(RolePageError, match="share the slug"):
        write_pages(tmp_path, bad)


# --- A whole site, every plugin ---------------------------------------------


@pytest.fixture
def built(tmp_path):
    now = datetime.now(UTC)
    sources = write_snapshots(tmp_path / "snapshots", now=now)
    files = {
        "articles/nlp.md": article(
            "About NLP hiring", slug="nlp-hiring", Tags="language-audio, vetting"
        ),
        "pages/disclosure.md": "Title: Disclosure\n\nHow rmtly is paid.\n",
    }
    out = build(
        tmp_path,
        files,
        SITEURL="https://rmtly.org",
        ROLE_CARDS_SOURCES=sources,
        ROLE_CARDS_SNAPSHOT_DIR=str(tmp_path / "snapshots"),
    )
    return out, board(now=now)


def test_sitemap_lists_open_role_pages_with_lastmod_and_leaves_out_closed(built):
    out, role_board = built
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for role in role_board.roles:
        entry = re.search(
            rf"<loc>https://rmtly.org/roles/{role.slug}/</loc>\s*<lastmod>([^<]+)</lastmod>",
            sitemap,
        )
        assert entry, role.slug
        changed = role.updated_at or role.posted_at
        assert entry.group(1) == changed.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    (closed,) = role_board.closed
    assert closed.slug not in sitemap
    assert "<loc>https://rmtly.org/roles/</loc>" in sitemap
    assert "<loc>https://rmtly.org/roles/language-audio/</loc>" in sitemap
    assert "<loc>https://rmtly.org/roles/engineering/</loc>" in sitemap
    assert "<loc>https://rmtly.org/roles/other-expert/</loc>" in sitemap
    assert (out / "roles" / closed.slug / "index.html").is_file()


def test_disclosure_box_precedes_the_cards_on_built_role_pages(built):
    out, role_board = built
    for path in ["roles/index.html", f"roles/{role_board.roles[0].slug}/index.html"]:
        html = (out / path).read_text(encoding="utf-8")
        box = html.find("data-disclosure")
        assert 0 < box < html.find("referralCode="), path
    entry = parse_feed(out / "roles" / "feed.atom").find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}content").text.count(SENTENCE) == 1, "not prefixed twice"


def test_role_pages_carry_the_box_when_written(site):
    out, role_board, _ = site
    for path in ["roles/index.html", f"roles/{role_board.roles[0].slug}/index.html"]:
        page = read(out, path)
        assert len(page.select("main [data-disclosure]")) == 1, path
        first = page.find("a", href=re.compile("referralCode="))
        assert "sponsored" in first["rel"]
        html = str(page)
        assert html.index("data-disclosure") < html.index("referralCode="), path


def test_the_disclosure_pass_rewrites_no_role_page(tmp_path, monkeypatch):
    from disclosures import output

    rewritten: list[str] = []
    real = output.write_text

    def record(path: Any, text: str) -> None:
        rewritten.append(Path(path).relative_to(tmp_path).as_posix())
        real(path, text)

    monkeypatch.setattr(output, "write_text", record)
    sources = write_snapshots(tmp_path / "snapshots", now=datetime.now(UTC))
    files = {"pages/disclosure.md": "Title: Disclosure\n\nHow rmtly is paid.\n"}
    out = build(
        tmp_path,
        files,
        ROLE_CARDS_SOURCES=sources,
        ROLE_CARDS_SNAPSHOT_DIR=str(tmp_path / "snapshots"),
    )
    assert (out / "roles" / "index.html").is_file()
    assert not [path for path in rewritten if "/roles/" in path], rewritten


def test_built_article_ends_with_roles_for_its_tags(built):
    out, _ = built
    page = BeautifulSoup(
        (out / "nlp-hiring" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    related = page.select_one(".role-cards-related")
    assert related.h2.get_text() == "Open roles"
    assert [c["data-field"] for c in related.select("article.role-card")] == [
        "language-audio",
        "language-audio",
    ]
    html = str(page)
    assert (
        html.index("data-disclosure")
        < html.index("role-cards-related")
        < html.index('class="cta"')
    )


def test_real_micro1_facts_reach_the_role_page_the_card_and_the_feed(tmp_path):
    role_board = board()
    first, second = role_board.roles[0], role_board.roles[1]
    role_board.roles[0] = first.replace(
        reward=500.0,
        openings=50,
        high_demand=True,
        questions=("Do you hold a graduate degree in physics?",),
    )
    role_board.roles[1] = second.replace(
        description_html="", description_text="", details_missing=True
    )
    out, _ = write_pages(tmp_path, role_board)
    said = "rmtly is paid $500 if you\u2019re hired through this link."
    page = read(out, f"roles/{first.slug}/index.html")
    assert said in page.select_one(".role-page-actions .role-card-referral").get_text()
    assert page.select_one(".badge-demand").get_text() == "High demand"
    rows = {tr.th.get_text(): tr.td.get_text() for tr in page.select(".role-facts tr")}
    assert rows["Openings"] == "50"
    assert [li.get_text() for li in page.select(".role-questions li")] == [
        "Do you hold a graduate degree in physics?"
    ]
    board_page = read(out, "roles/index.html")
    card = board_page.select_one(f"#role-{first.slug}")
    assert said in card.select_one(".role-card-referral").get_text()
    feed = (out / "roles" / "feed.atom").read_text(encoding="utf-8")
    entry = feed.split("<entry>")[1 + [r.id for r in role_board.roles].index(first.id)]
    assert "rmtly is paid $500 if you" in entry
    assert entry.index("rmtly is paid $500") < entry.index("referralCode")
    bare = read(out, f"roles/{second.slug}/index.html")
    note = bare.select_one(".role-description-missing")
    assert "could not be fetched" in note.get_text()
    assert note.a["href"] == second.job_url


def test_feed_entries_escape_role_text_and_disclose_every_time():
    links = {
        "role_link": "https://rmtly.org/roles/x/",
        "disclosure_link": "https://rmtly.org/disclosure/",
        "sentence": SENTENCE,
    }
    for role in board("hostile").roles:
        card = view.role_view(role, now=NOW)
        entry = BeautifulSoup(
            feed_entry_html(card, sitename="rmtly", **links), "html.parser"
        )
        assert entry.find(["script", "img", "b"]) is None
        assert entry.p.get_text().startswith(SENTENCE)
        assert entry.find("a", rel="sponsored")["href"] == role.apply_url
    plain = board().roles[0].replace(is_referral=False, apply_url="https://x.test/")
    entry = BeautifulSoup(
        feed_entry_html(view.role_view(plain, now=NOW), sitename="rmtly", **links),
        "html.parser",
    )
    assert entry.p.get_text().startswith(SENTENCE)
    apply = entry.find("a", string=f"Apply at {plain.company}")
    assert apply["rel"] == ["noopener"]


def test_an_empty_board_says_so_without_filters_or_script(tmp_path):
    empty = board(notices=[Notice("failed", "micro1", "Roles could not be loaded.")])
    empty.roles, empty.closed = [], []
    out, _ = write_pages(tmp_path, empty)
    page = read(out, "roles/index.html")
    assert "No open roles right now" in page.select_one(".role-empty").get_text()
    assert (
        page.select_one(".role-notices li").get_text() == "Roles could not be loaded."
    )
    assert page.select_one("form[data-role-filters]") is None
    assert page.select_one("script[src]") is None
    nav = [a.get_text(" ", strip=True) for a in page.select(".role-fields a")]
    assert nav == ["All roles (0)"]
    root = parse_feed(out / "roles" / "feed.atom")
    assert root.findall(f"{ATOM}entry") == []


def test_a_page_links_to_the_ends_and_its_neighbours_only():
    from role_cards.listings import _window, page_url

    urls = tuple((n, page_url("roles/", n)) for n in range(1, 101))
    assert [n for n, _ in _window(urls, 1)] == [1, 2, 3, 100]
    assert [n for n, _ in _window(urls, 50)] == [1, 48, 49, 50, 51, 52, 100]
    assert _window(urls, 100)[-1] == (100, "roles/page/100/")
