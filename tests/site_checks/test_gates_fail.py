"""Each gate fails on a page made to break it, naming the page and the fix."""

from __future__ import annotations

import json

import pytest

from checks import budgets, disclosures, feeds, headers, html, links, sitemap
from checks.site import GateResult
from tests.site_checks.pages import page

CSP_NONE = page("<p>x</p>").replace(
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">\n', ""
)


def problems(result: GateResult, where: str) -> list[str]:
    return [f"{p.what} | {p.fix}" for p in result.problems if p.page.startswith(where)]


def test_html_names_the_page_line_and_the_css_error(broken_site) -> None:
    site = broken_site(
        {
            "bad/index.html": page("<ul><div>not a list item</div></ul>"),
            "theme/css/bad.css": "p { color: nonsense-colour; }\n",
        }
    )
    result = html.check(site)
    found = problems(result, "bad/index.html:")
    assert any("div" in p and "ul" in p for p in found), result.problems
    assert problems(result, "theme/css/bad.css"), result.problems
    assert all(p.fix.startswith("fix the markup or CSS") for p in result.problems)
    assert "errors" in result.summary


def test_html_reports_a_missing_checker(broken_site, tmp_path) -> None:
    result = html.check(broken_site({}), jar=tmp_path / "missing.jar")
    assert [p.page for p in result.problems] == ["(setup)"]
    assert "make check-tools" in result.problems[0].fix


def test_links_broken_link_anchor_asset_and_other_host(broken_site) -> None:
    site = broken_site(
        {
            "bad/index.html": page(
                '<a href="/no-such-page/">x</a> <a href="/about/#no-such-id">y</a> '
                '<a href="#main">ok</a> <a href="https://example.org/">may leave</a>'
                '<img src="/theme/missing.png" alt="">'
                '<img src="https://tracker.example/pixel.gif" alt="">',
                head='<link rel="stylesheet" href="https://cdn.example/x.css">\n',
            )
        }
    )
    found = problems(links.check(site), "bad/index.html")
    assert any("link /no-such-page/ points to no file" in p for p in found)
    assert any(
        "no element with id 'no-such-id' on about/index.html" in p for p in found
    )
    assert any("/theme/missing.png points to no file" in p for p in found)
    assert any(
        "loads https://tracker.example/pixel.gif from another host" in p for p in found
    )
    assert any("<link> loads https://cdn.example/x.css" in p for p in found)
    assert len(found) == 5


def test_links_understand_absolute_site_urls(broken_site) -> None:
    site = broken_site(
        {
            "bad/index.html": page(
                '<a href="https://rmtly.org/about/">ok</a>'
                '<a href="https://rmtly.org/gone/">gone</a>'
            )
        },
        site_url="https://rmtly.org",
    )
    found = problems(links.check(site), "bad/index.html")
    assert len(found) == 1
    assert "https://rmtly.org/gone/" in found[0]


def test_disclosures_sponsored_link_off_the_referral_hosts(
    broken_site, checks_settings
) -> None:
    site = broken_site(
        {
            "bad/index.html": page(
                '<a href="https://shop.example/deal" rel="sponsored">a paid link</a>'
            )
        }
    )
    result = disclosures.check(
        site, settings=checks_settings.site, hosts=checks_settings.referral_hosts
    )
    found = problems(result, "bad/index.html")
    assert found == [
        'rel="sponsored" link to https://shop.example/deal is not on an allowed '
        "referral host (jobs.micro1.ai, refer.micro1.ai) | link referral programs "
        "only through CHECKS_REFERRAL_HOSTS, or drop the sponsored link"
    ]


def test_disclosures_undisclosed_referral_link(broken_site, checks_settings) -> None:
    referral = "https://refer.micro1.ai/referral/jobs?referralCode=x"
    site = broken_site({"bad/index.html": page(f'<a href="{referral}">jobs</a>')})
    result = disclosures.check(
        site, settings=checks_settings.site, hosts=checks_settings.referral_hosts
    )
    found = problems(result, "bad/index.html")
    assert any("sponsored" in p for p in found), result.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CSP_NONE, "no Content-Security-Policy meta tag"),
        (
            page("").replace("default-src 'self'", "script-src 'self' 'unsafe-inline'"),
            "scripts allow 'unsafe-inline'",
        ),
        (
            page("").replace(
                "default-src 'self'", "default-src 'self'; img-src https://cdn.example"
            ),
            "img-src allows https://cdn.example",
        ),
        (
            page("").replace(
                '<meta name="referrer" content="strict-origin-when-cross-origin">\n', ""
            ),
            "no valid referrer policy",
        ),
    ],
    ids=["no-csp", "unsafe-inline", "other-host", "no-referrer"],
)
def test_headers(broken_site, text: str, expected: str) -> None:
    found = problems(headers.check(broken_site({"bad/index.html": text})), "bad/")
    assert len(found) == 1
    assert expected in found[0]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<link href="{link}" rel="alternate"/><id>{id}</id>
