"""Referral links: which URLs may be linked to, and how our code is added."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from role_cards.referral import (
    UnsafeURL,
    all_jobs_url,
    is_valid_code,
    referral_url,
    validate_target,
)

HOSTS = ("jobs.micro1.ai", "refer.micro1.ai")
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
UTM = "utm_source=referral&utm_medium=share&utm_campaign=job_referral"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://jobs.micro1.ai/post/abc", "https://jobs.micro1.ai/post/abc"),
        ("HTTPS://JOBS.Micro1.AI/post/abc", "https://jobs.micro1.ai/post/abc"),
        ("https://jobs.micro1.ai./post/abc", "https://jobs.micro1.ai/post/abc"),
        ("https://jobs.micro1.ai:443/post/abc", "https://jobs.micro1.ai/post/abc"),
        ("https://jobs.micro1.ai", "https://jobs.micro1.ai/"),
        (
            "https://jobs.micro1.ai/post/x?a=1&b=2#top",
            "https://jobs.micro1.ai/post/x?a=1&b=2#top",
        ),
        # Characters that could break out of an attribute are percent-encoded.
        ('https://jobs.micro1.ai/p/"><x', "https://jobs.micro1.ai/p/%22%3E%3Cx"),
        (
            "https://jobs.micro1.ai/post/caf\u00e9",
            "https://jobs.micro1.ai/post/caf%C3%A9",
        ),
        # Padding spaces from sloppy payloads are trimmed (only spaces).
        ("  https://jobs.micro1.ai/post/abc ", "https://jobs.micro1.ai/post/abc"),
    ],
)
def test_validate_target_accepts_and_normalises(url: str, expected: str) -> None:
    assert validate_target(url, HOSTS) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://jobs.micro1.ai/post/abc", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("JaVaScRiPt:alert(1)", "scheme"),
        ("data:text/html;base64,PHNjcmlwdD4=", "scheme"),
        ("//jobs.micro1.ai/post/abc", "scheme"),
        ("/post/abc", "scheme"),
        ("post/abc", "scheme"),
        ("ftp://jobs.micro1.ai/x", "scheme"),
        ("https:///jobs.micro1.ai/x", "no host"),
        ("https:jobs.micro1.ai/x", "no host"),
        ("https://jobs.micro1.ai.evil.example/post/abc", "not an allowed host"),
        ("https://jobs-micro1.ai/post/abc", "not an allowed host"),
        ("https://evil.example/jobs.micro1.ai", "not an allowed host"),
        ("https://micro1.ai/post/abc", "not an allowed host"),
        ("https://xn--jbs-0na.micro1.ai/post/abc", "not an allowed host"),
        ("https://j\u00f6bs.micro1.ai/post/abc", "not an allowed host"),
        ("https://jobs.micro1.a\u0456/post/abc", "not an allowed host"),  # Cyrillic i
        ("https://user@jobs.micro1.ai/post/abc", "user name"),
        ("https://user:pw@jobs.micro1.ai/post/abc", "user name"),
        ("https://jobs.micro1.ai@evil.example/", "user name"),
        ("https://jobs.micro1.ai:8443/post/abc", "port"),
        ("https://jobs.micro1.ai:80/post/abc", "port"),
        ("https://jobs.micro1.ai:abc/post", "port"),
        ("https://jobs.micro1.ai\\@evil.example/", "backslash"),
        ("https://jobs.micro1.ai/post/a b", "whitespace"),
        ("java\nscript:alert(1)", "whitespace"),
        ("https://jobs.micro1.ai/post/\x00", "control"),
        ("https://jobs.micro1.ai/\u0085", "control"),
        ("https://[::1]/x", "not an allowed host"),
        ("https://[bad/x", "does not parse"),
        ("", "empty"),
        ("https://jobs.micro1.ai/" + "a" * 3000, "longer"),
    ],
)
def test_validate_target_refuses(url: str, reason: str) -> None:
    with pytest.raises(UnsafeURL, match=reason):
        validate_target(url, HOSTS)


def test_validate_target_refuses_non_text() -> None:
    with pytest.raises(UnsafeURL, match="not a URL"):
        validate_target(None, HOSTS)  # type: ignore[arg-type]


def test_validate_target_with_no_allowed_hosts_refuses_everything() -> None:
    with pytest.raises(UnsafeURL, match="none configured"):
        validate_target("https://jobs.micro1.ai/post/abc", ())


def test_allowlist_entries_are_normalised_too() -> None:
    assert validate_target("https://jobs.micro1.ai/x", ["JOBS.MICRO1.AI."]) == (
        "https://jobs.micro1.ai/x"
    )


def test_referral_url_adds_code_and_utm_in_micro1_order() -> None:
    url = referral_url("https://jobs.micro1.ai/post/abc", CODE)
    assert url == f"https://jobs.micro1.ai/post/abc?referralCode={CODE}&{UTM}"


def test_referral_url_keeps_the_target_query_and_fragment() -> None:
    url = referral_url(
        "https://jobs.micro1.ai/post/abc?source=portal&q=a%20b#apply", CODE
    )
    assert url == (
        "https://jobs.micro1.ai/post/abc?source=portal&q=a%20b"
        f"&referralCode={CODE}&{UTM}#apply"
    )


def test_referral_url_replaces_existing_referral_and_utm_params() -> None:
    target = (
        "https://jobs.micro1.ai/post/abc?referralCode=someone-else&UTM_SOURCE=x"
        "&utm_campaign=other&keep=1&referralcode=again"
    )
    query = parse_qsl(urlsplit(referral_url(target, CODE)).query)
    assert query == [
        ("keep", "1"),
        ("referralCode", CODE),
        ("utm_source", "referral"),
        ("utm_medium", "share"),
        ("utm_campaign", "job_referral"),
    ]


def test_referral_url_refuses_a_code_that_is_not_a_uuid() -> None:
    with pytest.raises(ValueError, match="not a UUID"):
        referral_url("https://jobs.micro1.ai/post/abc", "abc&utm_source=evil")


def test_all_jobs_url() -> None:
    assert all_jobs_url(CODE) == (
        f"https://refer.micro1.ai/referral/jobs?referralCode={CODE}&{UTM}"
    )


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        (CODE, True),
        (CODE.upper(), True),
        ("00000000-0000-4000-8000-000000000000", True),
        ("0f8fad5bd9cb469fa16570867728950e", False),
        ("{0f8fad5b-d9cb-469f-a165-70867728950e}", False),
        ("0f8fad5b-d9cb-469f-a165-70867728950", False),
        ("", False),
        (None, False),
        (12345, False),
    ],
)
def test_is_valid_code(code: object, valid: bool) -> None:
    assert is_valid_code(code) is valid
