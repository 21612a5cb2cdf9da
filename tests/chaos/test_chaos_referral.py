"""Item 4: referral codes anywhere in a URL; the referral list from a real
server on 127.0.0.1 and the disclosure pass over the page it becomes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from disclosures.html import disclose_page, scan_html
from disclosures.rules import DEFAULT_RULES, is_referral_url
from role_cards.loader import load_board
from role_cards.referral import referral_url
from role_cards.refresh import refresh
from role_cards.sanitize import sanitize_html

from .micro1_shapes import CODE, OTHER_CODE, PATH, handler, job, paged, settings_for

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
BOX = '<aside data-disclosure="">rmtly is paid if you are hired.</aside>'
MARKER = "<!--rmtly:disclosure-->"


@pytest.mark.parametrize(
    "apply_url",
    [
        "https://jobs.micro1.ai/post/ID#/?referralCode=OTHER",
        "https://jobs.micro1.ai/post/ID#referralCode=OTHER",
        "https://jobs.micro1.ai/post/ID?ReferralCode=OTHER#x",
        "https://jobs.micro1.ai/post/ID?referral_code=OTHER",
        "https://jobs.micro1.ai/post/ID?referral%43ode=OTHER",
        "https://jobs.micro1.ai/post/ID?a=1;referralCode=OTHER",
    ],
)
def test_another_referrers_code_never_survives_in_our_link(
    tmp_path, httpserver, apply_url
):
    record = job(
        1,
        apply_url=apply_url.replace("OTHER", OTHER_CODE).replace(
            "ID", job(1)["job_id"]
        ),
    )
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH, method="POST").respond_with_handler(
        handler(paged([record]))
    )
    assert refresh(settings, now=NOW).entry("micro1").status == "fresh"
    [role] = load_board(settings, now=NOW).roles
    assert OTHER_CODE not in role.apply_url
    assert role.apply_url.count("referralCode=") == 1
    assert f"referralCode={CODE}" in role.apply_url
    assert "#" not in role.apply_url or "referral" not in role.apply_url.split("#")[1]


def test_the_fragment_keeps_what_is_not_a_code():
    url = referral_url(
        f"https://jobs.micro1.ai/post/1#/apply?step=2&referralCode={OTHER_CODE}", CODE
    )
    assert url.endswith("#/apply?step=2")


@pytest.mark.parametrize(
    "href",
    [
        "https://jobs.micro1.ai/post/1#referralCode=abc",
        "https://jobs.micro1.ai/post/1#/?referralCode=abc",
        "https://jobs.micro1.ai/post/1?REFERRALCODE=abc",
        "https://jobs.micro1.ai/post/1?referral_code=abc",
        "https://jobs.micro1.ai/post/1?referral%2543ode=abc",
    ],
)
def test_description_links_with_any_code_are_unlinked(href):
    html = sanitize_html(f'<p>See <a href="{href}">this role</a>.</p>')
    assert "href" not in html
    assert "this role" in html


def test_a_fragment_code_link_gets_rel_and_the_box():
    page = f'<main>{MARKER}<p><a href="https://x.example/#referralCode=abc">go</a></p></main>'
    out = disclose_page(page, rules=DEFAULT_RULES, marker=MARKER, box=BOX)
    assert 'rel="sponsored noopener"' in out
    assert out.index("data-disclosure") < out.index("#referralCode")


@pytest.mark.parametrize(
    ("form", "attribute"),
    [
        (
            '<form action="https://refer.micro1.ai/referral/jobs">'
            "<button>Go</button></form>",
            "action",
        ),
        (
            '<form><button formaction="https://refer.micro1.ai/r">Go</button></form>',
            "formaction",
        ),
        (
            '<form><input type="submit" '
            'formaction="https://x.example/?referralCode=1"></form>',
            "formaction",
        ),
    ],
)
def test_forms_that_submit_to_referral_urls_are_disclosed(form, attribute):
    page = f"<main>{MARKER}<p>Intro</p>{form}</main>"
    scan = scan_html(page, rules=DEFAULT_RULES, marker=MARKER)
    assert len(scan.links) == 1
    out = disclose_page(page, rules=DEFAULT_RULES, marker=MARKER, box=BOX)
    assert out.index("data-disclosure") < out.index(attribute + "=")
    if attribute == "action":
        assert 'rel="sponsored noopener"' in out
    else:  # a button or input cannot carry rel; the box is what discloses
        assert "rel=" not in out.split(BOX)[1]


def test_an_anchor_named_referralcode_is_not_a_referral_link():
    assert not is_referral_url("https://x.example/page#referralCode")
