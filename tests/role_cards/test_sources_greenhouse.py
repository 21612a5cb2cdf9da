"""Greenhouse: recorded-shape board payloads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from role_cards.model import EmploymentType, LocationType, Seniority
from role_cards.settings import SourceConfig
from role_cards.sources import greenhouse
from role_cards.sources.common import PayloadError

PAYLOADS = Path(__file__).parents[1] / "fixtures" / "payloads"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
URL = "https://boards-api.greenhouse.io/v1/boards/northwindlabs/jobs?content=true"
SOURCE = SourceConfig(name="northwind", kind="greenhouse", url=URL)


def load() -> Any:
    return json.loads((PAYLOADS / "greenhouse_jobs.json").read_text(encoding="utf-8"))


def test_fetch_gets_the_configured_url_once(fake_http: Any) -> None:
    http = fake_http(json=[{"jobs": []}])
    assert greenhouse.fetch(http, SOURCE) == {"jobs": []}
    assert http.calls == [("GET", URL, None, None)]


def test_parse_recorded_board() -> None:
    result = greenhouse.parse(load(), SOURCE, now=NOW)
    platform, analyst = result.roles
    assert platform.id == "northwind:4012345005"
    assert platform.title == "Staff ML Platform Engineer"
    assert platform.company == "Northwind Labs"  # the job's company_name
    assert platform.job_url == platform.apply_target
    assert (
        platform.job_url
        == "https://job-boards.greenhouse.io/northwindlabs/jobs/4012345005"
    )
    assert (platform.field, platform.seniority) == (
        "ai-machine-learning",
        Seniority.STAFF,
    )
    assert platform.employment_type is EmploymentType.FULL_TIME  # from metadata
    assert platform.location_type is LocationType.REMOTE  # "Remote - Europe"
    assert platform.posted_at == datetime(
        2026, 11, 4, 14, 0, tzinfo=UTC
    )  # first_published
    assert platform.updated_at == datetime(2026, 11, 19, 15, 12, 44, tzinfo=UTC)
    assert platform.pay is None

    assert analyst.posted_at == datetime(2026, 11, 12, 8, 0, tzinfo=UTC)  # updated_at
    assert analyst.location_type is LocationType.ONSITE
    assert analyst.field == "data-analysis"


def test_entity_escaped_content_is_unescaped_then_sanitised() -> None:
    html = greenhouse.parse(load(), SOURCE, now=NOW).roles[0].description_html
    assert "&lt;" not in html
    assert html.startswith("<div><h3>Who we are</h3><p>We run <em>inference</em>")
    assert "<script" not in html
    assert "alert" not in html
    assert 'class="' not in html
    assert 'target="' not in html
    assert '<a href="https://northwind.example/benefits" rel="nofollow' in html


def test_a_job_url_off_the_allowlist_drops_that_job_only() -> None:
    result = greenhouse.parse(load(), SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == ["4012345005", "4012345007"]
    (line,) = result.problems
    assert line.startswith(
        "northwind job 4012345006: job URL 'https://northwind.example/"
    )
    assert "not an allowed host" in line


def test_source_company_and_allowlist_win() -> None:
    source = SourceConfig(
        name="northwind",
        kind="greenhouse",
        url=URL,
        company="Northwind",
        apply_hosts=("northwind.example",),
    )
    result = greenhouse.parse(load(), source, now=NOW)
    assert [r.source_id for r in result.roles] == ["4012345006"]
    assert result.roles[0].company == "Northwind"
    assert result.roles[0].seniority is Seniority.JUNIOR


def test_company_falls_back_to_the_source_name() -> None:
    payload = load()
    result = greenhouse.parse({"jobs": payload["jobs"][2:]}, SOURCE, now=NOW)
    assert result.roles[0].company == "northwind"


@pytest.mark.parametrize(
    "payload", [[], {"error": "not found"}, {"jobs": "none"}, None]
)
def test_wrong_shapes_are_payload_errors(payload: Any) -> None:
    with pytest.raises(
        PayloadError,
        match=r'northwind \(greenhouse\): expected an object with a "jobs" list',
    ):
        greenhouse.parse(payload, SOURCE, now=NOW)


def test_empty_board_is_zero_roles_and_no_problems() -> None:
    result = greenhouse.parse({"jobs": [], "meta": {"total": 0}}, SOURCE, now=NOW)
    assert (result.roles, result.problems) == ([], [])


def test_garbage_items_are_dropped_while_the_rest_survive() -> None:
    good = load()["jobs"][0]
    jobs = [
        good,
        good | {"id": 1, "title": ["x"]},
        good | {"id": 2, "absolute_url": "javascript:alert(1)"},
        good | {"id": 3, "first_published": "not a date"},
        {k: v for k, v in good.items() if k != "id"},
        good | {"id": 4, "content": {"html": "<p>x</p>"}},
        good,
    ]
    result = greenhouse.parse({"jobs": jobs}, SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == ["4012345005"]
    assert [p.split(":")[0] for p in result.problems] == [
        "northwind job 1",
        "northwind job 2",
        "northwind job 3",
        "northwind item #5",
        "northwind job 4",
        "northwind job 4012345005",
    ]
