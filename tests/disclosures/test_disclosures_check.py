"""The output check: each rule fails with its message and passes when met."""

from __future__ import annotations

import pytest
from disclosures.check import DisclosureCheckError, Problem, check_feed, check_page
from disclosures.settings import DisclosuresSettings, load_settings

from tests.disclosures.disclosure_pages import BOX, REFERRAL, SENTENCE, page

ESCAPED = REFERRAL.replace("&", "&amp;")
LINK = f'<a rel="sponsored noopener" href="{ESCAPED}">apply</a>'


def problems_of(text: str, settings: DisclosuresSettings) -> list[Problem]:
    findings = check_page(
        text, settings=settings, output="a/index.html", source="content/articles/a.md"
    )
    return findings.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_compliant_page_passes(settings: DisclosuresSettings) -> None:
    findings = check_page(
        page(BOX + f"<p>{LINK}</p>"),
        settings=settings,
        output="a/index.html",
        source="s",
    )
    assert findings.problems == []
    assert findings.referral_links == 1


def test_missing_sponsored_fails(settings: DisclosuresSettings) -> None:
    text = page(BOX + f'<p>\n<a rel="nofollow" href="{ESCAPED}">apply</a></p>')
    problem = only(problems_of(text, settings))
    assert problem.what == 'the referral link has rel="nofollow" without "sponsored"'
    assert problem.href == REFERRAL
    assert problem.line == 7
    assert 'rel="sponsored noopener"' in problem.fix


def test_sponsored_without_noopener_passes(settings: DisclosuresSettings) -> None:
    text = page(BOX + f'<a rel="nofollow SPONSORED" href="{ESCAPED}">apply</a>')
    assert problems_of(text, settings) == []


def test_link_before_disclosure_fails(settings: DisclosuresSettings) -> None:
    problem = only(problems_of(page(f"<p>{LINK}</p>{BOX}"), settings))
    assert problem.what == (
        "the first referral link (in <main>) comes before the disclosure box"
    )
    assert problem.line == 6
    assert "move the link below the box" in problem.fix


def test_link_in_the_header_before_main_fails(settings: DisclosuresSettings) -> None:
    problem = only(problems_of(page(BOX, header=LINK), settings))
    assert "in the <header>" in problem.what
    assert "comes before <main>, so no disclosure can precede it" in problem.fix
    assert problem.href == REFERRAL


def test_link_after_disclosure_passes(settings: DisclosuresSettings) -> None:
    text = page(f"<p>intro</p>{BOX}<p>{LINK}</p><p>{LINK}</p>")
    assert problems_of(text, settings) == []


@pytest.mark.parametrize(
    ("box", "reason"),
    [
        ("<aside data-disclosure hidden>x</aside>", "<aside hidden>"),
        (
            '<aside data-disclosure aria-hidden="true">x</aside>',
            '<aside aria-hidden="true">',
        ),
        (
            '<aside data-disclosure style="display: none;">x</aside>',
            '<aside style="display:none">',
        ),
        (
            '<div style="VISIBILITY:hidden"><aside data-disclosure>x</aside></div>',
            '<div style="visibility:hidden">',
        ),
        ("<template><aside data-disclosure>x</aside></template>", "inside <template>"),
        ("<noscript><aside data-disclosure>x</aside></noscript>", "inside <noscript>"),
    ],
)
def test_hidden_disclosure_fails(
    settings: DisclosuresSettings, box: str, reason: str
) -> None:
    problem = only(problems_of(page(f"{box}<p>{LINK}</p>"), settings))
    assert (
        problem.what
        == f"the disclosure box is hidden ({reason}), so readers never see it"
    )
    assert f"remove {reason}" in problem.fix


