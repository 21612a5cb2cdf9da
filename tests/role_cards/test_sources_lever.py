"""Lever: recorded-shape postings."""

from __future__ import annotations

import json
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
from role_cards.sources import lever
from role_cards.sources.common import PayloadError

PAYLOADS = Path(__file__).parents[1] / "fixtures" / "payloads"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
URL = "https://api.lever.co/v0/postings/contoso"
SOURCE = SourceConfig(name="contoso", kind="lever", url=URL, company="Contoso")


def load() -> Any:
    return json.loads((PAYLOADS / "lever_postings.json").read_text(encoding="utf-8"))


def test_fetch_asks_for_json_mode(fake_http: Any) -> None:
    http = fake_http(json=[[]])
    assert lever.fetch(http, SOURCE) == []
    assert http.calls == [("GET", URL, {"mode": "json"}, None)]


def test_parse_recorded_postings() -> None:
    result = lever.parse(load(), SOURCE, now=NOW)
    assert result.problems == []
    nlp, mlops = result.roles
    assert nlp.id == "contoso:7d1b2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
    assert nlp.company == "Contoso"
    assert nlp.job_url.startswith("https://jobs.lever.co/contoso/7d1b2c3e")
    assert nlp.apply_target == nlp.job_url + "/apply"
    assert (nlp.field, nlp.seniority) == ("ai-machine-learning", Seniority.SENIOR)
    assert nlp.employment_type is EmploymentType.FULL_TIME
    assert nlp.location_type is LocationType.REMOTE
    assert nlp.region == "Remote, US"
    assert nlp.countries == ("US",)
    assert nlp.posted_at == datetime(2026, 11, 17, 12, 0, tzinfo=UTC)
    assert nlp.pay is not None
    assert (nlp.pay.min, nlp.pay.max, nlp.pay.currency, nlp.pay.interval) == (
        170000.0,
        210000.0,
        "USD",
        PayInterval.YEAR,
    )

    assert mlops.field == "ai-machine-learning"
    assert mlops.employment_type is EmploymentType.CONTRACT
    assert mlops.location_type is LocationType.HYBRID
    assert mlops.pay is not None
    assert (mlops.pay.currency, mlops.pay.interval) == ("CAD", PayInterval.HOUR)


def test_description_joins_opening_lists_and_closing_safely() -> None:
    html = lever.parse(load(), SOURCE, now=NOW).roles[0].description_html
    assert html == (
        "<div><b>Join the applied NLP team</b> working on "
        "<i>document understanding</i>.</div>"
        "<h3>What you'll do</h3><ul><li>Train named entity recognition models</li>"
        "<li>Label data with linguists</li></ul>"
        "<h3>&lt;You&gt; &amp; us</h3><ul><li>Small team</li></ul>"
        "<p>We sponsor visas where we can.</p>"
    )


def test_lever_error_answer_is_a_payload_error() -> None:
    with pytest.raises(
        PayloadError, match="Lever refused the request: Document not found"
    ):
        lever.parse({"ok": False, "error": "Document not found"}, SOURCE, now=NOW)


@pytest.mark.parametrize("payload", [{"postings": []}, "[]", None])
def test_wrong_shapes_are_payload_errors(payload: Any) -> None:
    with pytest.raises(PayloadError, match=r"contoso \(lever\): expected a list"):
        lever.parse(payload, SOURCE, now=NOW)


def test_empty_site_is_zero_roles() -> None:
    result = lever.parse([], SOURCE, now=NOW)
    assert (result.roles, result.problems) == ([], [])


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"createdAt": 10**20}, "is not a time"),
        ({"createdAt": "yesterday"}, "is not a date"),
        ({"createdAt": True}, "not a date (got bool)"),
        ({"createdAt": 946684799000}, "impossible"),  # 1999-12-31
        ({"text": 42}, "title is not text"),
        ({"applyUrl": "https://jobs.lever.co.evil.example/x"}, "apply URL"),
        ({"hostedUrl": "https://jobs.lever.co:8443/x"}, "job URL"),
        (
            {
                "salaryRange": {
                    "currency": "USD",
                    "interval": "per-hour-wage",
                    "min": 1,
                    "max": 9000,
                }
            },
            "implausible",
        ),
        (
            {
                "salaryRange": {
                    "currency": "USD",
                    "interval": "per-year-salary",
                    "min": "n/a",
                    "max": 1,
                }
            },
            "not a number",
        ),
    ],
)
def test_garbage_postings_are_dropped_and_named(
    change: dict[str, Any], text: str
) -> None:
    good, other = load()
    result = lever.parse([good | change, other], SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == [other["id"]]
    (line,) = result.problems
    assert line.startswith(f"contoso job {good['id']}: ")
    assert text in line
