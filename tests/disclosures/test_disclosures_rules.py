"""Which URLs count as referral links, and the prefilter that skips pages."""

from __future__ import annotations

import html

import pytest
from disclosures.rules import (
    DEFAULT_RULES,
    Prefilter,
    Rule,
    is_referral_url,
    matching_rule,
)

from tests.disclosures.disclosure_pages import REFERRAL


@pytest.mark.parametrize(
    "url",
    [
        REFERRAL,
        "https://jobs.example.com/apply/42?referralCode=abc",
        "https://jobs.example.com/apply/42?a=1&referralCode=",
        "https://jobs.example.com/apply/42?referralCode",
        "/roles/apply?referralCode=abc",
        "https://jobs.example.com/?referral%43ode=abc",
        "https://app.example.com/#/jobs?referralCode=abc",
        "https://jobs.micro1.ai/post/1#referralCode=abc",
        "https://jobs.micro1.ai/post/1#/x;referralCode=abc",
        "https://jobs.micro1.ai/post/1#/?a=1&ReferralCode=abc",
        "https://jobs.example.com/?referralcode=abc",
        "https://jobs.example.com/?REFERRALCODE=abc",
        "https://refer.micro1.ai/",
        "https://refer.micro1.ai",
        "http://refer.micro1.ai/referral/jobs",
        "https://REFER.Micro1.AI/referral",
        "https://refer.micro1.ai.:443/referral",
        "https://refer.micro1.ai:8443/",
        "//refer.micro1.ai/referral",
        "https://someone@refer.micro1.ai/",
        "https:\\\\refer.micro1.ai\\referral",
        "  https://refer.micro1.ai/  ",
        "https://refer.mi\ncro1.ai/",
        "https://refer%2Emicro1.ai/",
        "https://refer\uff0emicro1\u3002ai/",
    ],
)
def test_referral_urls_are_recognised(url: str) -> None:
    assert is_referral_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://refer.micro1.ai.evil.example/",
        "https://evil.example/refer.micro1.ai/",
        "https://refer.micro1.ai@evil.example/",
        "https://www.refer.micro1.ai/",
        "https://micro1.ai/",
        "https://notrefer.micro1.ai/",
        "https://jobs.example.com/?myreferralCode=abc",
        "https://jobs.example.com/?code=referralCode",
        "https://jobs.example.com/referralCode/",
        "https://jobs.example.com/#referralCode",
        "mailto:someone@refer.micro1.ai",
        "",
        "#main",
    ],
)
def test_other_urls_are_not_referral_links(url: str) -> None:
    assert not is_referral_url(url)


def test_href_with_entities_is_matched_once_unescaped() -> None:
    # The parser hands over attribute values unescaped; &amp; is the usual case.
    href = html.unescape(
        "https://refer.micro1.ai/referral/jobs?utm_source=x&amp;referralCode=abc"
    )
    assert matching_rule(href) == Rule("query_param", "referralCode")
    assert is_referral_url(html.unescape("https://refer&period;micro1&#46;ai/"))


def test_matching_rule_names_the_rule_that_matched() -> None:
    assert matching_rule("https://refer.micro1.ai/") == Rule("host", "refer.micro1.ai")
    assert matching_rule("https://x.example/") is None


def test_custom_rules_replace_the_defaults() -> None:
    rules = (Rule("query_param", "ref"), Rule("host", "partner.example"))
    assert is_referral_url("https://shop.example/?ref=me", rules)
    assert is_referral_url("https://PARTNER.example./x", rules)
    assert not is_referral_url(REFERRAL, rules)


def test_malformed_urls_do_not_raise() -> None:
    assert is_referral_url("https://[::1/?referralCode=abc")
    assert not is_referral_url("https://[::1/")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<a href="https://example.com/">x</a>', False),
        ('<a href="https://example.com/?q=100%25">x</a>', False),
        ('<a href="https://REFER.MICRO1.AI/">x</a>', True),
        ('<a href="/apply?referralCode=1">x</a>', True),
        ('<a href="https://refer&#46;micro1.ai/">x</a>', True),
        ('<a href="https://refer%2emicro1.ai/">x</a>', True),
        ("<a href=https://jobs.example/?referral%43ode=1>x</a>", True),
        ('<a href="https://refer.micro1\n.ai/">x</a>', True),
    ],
)
def test_prefilter_skips_only_texts_without_candidates(
    text: str, expected: bool
) -> None:
    assert Prefilter(DEFAULT_RULES).may_match(text) is expected


def test_prefilter_never_skips_a_page_the_rules_would_match() -> None:
    prefilter = Prefilter(DEFAULT_RULES)
    for href in ["https://refer%2Emicro1.ai/", "https://x/?referral%43ode=1"]:
        assert is_referral_url(href)
        assert prefilter.may_match(f'<p><a href="{href}">x</a></p>')