def test_visible_disclosure_next_to_a_hidden_one_passes(
    settings: DisclosuresSettings,
) -> None:
    text = page(f"<template>{BOX}</template><div hidden=false>{BOX}</div>{LINK}")
    # hidden="false" still hides (the attribute's presence counts) ...
    assert only(problems_of(text, settings)).what.startswith(
        "the disclosure box is hidden"
    )
    # ... while an open <details> and a plain box are visible.
    text = page(f"<template>{BOX}</template><details open>{BOX}</details>{LINK}")
    assert problems_of(text, settings) == []


def test_footer_only_disclosure_fails(settings: DisclosuresSettings) -> None:
    footer = BOX + '<a href="/disclosure/">Disclosure</a>'
    problem = only(problems_of(page(f"<p>{LINK}</p>", footer=footer), settings))
    assert problem.what == (
        "the disclosure appears only in the <footer>, not inside <main> before the link"
    )
    assert "put the box inside <main>" in problem.fix


def test_disclosure_in_main_and_footer_passes(settings: DisclosuresSettings) -> None:
    footer = BOX + '<a href="/disclosure/">Disclosure</a>'
    assert problems_of(page(f"{BOX}<p>{LINK}</p>", footer=footer), settings) == []


def test_no_disclosure_at_all_fails(settings: DisclosuresSettings) -> None:
    problem = only(problems_of(page(f"<p>{LINK}</p>"), settings))
    assert (
        problem.what == "the page has a referral link but no disclosure box before it"
    )
    no_main = (
        "<html><body><p>" + LINK + '</p><a href="/disclosure/">D</a></body></html>'
    )
    problem = only(problems_of(no_main, settings))
    assert "no <main> to put one in" in problem.what


def test_page_without_disclosure_page_link_fails(settings: DisclosuresSettings) -> None:
    problem = only(
        problems_of(
            page("<p>Hello</p>", footer="<a href='/about/'>About</a>"), settings
        )
    )
    assert (
        problem.what == "the page does not link to the Disclosure page (/disclosure/)"
    )
    assert problem.href is None
    assert "base.html's footer" in problem.fix


@pytest.mark.parametrize(
    ("siteurl", "output", "href"),
    [
        ("", "a/index.html", "/disclosure/"),
        ("", "a/index.html", "../disclosure/"),
        ("", "a/b/index.html", "../../disclosure/index.html"),
        ("https://rmtly.org", "index.html", "https://rmtly.org/disclosure/#top"),
        (
            "https://x.github.io/rmtly",
            "a/index.html",
            "https://x.github.io/rmtly/disclosure/",
        ),
        ("https://x.github.io/rmtly", "a/index.html", "/rmtly/disclosure/"),
    ],
)
def test_disclosure_page_link_passes_however_it_is_spelled(
    siteurl: str, output: str, href: str
) -> None:
    settings = load_settings({"SITEURL": siteurl})
    text = page("<p>Hello</p>", footer=f'<a class="f" href="{href}">Disclosure</a>')
    assert check_page(text, settings=settings, output=output, source="s").problems == []


@pytest.mark.parametrize(
    "href",
    ["/disclosures/", "https://other.example/disclosure/", "/about/?next=/disclosure/"],
)
def test_near_miss_disclosure_links_fail(href: str) -> None:
    settings = load_settings({"SITEURL": "https://rmtly.org"})
    text = page("<p>Hello</p>", footer=f'<a href="{href}">Disclosure</a>')
    problems = check_page(
        text, settings=settings, output="index.html", source="s"
    ).problems
    assert [p.what for p in problems] == [
        "the page does not link to the Disclosure page (https://rmtly.org/disclosure/)"
    ]


def test_fragments_without_html_or_body_need_no_disclosure_link(
    settings: DisclosuresSettings,
) -> None:
    assert problems_of("google-site-verification: google123.html", settings) == []


def feed(content: str, *, summary: str = "A summary.") -> str:
    escape = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<entry><title>With link</title>"
        '<link href="https://rmtly.org/with-link/" rel="alternate"/>'
        f'<summary type="html">{escape(summary)}</summary>'
        f'<content type="html">{escape(content)}</content></entry></feed>\n'
    )