<updated>2026-11-01T00:00:00Z</updated>
<entry><title>e</title><link href="{link}e/" rel="alternate"/><id>{id}e</id>
<updated>2026-11-01T00:00:00Z</updated><author><name>a</name></author>
<summary>s</summary></entry></feed>
"""


def test_feeds_reused_id_broken_feed_and_relative_links(broken_site) -> None:
    all_id = "https://rmtly.org/feeds/all.atom.xml"
    site = broken_site(
        {
            "feeds/copy.atom.xml": ATOM.format(link="https://rmtly.org/", id=all_id),
            "feeds/broken.atom.xml": "<feed><title>unclosed",
            "feeds/relative.atom.xml": ATOM.format(link="/", id="urn:x:relative"),
        }
    )
    found = problems(feeds.check(site, publish=True), "feeds/")
    assert any(
        p.startswith(f"reuses the atom:id '{all_id}' of feeds/all.atom.xml")
        for p in found
    ), found
    assert any(p.startswith("does not parse cleanly") for p in found)
    assert any(p.startswith("relative link '/' in a publish build") for p in found)
    # A development build's feeds may be relative: only the other two remain.
    assert len(problems(feeds.check(site, publish=False), "feeds/")) == 2


def test_the_shipped_feeds_each_have_their_own_id(shipped_site) -> None:
    ids = [
        text.split("<id>", 1)[1].split("</id>", 1)[0]
        for text in (p.read_text() for p in sorted(shipped_site.rglob("*.atom*")))
    ]
    assert len(ids) == len(set(ids)) >= 3


SITEMAP = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""


def test_sitemap_missing_page_noindex_and_build_time_lastmod(broken_site) -> None:
    urls = [
        ("/no-such-page/", "2026-11-01T00:00:00+00:00"),
        ("/hidden/", None),
        ("/about/", "2026-12-02T00:44:08+00:00"),  # the build's clock
        ("/about/", "2026-11-21T00:00:00+00:00"),  # the page's Modified date
    ]
    xml = "\n".join(
        f"<url><loc>{loc}</loc>"
        + (f"<lastmod>{mod}</lastmod>" if mod else "")
        + "</url>"
        for loc, mod in urls
    )
    site = broken_site(
        {
            "sitemap.xml": SITEMAP.format(urls=xml),
            "hidden/index.html": page(
                "", head='<meta name="robots" content="noindex">\n'
            ),
        }
    )
    result = sitemap.check(site)
    assert [
        (p.page, p.what.split(" (")[0].split(" 2026")[0]) for p in result.problems
    ] == [
        ("sitemap.xml", "lists /no-such-page/, which is no page of the site"),
        ("hidden/index.html", "is in sitemap.xml"),
        ("about/index.html", "sitemap lastmod"),
    ]
    assert "not the build time" in result.problems[2].fix


def test_budgets_name_the_page_and_its_size(broken_site) -> None:
    # Random-looking text does not compress: about 40 KB gzipped.
    filler = json.dumps([f"{n * 2654435761 % 4294967296:x}" for n in range(6000)])
    site = broken_site({"big/index.html": page(f"<p>{filler}</p>", template="article")})
    result = budgets.check(site, budgets={"article": 30 * 1024})
    assert [p.page for p in result.problems] == ["big/index.html"]
    what = result.problems[0].what
    assert what.startswith("weighs ")
    assert "over the 30 KB budget for article pages" in what
    assert float(what.split()[1]) > 30
    assert "article " in result.summary
    assert "(big/index.html)" in result.summary


def test_budgets_add_the_pages_css_and_js(shipped_site) -> None:
    from checks.site import Site

    site = Site(shipped_site)
    board = "roles/index.html"
    html_only = budgets._gzip_size((shipped_site / board).read_bytes())
    assert budgets.page_weight(site, board) > html_only + 1000
