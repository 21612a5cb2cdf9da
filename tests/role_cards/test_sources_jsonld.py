"""JSON-LD: JobPosting markup found in careers pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from role_cards.model import (
    EmploymentType,
    LocationType,
    PayInterval,
    Seniority,
)
from role_cards.settings import SourceConfig
from role_cards.sources import jsonld
from role_cards.sources.common import PayloadError

PAYLOADS = Path(__file__).parents[1] / "fixtures" / "payloads"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
CAREERS = "https://careers.example.com/jobs"
ABOUT = "https://careers.example.com/about"
SOURCE = SourceConfig(
    name="tailspin",
    kind="jsonld",
    url=CAREERS,
    urls=(CAREERS, ABOUT),
    apply_hosts=("careers.example.com",),
)


def page(url: str, name: str) -> dict[str, str]:
    return {"url": url, "html": (PAYLOADS / name).read_text(encoding="utf-8")}


def pages() -> list[dict[str, str]]:
    return [page(CAREERS, "jsonld_careers.html"), page(ABOUT, "jsonld_nojobs.html")]


def posting_page(script: str) -> list[dict[str, str]]:
    html = f'<html><script type="application/ld+json">{script}</script></html>'
    return [{"url": CAREERS, "html": html}]


def test_fetch_reads_every_configured_page(fake_http: Any) -> None:
    http = fake_http(text={CAREERS: "<html>a</html>", ABOUT: "<html>b</html>"})
    assert jsonld.fetch(http, SOURCE) == [
        {"url": CAREERS, "html": "<html>a</html>"},
        {"url": ABOUT, "html": "<html>b</html>"},
    ]
    assert http.calls == [("GET", CAREERS, None, None), ("GET", ABOUT, None, None)]


def test_fetch_without_urls_reads_the_main_url(fake_http: Any) -> None:
    source = SourceConfig(
        name="t", kind="jsonld", url=CAREERS, apply_hosts=("careers.example.com",)
    )
    http = fake_http(text={CAREERS: "x"})
    assert jsonld.fetch(http, source) == [{"url": CAREERS, "html": "x"}]


def test_parse_finds_postings_in_graph_and_arrays() -> None:
    result = jsonld.parse(pages(), SOURCE, now=NOW)
    prompt, analytics = result.roles

    assert prompt.id == "tailspin:TS-1042"
    assert prompt.title == "Senior Prompt Engineer </script><script>alert(1)</script>"
    assert prompt.company == "Tailspin Analytics"
    assert (
        prompt.job_url
        == prompt.apply_target
        == "https://careers.example.com/jobs/llm-evals"
    )
    assert (prompt.field, prompt.seniority) == ("ai-machine-learning", Seniority.SENIOR)
    assert prompt.employment_type is EmploymentType.CONTRACT  # first known of the list
    assert prompt.location_type is LocationType.REMOTE  # TELECOMMUTE
    assert prompt.countries == ("US", "CA")
    assert prompt.posted_at == datetime(2026, 11, 12, tzinfo=UTC)
    assert prompt.valid_through == datetime(2027, 1, 31, 23, 59, tzinfo=UTC)
    assert prompt.skills == ("Prompt design", "Python", "evaluation")
    assert prompt.description_html == (
        "<p>Design <b>evaluation suites</b> for generative models.</p>"
    )
    assert prompt.pay is not None
    assert (prompt.pay.min, prompt.pay.max, prompt.pay.interval) == (
        70.0,
        95.0,
        PayInterval.HOUR,
    )

    # A relative url resolves against the page; escaped HTML is unescaped.
    assert analytics.job_url == "https://careers.example.com/jobs/analytics-engineer"
    assert (
        analytics.description_html == "<p>Model our warehouse in <code>dbt</code>.</p>"
    )
    assert analytics.location_type is LocationType.ONSITE
    assert analytics.region == "Lisbon, PT"
    assert analytics.pay is not None
    assert (analytics.pay.min, analytics.pay.max, analytics.pay.currency) == (
        65000.0,
        65000.0,
        "EUR",
    )


def test_malformed_json_and_pages_without_postings_are_problems_not_failures() -> None:
    result = jsonld.parse(pages(), SOURCE, now=NOW)
    assert result.problems == [
        f"tailspin page {CAREERS}: JSON-LD block 2 is not valid JSON "
        "(Expecting value, line 3)",
        f"tailspin page {ABOUT}: no JobPosting found",
    ]
    assert result.skipped == ["tailspin job TS-0999: expired on 2026-10-01"]


def test_an_identifier_that_is_not_usable_becomes_a_hash_of_the_url() -> None:
    script = (
        '{"@type": "JobPosting", "identifier": "JOB 17/B", "title": "Data Analyst",'
        ' "description": "<p>x</p>", "datePosted": "2026-11-01",'
        ' "hiringOrganization": {"name": "Tailspin"}, "url": "https://careers.example.com/j/17"}'
    )
    (role,) = jsonld.parse(posting_page(script), SOURCE, now=NOW).roles
    assert len(role.source_id) == 16
    assert role.company == "Tailspin"


@pytest.mark.parametrize(
    ("posting", "text"),
    [
        ('"url": "javascript:alert(1)"', "refused"),
        ('"url": "https://evil.example/job"', "not an allowed host"),
        ('"url": "//evil.example/job"', "not an allowed host"),
        ('"title": ["A", "B"]', "title is not text"),
        ('"datePosted": "2099-01-01"', "impossible"),
        ('"validThrough": "2026-10-01"', "before posting"),
        (
            '"baseSalary": {"currency": "USD",'
            ' "value": {"value": -1, "unitText": "HOUR"}}',
            "negative",
        ),
    ],
)
def test_garbage_postings_are_dropped_and_named(posting: str, text: str) -> None:
    base = (
        '{"@type": "JobPosting", "identifier": "TS-1", "title": "Data Analyst",'
        ' "description": "<p>x</p>", "datePosted": "2026-11-01",'
        ' "hiringOrganization": "Tailspin", "url": "https://careers.example.com/j/1"'
    )
    script = f"[{base}, {posting}}}, {base.replace('TS-1', 'TS-2')}}}]"
    result = jsonld.parse(posting_page(script), SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == ["TS-2"]
    (line,) = result.problems
    assert line.startswith("tailspin job TS-1: ")
    assert text in line


@pytest.mark.parametrize(
    "payload",
    [
        {"url": CAREERS, "html": ""},
        [{"url": CAREERS}],
        [{"url": 1, "html": ""}],
        ["<html>"],
    ],
)
def test_wrong_shapes_are_payload_errors(payload: Any) -> None:
    with pytest.raises(PayloadError, match=r"tailspin \(jsonld\)"):
        jsonld.parse(payload, SOURCE, now=NOW)


def test_no_pages_is_zero_roles() -> None:
    result = jsonld.parse([], SOURCE, now=NOW)
    assert (result.roles, result.problems) == ([], [])


def test_jobposting_type_forms() -> None:
    assert jsonld.postings_in(
        '<script type="application/ld+json; charset=utf-8">'
        '[{"@type": "https://schema.org/JobPosting"}, {"@type": "schema:JobPosting"},'
        ' {"@type": ["Thing", "JobPosting"]}, {"@type": "Organization"},'
        ' {"@graph": [{"@graph": [{"@type": "JobPosting", "title": "deep"}]}]}]'
        "</script>"
    )[0] == [
        {"@type": "https://schema.org/JobPosting"},
        {"@type": "schema:JobPosting"},
        {"@type": ["Thing", "JobPosting"]},
        {"@type": "JobPosting", "title": "deep"},
    ]
