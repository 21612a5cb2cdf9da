"""HTML pages: rel marking and box insertion, spliced into the original text."""

from __future__ import annotations

import pytest
from disclosures.html import apply_edits, disclose_page, scan_html
from disclosures.rules import DEFAULT_RULES

from tests.disclosures.disclosure_pages import BOX, REFERRAL, page

MARKER = "rmtly:disclosure"
ESCAPED = REFERRAL.replace("&", "&amp;")


def disclose(text: str) -> str:
    return disclose_page(text, rules=DEFAULT_RULES, marker=MARKER, box=BOX)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (f'<a href="{ESCAPED}">', f'<a rel="sponsored noopener" href="{ESCAPED}">'),
        (
            f'<a href="{ESCAPED}" rel="nofollow">',
            f'<a href="{ESCAPED}" rel="nofollow sponsored noopener">',
        ),
        (
            f"<a rel='external NoOpener' href=\"{ESCAPED}\">",
            f"<a rel='external NoOpener sponsored' href=\"{ESCAPED}\">",
        ),
        (
            f"<a rel=nofollow href={ESCAPED}>",
            f'<a rel="nofollow sponsored noopener" href={ESCAPED}>',
        ),
        (f'<a rel href="{ESCAPED}">', f'<a rel="sponsored noopener" href="{ESCAPED}">'),
        (
            f'<a rel="" href="{ESCAPED}">',
            f'<a rel="sponsored noopener" href="{ESCAPED}">',
        ),
        (
            "<a href=https://refer.micro1.ai/x/>",
            '<a rel="sponsored noopener" href=https://refer.micro1.ai/x/>',
        ),
        (
            '<AREA HREF="https://refer.micro1.ai/" alt="map">',
            '<AREA rel="sponsored noopener" HREF="https://refer.micro1.ai/" alt="map">',
        ),
    ],
)
def test_rel_is_merged_into_the_start_tag(tag: str, expected: str) -> None:
    before = page("<!--rmtly:disclosure-->" + BOX + f"<p>{tag}apply</a></p>")
    after = disclose(before)
    assert after == before.replace(tag, expected)


def test_a_link_that_already_has_both_tokens_is_left_alone() -> None:
    before = page(
        BOX + f'<a class="cta" rel="Sponsored noopener" href="{ESCAPED}">x</a>'
    )
    assert disclose(before) is before


def test_other_attributes_and_markup_stay_byte_identical() -> None:
    main = (
        "<!--rmtly:disclosure-->\r\n<p data-x='1'  class=lead>Caf\u00e9 &amp; more"
        f'<a  class="btn"\n   href="{ESCAPED}"  target=_blank>apply</a>'
        '<a href="https://example.com/">other</a></p>'
    )
    before = page(main)
    after = disclose(before)
    expected = before.replace(
        "<!--rmtly:disclosure-->", "<!--rmtly:disclosure-->" + BOX
    ).replace("<a  class=", '<a rel="sponsored noopener"  class=')
    assert after == expected


def test_box_goes_after_the_marker_inside_main() -> None:
    before = page(f'<!--rmtly:disclosure-->\n<p><a href="{ESCAPED}">x</a></p>')
    after = disclose(before)
    assert f"<!--rmtly:disclosure-->{BOX}\n<p><a rel=" in after
    assert after.count("data-disclosure") == 1


def test_box_falls_back_to_the_start_of_main_without_a_marker() -> None:
    before = page(f'<p><a href="{ESCAPED}">x</a></p>')
    after = disclose(before)
    assert f'<main id="main">{BOX}<p>' in after


def test_marker_after_the_first_link_is_not_used() -> None:
    before = page(f'<p><a href="{ESCAPED}">x</a></p><!--rmtly:disclosure-->')
    after = disclose(before)
    assert f'<main id="main">{BOX}<p>' in after
    assert after.endswith(before[before.index("</a></p><!--") :])


@pytest.mark.parametrize(
    "marker_place",
    [
        '<div hidden><!--rmtly:disclosure--></div><p><a href="{href}">x</a></p>',
        '<template><!--rmtly:disclosure--></template><p><a href="{href}">x</a></p>',
    ],
)
def test_a_hidden_marker_is_skipped(marker_place: str) -> None:
    before = page(marker_place.format(href=ESCAPED))
    after = disclose(before)
    assert f'<main id="main">{BOX}' in after


def test_marker_outside_main_is_skipped() -> None:
    before = page(f'<p><a href="{ESCAPED}">x</a></p>', header="<!--rmtly:disclosure-->")
    after = disclose(before)
    assert "<header><!--rmtly:disclosure--></header>" in after
    assert f'<main id="main">{BOX}' in after


def test_a_visible_box_already_before_the_link_is_kept_alone() -> None:
    own = '<aside class="disclosure" data-disclosure>Mine</aside>'
    before = page(f'<!--rmtly:disclosure-->{own}<p><a href="{ESCAPED}">x</a></p>')
    after = disclose(before)
    assert BOX not in after
    assert after.count("data-disclosure") == 1


def test_a_hidden_box_before_the_link_does_not_count() -> None:
    hidden = '<aside data-disclosure style="display: none">Mine</aside>'
    before = page(f'<!--rmtly:disclosure-->{hidden}<p><a href="{ESCAPED}">x</a></p>')
    assert BOX in disclose(before)


def test_pages_without_referral_links_are_unchanged() -> None:
    before = page('<!--rmtly:disclosure--><a href="https://example.com/?ref=1">x</a>')
    assert disclose(before) is before


def test_scan_records_hidden_reasons_and_regions() -> None:
    text = page(
        "<details><summary><span data-disclosure>s</span></summary>"
        "<div data-disclosure>d</div></details>"
        '<div aria-hidden="true"><p data-disclosure>a</p></div>'
        "<noscript><p data-disclosure>n</p></noscript>"
        '<p data-disclosure style="visibility:hidden">v</p>'
        "<p>unclosed<div data-disclosure>after p</div>",
        footer='<p data-disclosure>f</p><a href="/disclosure/">D</a>',
    )
    scan = scan_html(text, rules=DEFAULT_RULES, marker=MARKER)
    hidden = [(box.in_main, box.hidden, box.region) for box in scan.boxes]
    assert hidden == [
        (True, None, "main"),
        (True, "inside a closed <details>", "main"),
        (True, '<div aria-hidden="true">', "main"),
        (True, "inside <noscript>", "main"),
        (True, '<p style="visibility:hidden">', "main"),
        (True, None, "main"),
        (False, None, "footer"),
    ]
    assert scan.is_document
    assert "/disclosure/" in scan.hrefs


def test_links_in_scripts_and_comments_are_not_links() -> None:
    text = page(
        f"<script>var a = '<a href=\"{REFERRAL}\">';</script>"
        f'<!-- <a href="{REFERRAL}"> -->'
    )
    assert scan_html(text, rules=DEFAULT_RULES, marker=MARKER).links == []


def test_apply_edits_splices_in_order() -> None:
    assert apply_edits("abcdef", [(4, 5, "E"), (1, 1, "+"), (1, 2, "B")]) == "a+BcdEf"
