"""Ashby: recorded-shape job board payloads."""

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
from role_cards.sources import ashby
from role_cards.sources.common import PayloadError

PAYLOADS = Path(__file__).parents[1] / "fixtures" / "payloads"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
URL = "https://api.ashbyhq.com/posting-api/job-board/fabrikam"
SOURCE = SourceConfig(name="fabrikam", kind="ashby", url=URL, company="Fabrikam")


def load() -> Any:
    return json.loads((PAYLOADS / "ashby_jobs.json").read_text(encoding="utf-8"))


def test_fetch_asks_for_compensation(fake_http: Any) -> None:
    http = fake_http(json=[{"jobs": []}])
    ashby.fetch(http, SOURCE)
    assert http.calls == [("GET", URL, {"includeCompensation": "true"}, None)]


def test_parse_recorded_board() -> None:
    result = ashby.parse(load(), SOURCE, now=NOW)
    assert result.problems == []
    assert result.skipped == [
        "fabrikam job 2f3e4d5c-6b7a-4899-a8b7-c6d5e4f3a2b1: not listed on the board"
    ]
    recs, backend = result.roles
    assert recs.id == "fabrikam:1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0"
    assert recs.apply_target.endswith("/application")
    assert (recs.field, recs.seniority) == (
        "ai-machine-learning",
        Seniority.STAFF,
    )
    assert recs.employment_type is EmploymentType.FULL_TIME
    assert recs.location_type is LocationType.REMOTE  # isRemote
    assert recs.posted_at == datetime(2026, 11, 14, 16, 20, tzinfo=UTC)
    assert recs.pay is not None
    assert (recs.pay.min, recs.pay.max, recs.pay.currency, recs.pay.interval) == (
        220000.0,
        260000.0,
        "USD",
        PayInterval.YEAR,
    )
    assert recs.description_html.startswith("<h3>Recommendations</h3>")

    assert backend.field == "software-engineering"
    assert backend.employment_type is EmploymentType.PART_TIME
    assert backend.location_type is LocationType.HYBRID  # workplaceType wins
    assert backend.pay is None  # compensation present but not parseable


def test_unknown_board_answers_an_empty_list() -> None:
    result = ashby.parse({"jobs": []}, SOURCE, now=NOW)
    assert (result.roles, result.problems, result.skipped) == ([], [], [])


@pytest.mark.parametrize("payload", [[], {"data": []}, {"jobs": {}}])
def test_wrong_shapes_are_payload_errors(payload: Any) -> None:
    with pytest.raises(PayloadError, match=r"fabrikam \(ashby\)"):
        ashby.parse(payload, SOURCE, now=NOW)


def test_id_falls_back_to_the_job_url() -> None:
    job = {k: v for k, v in load()["jobs"][0].items() if k != "id"}
    (role,) = ashby.parse({"jobs": [job]}, SOURCE, now=NOW).roles
    assert role.source_id == "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0"


def test_garbage_jobs_are_dropped_and_named() -> None:
    good = load()["jobs"][0]
    bad_pay = {
        "summaryComponents": [
            {
                "compensationType": "Salary",
                "interval": "1 YEAR",
                "currencyCode": "USD",
                "minValue": 260000,
                "maxValue": 220000,
            }
        ]
    }
    jobs = [
        good | {"id": "a1", "compensation": bad_pay},
        good | {"id": "a2", "applyUrl": "https://jobs.ashbyhq.com@evil.example/x"},
        good | {"id": "a3", "publishedAt": None},
        good | {"id": "a4", "title": ""},
        good,
    ]
    result = ashby.parse({"jobs": jobs}, SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == [good["id"]]
    assert [line.split(": ", 1)[0] for line in result.problems] == [
        "fabrikam job a1",
        "fabrikam job a2",
        "fabrikam job a3",
        "fabrikam job a4",
    ]
    assert "above the maximum" in result.problems[0]
    assert "user name" in result.problems[1]