def test_feed_entry_without_sentence_fails(settings: DisclosuresSettings) -> None:
    findings = check_feed(
        feed(f"<p>Intro {LINK}</p>"),
        settings=settings,
        output="feeds/all.atom.xml",
        source="generated feed",
        lookup={"https://rmtly.org/with-link/": "content/articles/a.md"}.get,
    )
    problem = only(findings.problems)
    assert problem.what == (
        'feed entry "With link" carries a referral link but its <content> does '
        "not start with the disclosure sentence"
    )
    assert problem.source == "content/articles/a.md"
    assert problem.output == "feeds/all.atom.xml"
    assert problem.href == REFERRAL
    assert SENTENCE in problem.fix


def test_feed_entry_starting_with_sentence_passes(
    settings: DisclosuresSettings,
) -> None:
    lead = f'<p class="disclosure">{SENTENCE} <a href="/disclosure/">D</a></p>'
    content = f"{lead}<p>{LINK}</p>"
    findings = check_feed(
        feed(content), settings=settings, output="feeds/all.atom.xml", source="s"
    )
    assert findings.problems == []
    assert findings.referral_links == 1


def test_feed_link_without_sponsored_fails(settings: DisclosuresSettings) -> None:
    content = f'<p>{SENTENCE}</p><a href="{ESCAPED}">apply</a>'
    findings = check_feed(feed(content), settings=settings, output="f.atom", source="s")
    assert only(findings.problems).what == (
        "a referral link in the <content> of feed entry "
        '"With link" has no rel="sponsored"'
    )


def test_malformed_feed_is_a_problem(settings: DisclosuresSettings) -> None:
    findings = check_feed(
        "<feed><entry>", settings=settings, output="f.atom", source="s"
    )
    assert only(findings.problems).what.startswith("the feed is not well-formed XML")


def test_the_error_lists_every_problem_with_file_source_link_and_fix() -> None:
    problems = [
        Problem(
            "a/index.html", "content/articles/a.md", "what one", "fix one", REFERRAL, 7
        ),
        Problem("b/index.html", "generated by index.html", "what two", "fix two"),
    ]
    error = DisclosureCheckError(problems)
    assert isinstance(error, Exception)
    assert str(error).splitlines() == [
        "disclosures: 2 problems in the written site; a referral link must not be "
        "published without its disclosure:",
        "- a/index.html:7 (source: content/articles/a.md)",
        f"    link: {REFERRAL}",
        "    problem: what one",
        "    fix: fix one",
        "- b/index.html (source: generated by index.html)",
        "    problem: what two",
        "    fix: fix two",
    ]


def test_the_same_problem_on_many_pages_is_told_once_with_every_place() -> None:
    problems = [
        Problem(
            f"{n}/index.html", f"content/articles/{n}.md", "what", "fix", REFERRAL, 8
        )
        for n in ("a", "b", "c")
    ] + [Problem("d/index.html", "content/articles/d.md", "what", "fix", "other", 8)]
    assert str(DisclosureCheckError(problems)).splitlines()[1:] == [
        "- a/index.html:8 (source: content/articles/a.md)",
        "  b/index.html:8 (source: content/articles/b.md)",
        "  c/index.html:8 (source: content/articles/c.md)",
        f"    link: {REFERRAL}",
        "    problem: what",
        "    fix: fix",
        "- d/index.html:8 (source: content/articles/d.md)",
        "    link: other",
        "    problem: what",
        "    fix: fix",
    ]


def test_only_anchors_count_as_disclosure_page_links(
    settings: DisclosuresSettings,
) -> None:
    text = page("<p>Hello</p>", footer='<link rel="help" href="/disclosure/">')
    assert only(problems_of(text, settings)).what.startswith(
        "the page does not link to the Disclosure page"
    )
    text = page("<p>Hello</p>", footer='<A CLASS=f HREF="/disclosure/">D</A>')
    assert problems_of(text, settings) == []
