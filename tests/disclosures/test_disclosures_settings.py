"""DISCLOSURES_* settings: defaults, merging, and errors that name the key."""

from __future__ import annotations

from typing import Any

import pytest
from disclosures.rules import DEFAULT_RULES, Rule
from disclosures.settings import DEFAULTS, DisclosuresSettingsError, load_settings


def test_defaults_apply_when_the_site_sets_nothing() -> None:
    settings = load_settings({})
    assert settings.rules == DEFAULT_RULES
    assert settings.page_url == DEFAULTS["DISCLOSURES_PAGE_URL"]
    assert settings.page_href == "/disclosure/"
    assert settings.marker == "rmtly:disclosure"


def test_site_values_are_merged_over_the_defaults() -> None:
    settings = load_settings(
        {
            "SITEURL": "https://rmtly.org",
            "FEED_DOMAIN": "https://feeds.rmtly.org",
            "DISCLOSURES_RULES": [{"host": "Partner.Example."}, {"query_param": "ref"}],
            "DISCLOSURES_SENTENCE": "  I am paid\n  for referrals. ",
        }
    )
    assert settings.rules == (
        Rule("host", "partner.example"),
        Rule("query_param", "ref"),
    )
    assert settings.sentence == "I am paid for referrals."
    assert settings.page_href == "https://rmtly.org/disclosure/"
    assert settings.feed_page_href == "https://feeds.rmtly.org/disclosure/"
    assert settings.page_path == "/disclosure/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([{"hots": "refer.micro1.ai"}], "DISCLOSURES_RULES[0] has unknown key 'hots'"),
        (
            [{"host": "refer.micro1.ai"}, {"query_param": ""}],
            'DISCLOSURES_RULES[1]["query_param"] must be a non-empty string',
        ),
        (
            [{"query_param": "referralCode="}],
            "DISCLOSURES_RULES[0][\"query_param\"] 'referralCode=' must be a bare",
        ),
        (
            [{"host": "https://refer.micro1.ai/"}],
            "DISCLOSURES_RULES[0][\"host\"] 'https://refer.micro1.ai/' must be a bare",
        ),
        (
            [{"host": "a.example", "query_param": "ref"}],
            'DISCLOSURES_RULES[0] needs exactly one of "query_param" or "host"',
        ),
        (["refer.micro1.ai"], "DISCLOSURES_RULES[0] is 'refer.micro1.ai'"),
        ("refer.micro1.ai", "DISCLOSURES_RULES must be a list of dicts"),
        ([], "DISCLOSURES_RULES is empty"),
    ],
)
def test_bad_rules_raise_naming_the_key(value: Any, expected: str) -> None:
    with pytest.raises(DisclosuresSettingsError) as caught:
        load_settings({"DISCLOSURES_RULES": value})
    assert expected in str(caught.value)
    assert str(caught.value).startswith("disclosures: invalid settings:")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("DISCLOSURES_SENTENCE", "", "DISCLOSURES_SENTENCE must be a non-empty string"),
        ("DISCLOSURES_PAGE_URL", None, "DISCLOSURES_PAGE_URL must be a non-empty"),
        ("DISCLOSURES_PAGE_URL", "https://x.example/d/", "must be a site path"),
        ("DISCLOSURES_MARKER", "a--b", "DISCLOSURES_MARKER must not contain"),
        ("DISCLOSURES_RULE", [], "DISCLOSURES_RULE is not a setting of this plugin"),
    ],
)
def test_bad_values_raise_naming_the_key(key: str, value: Any, expected: str) -> None:
    with pytest.raises(DisclosuresSettingsError, match=expected):
        load_settings({key: value})


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(DisclosuresSettingsError) as caught:
        load_settings(
            {"DISCLOSURES_RULES": [{"x": 1}, {"y": 2}], "DISCLOSURES_SENTENCE": 3}
        )
    message = str(caught.value)
    assert "DISCLOSURES_RULES[0]" in message
    assert "DISCLOSURES_RULES[1]" in message
    assert "DISCLOSURES_SENTENCE" in message
