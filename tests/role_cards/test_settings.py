"""load_settings: defaults, merging, and a message naming the key for every mistake."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pelican.settings import read_settings
from role_cards.settings import (
    DEFAULT_APPLY_HOSTS,
    DEFAULT_USER_AGENT,
    RoleCardsSettings,
    SettingsError,
    load_settings,
)

ROOT = Path(__file__).resolve().parents[2]
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
MICRO1 = {"name": "micro1", "kind": "micro1", "url": "https://prod-api.micro1.ai/x"}


def site(**values: object) -> dict[str, object]:
    return {"ROLE_CARDS_SOURCES": [MICRO1], "REFERRAL_CODE": CODE, **values}


def test_defaults(tmp_path):
    settings = load_settings(site(), base_dir=tmp_path)
    assert settings == RoleCardsSettings(
        sources=settings.sources,
        snapshot_dir=tmp_path / "data" / "roles",
        report_dir=tmp_path / "reports",
        referral_code=CODE,
    )
    assert settings.fetch is False
    assert (settings.max_age_days, settings.closed_days) == (7, 30)
    assert (settings.connect_timeout, settings.read_timeout, settings.deadline) == (
        5,
        20,
        90,
    )
    assert (settings.retries, settings.backoff_base, settings.backoff_max) == (
        3,
        0.5,
        8,
    )
    assert (settings.retry_after_cap, settings.concurrency) == (30, 8)
    assert settings.max_response_bytes == 5 * 1024 * 1024
    assert settings.max_redirects == 3
    assert settings.user_agent == DEFAULT_USER_AGENT
    assert settings.min_keep_ratio == 0.5
    assert settings.allow_samples is True
    (source,) = settings.sources
    assert source.referral is True  # micro1 sources carry referral links by default
    assert source.apply_hosts == DEFAULT_APPLY_HOSTS["micro1"]
    assert (source.page_limit, source.max_pages, source.filters) == (100, 50, {})


def test_the_repository_settings_load():
    dev = load_settings(read_settings(str(ROOT / "pelicanconf.py")))
    assert dev.fetch is False
    assert dev.allow_samples is True
    assert [s.name for s in dev.sources] == ["micro1"]
    assert dev.snapshot_dir.is_absolute()


def test_samples_are_refused_by_default_in_a_publish_build():
    assert load_settings(site(PUBLISH_BUILD=True)).allow_samples is False
    assert load_settings(
        site(PUBLISH_BUILD=True, ROLE_CARDS_ALLOW_SAMPLES=True)
    ).allow_samples


def test_overrides_are_merged_and_paths_resolved(tmp_path):
    settings = load_settings(
        site(
            ROLE_CARDS_FETCH=True,
            ROLE_CARDS_SNAPSHOT_DIR="snapshots",
            ROLE_CARDS_REPORT_DIR=None,
            ROLE_CARDS_READ_TIMEOUT=2,
            ROLE_CARDS_RETRIES=0,
            ROLE_CARDS_USER_AGENT="test-agent",
        ),
        base_dir=tmp_path,
    )
    assert settings.fetch is True
    assert settings.snapshot_dir == tmp_path / "snapshots"
    assert settings.report_dir is None
    assert settings.read_timeout == 2.0
    assert isinstance(settings.read_timeout, float)
    assert settings.retries == 0
    assert settings.user_agent == "test-agent"
    assert settings.snapshot_path("micro1") == tmp_path / "snapshots" / "micro1.json"


def test_source_entries_are_read_in_full():
    entry = {
        "name": "acme-careers",
        "kind": "jsonld",
        "url": "https://careers.acme.example/jobs/1",
        "urls": ["https://careers.acme.example/jobs/2"],
        "apply_hosts": ["careers.acme.example"],
        "company": " Acme ",
    }
    (source,) = load_settings({"ROLE_CARDS_SOURCES": [entry]}).sources
    assert source.urls == (
        "https://careers.acme.example/jobs/1",
        "https://careers.acme.example/jobs/2",
    )
    assert source.referral is False
    assert source.company == "Acme"
    assert load_settings({"ROLE_CARDS_SOURCES": [entry]}).referral_code == ""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "kind": "gh"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].kind: unknown kind 'gh'; use one of "
            "micro1, greenhouse, lever, ashby, jsonld",
        ),
        (
            {"ROLE_CARDS_SOURCES": {"name": "micro1"}},
            "role_cards: ROLE_CARDS_SOURCES: expected a list of source dicts, got dict",
        ),
        (
            {"ROLE_CARDS_SOURCES": ["micro1"]},
            "role_cards: ROLE_CARDS_SOURCES[0]: expected a dict with name, kind "
            "and url",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "urll": "x"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].urll: unknown key 'urll'; did you mean "
            "'url'? allowed: name, kind, url,",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{"name": "micro1", "kind": "micro1"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].url: missing",
        ),
        (
            {"ROLE_CARDS_SOURCES": [MICRO1, MICRO1]},
            "role_cards: ROLE_CARDS_SOURCES[1].name: duplicate name 'micro1' "
            "(also ROLE_CARDS_SOURCES[0])",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "name": "Micro 1"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].name: 'Micro 1' is not a usable name",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "name": "../etc"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].name: '../etc' is not a usable name",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "url": "ftp://micro1.ai/jobs"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].url: 'ftp://micro1.ai/jobs' is not an "
            "http(s) URL",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "url": "https://user@micro1.ai/"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].url: 'https://user@micro1.ai/' is not "
            "an http(s) URL",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "urls": ["https://a.example/"]}]},
            "role_cards: ROLE_CARDS_SOURCES[0].urls: only jsonld sources read several "
            "pages, not micro1",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "kind": "jsonld"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].apply_hosts: a jsonld source must list "
            "the hosts",
        ),
        (
            {
                "ROLE_CARDS_SOURCES": [
                    {**MICRO1, "apply_hosts": ["https://jobs.micro1.ai"]}
                ]
            },
            "role_cards: ROLE_CARDS_SOURCES[0].apply_hosts[0]: "
            "'https://jobs.micro1.ai' is not a host name",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "referral": "yes"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].referral: expected True or False",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "filters": {"type": "EXPERT"}}]},
            "role_cards: ROLE_CARDS_SOURCES[0].filters.type: expected a list of "
            "strings",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "page_limit": 0}]},
            "role_cards: ROLE_CARDS_SOURCES[0].page_limit: expected a whole number "
            "from 1 to 1000, got 0",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "max_pages": "5"}]},
            "role_cards: ROLE_CARDS_SOURCES[0].max_pages: expected a whole number",
        ),
        (
            {"ROLE_CARDS_SOURCES": [{**MICRO1, "company": 3}]},
            "role_cards: ROLE_CARDS_SOURCES[0].company: expected a string, got 3",
        ),
        (
            {"ROLE_CARDS_FETCH": "yes"},
            "role_cards: ROLE_CARDS_FETCH: expected True or False, got 'yes'",
        ),
        (
            {"ROLE_CARDS_ALLOW_SAMPLES": 1},
            "role_cards: ROLE_CARDS_ALLOW_SAMPLES: expected True or False, got 1",
        ),
        (
            {"ROLE_CARDS_MAX_AGE_DAYS": -1},
            "role_cards: ROLE_CARDS_MAX_AGE_DAYS: must be at least 1, got -1",
        ),
        (
            {"ROLE_CARDS_CLOSED_DAYS": 2.5},
            "role_cards: ROLE_CARDS_CLOSED_DAYS: expected a whole number, got 2.5",
        ),
        (
            {"ROLE_CARDS_CONNECT_TIMEOUT": 0},
            "role_cards: ROLE_CARDS_CONNECT_TIMEOUT: must be greater than 0, got 0",
        ),
        (
            {"ROLE_CARDS_READ_TIMEOUT": "20"},
            "role_cards: ROLE_CARDS_READ_TIMEOUT: expected a number, got '20'",
        ),
        (
            {"ROLE_CARDS_DEADLINE": float("inf")},
            "role_cards: ROLE_CARDS_DEADLINE: expected a finite number, got inf",
        ),
        (
            {"ROLE_CARDS_RETRIES": True},
            "role_cards: ROLE_CARDS_RETRIES: expected a whole number, got True",
        ),
        (
            {"ROLE_CARDS_RETRIES": 50},
            "role_cards: ROLE_CARDS_RETRIES: must be at most 10, got 50",
        ),
        (
            {"ROLE_CARDS_RETRY_AFTER_CAP": -5},
            "role_cards: ROLE_CARDS_RETRY_AFTER_CAP: must be at least 0, got -5",
        ),
        (
            {"ROLE_CARDS_CONCURRENCY": 0},
            "role_cards: ROLE_CARDS_CONCURRENCY: must be at least 1, got 0",
        ),
        (
            {"ROLE_CARDS_MAX_RESPONSE_BYTES": -1},
            "role_cards: ROLE_CARDS_MAX_RESPONSE_BYTES: must be at least 1, got -1",
        ),
        (
            {"ROLE_CARDS_MIN_KEEP_RATIO": 1.5},
            "role_cards: ROLE_CARDS_MIN_KEEP_RATIO: must be at most 1, got 1.5",
        ),
        (
            {"ROLE_CARDS_USER_AGENT": ""},
            "role_cards: ROLE_CARDS_USER_AGENT: expected a non-empty string",
        ),
        (
            {"ROLE_CARDS_SNAPSHOT_DIR": 7},
            "role_cards: ROLE_CARDS_SNAPSHOT_DIR: expected a directory path, got 7",
        ),
        (
            {"REFERRAL_CODE": "my-code"},
            "role_cards: REFERRAL_CODE: 'my-code' is not a UUID",
        ),
        (
            {"REFERRAL_CODE": ""},
            "role_cards: REFERRAL_CODE: not set, but sources micro1 build referral "
            "links",
        ),
    ],
)
def test_each_bad_value_is_named(values, message):
    with pytest.raises(SettingsError) as caught:
        load_settings(site(**values))
    assert str(caught.value).startswith(message)


def test_unknown_role_cards_keys_are_reported_once(caplog):
    with caplog.at_level(logging.WARNING, logger="role_cards.settings"):
        load_settings(
            site(
                ROLE_CARDS_MAX_AGE=3, ROLE_CARDS_FECTH=True, ROLE_CARDS_RELATED_LIMIT=2
            )
        )
    (record,) = caplog.records
    assert record.getMessage() == (
        "role_cards: unknown settings ignored: ROLE_CARDS_FECTH (did you mean "
        "ROLE_CARDS_FETCH?), ROLE_CARDS_MAX_AGE (did you mean ROLE_CARDS_MAX_AGE_DAYS?)"
    )


def test_every_documented_key_is_known(caplog):
    keys = {
        "ROLE_CARDS_SOURCES": [MICRO1],
        "ROLE_CARDS_FETCH": False,
        "ROLE_CARDS_SNAPSHOT_DIR": "data/roles",
        "ROLE_CARDS_REPORT_DIR": "reports",
        "ROLE_CARDS_MAX_AGE_DAYS": 7,
        "ROLE_CARDS_CLOSED_DAYS": 30,
        "ROLE_CARDS_ALLOW_SAMPLES": True,
        "ROLE_CARDS_CONNECT_TIMEOUT": 5,
        "ROLE_CARDS_READ_TIMEOUT": 20,
        "ROLE_CARDS_DEADLINE": 90,
        "ROLE_CARDS_RETRIES": 3,
        "ROLE_CARDS_BACKOFF_BASE": 0.5,
        "ROLE_CARDS_BACKOFF_MAX": 8,
        "ROLE_CARDS_RETRY_AFTER_CAP": 30,
        "ROLE_CARDS_CONCURRENCY": 3,
        "ROLE_CARDS_MAX_RESPONSE_BYTES": 5_000_000,
        "ROLE_CARDS_MAX_REDIRECTS": 3,
        "ROLE_CARDS_USER_AGENT": "x",
        "ROLE_CARDS_MIN_KEEP_RATIO": 0.5,
    }
    with caplog.at_level(logging.WARNING):
        load_settings(site(**keys))
    assert caplog.records == []
