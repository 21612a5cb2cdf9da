"""Feed rewriting: entries with referral links start with the sentence."""

from __future__ import annotations

from disclosures.check import check_feed
from disclosures.feeds import ATOM_NS, XHTML_NS, disclose_feed
from disclosures.settings import DisclosuresSettings, load_settings

from tests.disclosures.disclosure_pages import REFERRAL, SENTENCE, feed_root

A = f"{{{ATOM_NS}}}"
PREFIX = (
    f'<p class="disclosure">{SENTENCE} '
    '<a href="https://feeds.example/disclosure/">Disclosure</a></p>'
)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def atom(*entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>t</title>'
        '<link href="https://rmtly.org/" rel="alternate"/><!-- kept -->'
        + "".join(entries)
        + "</feed>\n"
    )


def entry(
    title: str, content: str | None, *, summary: str | None = None, link: str = ""
) -> str:
    parts = [f"<entry><title>{title}</title>"]
    href = escape(link or f"https://rmtly.org/{title}/")
    parts.append(f'<link href="{href}" rel="alternate"/>')
    if summary is not None:
        parts.append(f'<summary type="html">{escape(summary)}</summary>')
    if content is not None:
        parts.append(f'<content type="html">{escape(content)}</content>')
    return "".join(parts) + "</entry>"


def feed_settings() -> DisclosuresSettings:
    return load_settings(
        {"DISCLOSURES_SENTENCE": SENTENCE, "FEED_DOMAIN": "https://feeds.example"}
    )


def field(text: str, title: str, tag: str) -> str:
    root = feed_root(text)
    for node in root.iter(A + "entry"):
        if node.findtext(A + "title") == title:
            return node.findtext(A + tag) or ""
    raise AssertionError(f"no entry {title}")


def test_entry_with_referral_link_gets_the_sentence_and_rel() -> None:
    link = f'<p>Apply <a href="{escape(REFERRAL)}">here</a>.</p>'
    original = atom(entry("plain", "<p>No links.</p>"), entry("linked", link))
    rewritten = disclose_feed(original, settings=feed_settings())
    content = field(rewritten, "linked", "content")
    assert content == PREFIX + link.replace(
        "<a href", '<a rel="sponsored noopener" href'
    )
    assert field(rewritten, "plain", "content") == "<p>No links.</p>"
    # Still Atom, with Atom as the default namespace and the prolog kept.
    assert rewritten.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')
    assert 'xmlns="http://www.w3.org/2005/Atom"' in rewritten
    assert "ns0:" not in rewritten
    assert "<!-- kept -->" in rewritten
    assert feed_root(rewritten).tag == A + "feed"
    assert rewritten.endswith("</feed>\n")
    assert (
        check_feed(rewritten, settings=feed_settings(), output="f", source="s").problems
        == []
    )


def test_summary_and_content_are_handled_separately() -> None:
    link = f'<a href="{escape(REFERRAL)}">here</a>'
    original = atom(
        entry("e", "<p>Body without links.</p>", summary=f"<p>See {link}</p>")
    )
    rewritten = disclose_feed(original, settings=feed_settings())
    assert field(rewritten, "e", "summary").startswith(PREFIX + "<p>See <a rel=")
    assert field(rewritten, "e", "content") == "<p>Body without links.</p>"


def test_feed_without_referral_links_is_returned_untouched() -> None:
    original = atom(entry("plain", "<p>No links at all.</p>"))
    assert disclose_feed(original, settings=feed_settings()) is original


def test_rewriting_twice_changes_nothing_more() -> None:
    link = f'<a href="{escape(REFERRAL)}">here</a>'
    once = disclose_feed(atom(entry("e", link)), settings=feed_settings())
    assert disclose_feed(once, settings=feed_settings()) is once


def test_entry_whose_own_link_is_a_referral_link_is_disclosed() -> None:
    original = atom(entry("role", None, link=REFERRAL))
    rewritten = disclose_feed(original, settings=feed_settings())
    assert field(rewritten, "role", "summary") == PREFIX
    findings = check_feed(rewritten, settings=feed_settings(), output="f", source="s")
    assert findings.problems == []


def test_xhtml_content_gets_a_paragraph_and_rel() -> None:
    original = atom(
        '<entry><title>x</title><content type="xhtml">'
        f'<div xmlns="{XHTML_NS}">Lead <a href="{escape(REFERRAL)}">apply</a></div>'
        "</content></entry>"
    )
    rewritten = disclose_feed(original, settings=feed_settings())
    div = feed_root(rewritten).find(f"{A}entry/{A}content/{{{XHTML_NS}}}div")
    assert div is not None
    first = div[0]
    assert first.tag == f"{{{XHTML_NS}}}p"
    assert "".join(first.itertext()).startswith(SENTENCE)
    assert first.tail == "Lead "
    assert (
        div.find(f"{{{XHTML_NS}}}a[@href='{REFERRAL}']").get("rel")
        == "sponsored noopener"
    )
    assert (
        check_feed(rewritten, settings=feed_settings(), output="f", source="s").problems
        == []
    )


def test_text_content_gets_the_plain_sentence() -> None:
    original = atom(
        f"<entry><title>t</title><content>Apply: {escape(REFERRAL)}</content></entry>"
    )
    rewritten = disclose_feed(original, settings=feed_settings())
    content = feed_root(rewritten).findtext(f"{A}entry/{A}content")
    lead = f"{SENTENCE} Disclosure: https://feeds.example/disclosure/"
    assert content == f"{lead}\n\nApply: {REFERRAL}"


def test_rss_items_are_disclosed_too() -> None:
    description = escape(f'<a href="{REFERRAL}">x</a>')
    original = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>i</title><description>{description}</description></item>"
        "</channel></rss>"
    )
    rewritten = disclose_feed(original, settings=feed_settings())
    description = feed_root(rewritten).findtext("channel/item/description")
    assert description.startswith(PREFIX + '<a rel="sponsored noopener"')


def test_malformed_or_foreign_xml_is_left_for_the_check() -> None:
    broken = "<feed><entry>"
    sitemap = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    assert disclose_feed(broken, settings=feed_settings()) is broken
    assert disclose_feed(sitemap, settings=feed_settings()) is sitemap


def test_a_feed_with_a_doctype_is_refused() -> None:
    text = '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "b">]><feed xmlns="http://www.w3.org/2005/Atom"/>'
    findings = check_feed(text, settings=feed_settings(), output="f", source="s")
    assert "declares a DOCTYPE" in findings.problems[0].what
