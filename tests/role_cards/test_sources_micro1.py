"""micro1: paging the portal endpoint and parsing recorded-shape pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from role_cards.model import (
    Discipline,
    EmploymentType,
    LocationType,
    PayInterval,
    Seniority,
)
from role_cards.settings import SourceConfig
from role_cards.sources import micro1
from role_cards.sources.common import IncompleteListing, PayloadError

PAYLOADS = Path(__file__).parents[1] / "fixtures" / "payloads"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
URL = "https://prod-api.micro1.ai/api/v1/job/portal"
SOURCE = SourceConfig(name="micro1", kind="micro1", url=URL)


def load(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def page_of(count: int, start: int = 0) -> dict[str, Any]:
    jobs = [{"job_id": f"job-{start + n}"} for n in range(count)]
    return {"status": True, "data": jobs}


# --- fetch ---------------------------------------------------------------------


def test_fetch_posts_the_portal_query_and_pages_until_a_short_page(
    fake_http: Any,
) -> None:
    source = SourceConfig(name="micro1", kind="micro1", url=URL, page_limit=3)
    http = fake_http(json=[page_of(3), page_of(3, 3), page_of(1, 6)])
    pages = micro1.fetch(http, source)
    assert len(pages) == 3
    assert [call[2] for call in http.calls] == [
        {"page": 1, "limit": 3},
        {"page": 2, "limit": 3},
        {"page": 3, "limit": 3},
    ]
    for method, url, _, body in http.calls:
        assert (method, url) == ("POST", URL)
        assert body == {"action": "get_all_jobs", "filters": {"type": ["EXPERT"]}}


def test_fetch_sends_configured_filters(fake_http: Any) -> None:
    source = SourceConfig(
        name="micro1",
        kind="micro1",
        url=URL,
        filters={"type": ["EXPERT", "ENGINEERING"]},
    )
    http = fake_http(json=[page_of(0)])
    micro1.fetch(http, source)
    assert http.calls[0][3]["filters"] == {"type": ["EXPERT", "ENGINEERING"]}


def test_paging_that_never_ends_fails_the_source(fake_http: Any) -> None:
    # A partial list would make every role after the cut look closed.
    source = SourceConfig(
        name="micro1", kind="micro1", url=URL, page_limit=2, max_pages=2
    )
    http = fake_http(json=[page_of(2), page_of(2, 2), page_of(2, 4)])
    with pytest.raises(PayloadError, match="after 2 pages of 2; raise max_pages"):
        micro1.fetch(http, source)
    assert len(http.calls) == 2


def test_fetch_refuses_a_server_that_ignores_the_page_number(fake_http: Any) -> None:
    source = SourceConfig(name="micro1", kind="micro1", url=URL, page_limit=2)
    http = fake_http(json=[page_of(2)] * 10)
    with pytest.raises(IncompleteListing, match="page 2 repeats 2 jobs"):
        micro1.fetch(http, source)
    assert len(http.calls) == 2


def test_fetch_stops_on_a_page_that_is_not_a_job_list(fake_http: Any) -> None:
    http = fake_http(json=[{"status": False, "message": "blocked"}, page_of(3)])
    with pytest.raises(PayloadError, match="micro1 rejected the request: blocked"):
        micro1.fetch(http, SOURCE)
    assert len(http.calls) == 1


# --- parse: happy path ---------------------------------------------------------


def test_parse_recorded_pages() -> None:
    pages = [load("micro1_page1.json"), load("micro1_page2.json")]
    result = micro1.parse(pages, SOURCE, now=NOW)
    assert result.problems == []
    assert result.skipped == [
        "micro1 job c2e4f6a8-0b1d-4e3f-9a5b-7c9d1e3f5a7b: status is 'closed'"
    ]
    llm, lawyer, analyst = result.roles

    assert llm.id == "micro1:3f1c2a9e-6b7d-4c1e-9a51-0d2b7e8f4a10"
    assert llm.title == "Senior LLM Engineer (RAG pipelines)"
    assert llm.company == "Northwind Labs"
    assert (
        llm.job_url
        == "https://jobs.micro1.ai/post/3f1c2a9e-6b7d-4c1e-9a51-0d2b7e8f4a10"
    )
    assert llm.apply_target == llm.job_url + "?source=portal"
    assert (llm.discipline, llm.seniority) == (Discipline.LLM, Seniority.SENIOR)
    assert llm.employment_type is EmploymentType.CONTRACT
    assert llm.location_type is LocationType.REMOTE
    assert llm.region == "Worldwide"
    assert llm.posted_at == datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    assert llm.pay is not None
    assert (llm.pay.min, llm.pay.max, llm.pay.currency, llm.pay.interval) == (
        60.0,
        90.0,
        "USD",
        PayInterval.HOUR,
    )
    assert llm.skills == ("Python", "LangChain", "Vector databases")
    assert llm.description_html.startswith("<h3>About the role</h3>")
    assert llm.description_text.startswith("About the role Build retrieval pipelines")

    # No company named: micro1 posts the role. Hourly 0/0 means "not stated".
    assert lawyer.company == "micro1"
    assert lawyer.apply_target == lawyer.job_url
    assert lawyer.discipline is Discipline.OTHER
    assert lawyer.employment_type is EmploymentType.PART_TIME
    assert lawyer.pay is not None
    assert (lawyer.pay.min, lawyer.pay.max, lawyer.pay.interval) == (
        6000.0,
        8000.0,
        PayInterval.MONTH,
    )

    # Page 2 has the {"data": {"jobs": [...]}} shape.
    assert analyst.discipline is Discipline.DATA_SCIENCE
    assert analyst.location_type is LocationType.HYBRID
    assert analyst.pay is not None
    assert analyst.pay.interval is PayInterval.YEAR


def test_a_configured_company_replaces_the_micro1_default() -> None:
    source = SourceConfig(
        name="micro1", kind="micro1", url=URL, company="A micro1 client"
    )
    result = micro1.parse(load("micro1_page1.json"), source, now=NOW)
    assert result.roles[1].company == "A micro1 client"


def test_empty_list_is_zero_roles_and_no_problems() -> None:
    result = micro1.parse([load("micro1_empty.json")], SOURCE, now=NOW)
    assert (result.roles, result.problems, result.skipped) == ([], [], [])
    assert micro1.parse([], SOURCE, now=NOW).roles == []


# --- parse: whole-payload failures -------------------------------------------


def test_status_false_is_a_payload_error() -> None:
    with pytest.raises(
        PayloadError, match="micro1 rejected the request: Invalid action"
    ):
        micro1.parse([load("micro1_rejected.json")], SOURCE, now=NOW)


@pytest.mark.parametrize(
    "payload",
    [
        "<html>blocked</html>",
        [["not", "a", "page"]],
        [{"status": True}],
        [{"status": True, "data": {"items": []}}],
        [{"status": True, "data": "none"}],
        [load("micro1_page1.json"), 42],
    ],
)
def test_wrong_shapes_are_payload_errors(payload: Any) -> None:
    with pytest.raises(PayloadError, match="micro1 page"):
        micro1.parse(payload, SOURCE, now=NOW)


# --- parse: item-level garbage -------------------------------------------------


@pytest.fixture(scope="module")
def garbage() -> Any:
    return micro1.parse([load("micro1_garbage.json")], SOURCE, now=NOW)


GARBAGE_PROBLEMS = [
    ("job a0000000-0000-4000-8000-000000000002", "title is missing or empty"),
    ("job a0000000-0000-4000-8000-000000000003", "title is not text (got int)"),
    ("job a0000000-0000-4000-8000-000000000004", "title is not text (got list)"),
    ("item #5", "job id is missing"),
    ("job a0000000-0000-4000-8000-000000000006", "implausible"),
    ("job a0000000-0000-4000-8000-000000000007", "negative"),
    ("job a0000000-0000-4000-8000-000000000008", "'lots' is not a number"),
    ("job a0000000-0000-4000-8000-000000000009", "above the maximum"),
    ("job a0000000-0000-4000-8000-000000000010", "is not a date"),
    ("job a0000000-0000-4000-8000-000000000011", "1999-12-31 is impossible"),
    ("job a0000000-0000-4000-8000-000000000012", "2031-01-01 is impossible"),
    ("job a0000000-0000-4000-8000-000000000001", "duplicate id"),
    ("item #17", "job is a str, not an object"),
    ("job a0000000-0000-4000-8000-000000000018", "not a number (got bool)"),
    ("item #19", "job id is missing or not text (got list)"),
    ("job a0000000-0000-4000-8000-000000000020", "is absurdly large"),
    ("item #21", "job is null, not an object"),
    ("job a0000000-0000-4000-8000-000000000022", "'javascript:alert("),
    ("job a0000000-0000-4000-8000-000000000023", "not an allowed host"),
    ("item #24", "job is an int, not an object"),
]


def test_garbage_items_are_dropped_one_by_one(garbage: Any) -> None:
    ids = [role.source_id[-2:] for role in garbage.roles]
    assert ids == ["01", "14", "15", "16"]
    assert len(garbage.problems) == len(GARBAGE_PROBLEMS)
    assert garbage.skipped == []


@pytest.mark.parametrize(("label", "text"), GARBAGE_PROBLEMS)
def test_each_garbage_problem_names_the_job(
    garbage: Any, label: str, text: str
) -> None:
    assert any(
        p.startswith(f"micro1 {label}: ") and text in p for p in garbage.problems
    )


def test_duplicate_keeps_the_first(garbage: Any) -> None:
    assert garbage.roles[0].title == "Machine Learning Engineer 1"


def test_markup_in_title_and_company_is_kept_as_text(garbage: Any) -> None:
    role = garbage.roles[1]
    assert role.title == "<b>Prompt</b> Engineer </script><script>alert(1)</script>"
    assert role.company == "Acme </script><img src=x onerror=alert(1)>"
    assert role.slug.isascii()
    assert "<" not in role.slug


def test_bidi_and_zero_width_characters_are_removed_from_titles(garbage: Any) -> None:
    role = garbage.roles[2]
    assert role.title == "NLP Engineer Senior"
    assert (role.discipline, role.seniority) == (Discipline.NLP, Seniority.SENIOR)


def test_dangerous_description_markup_is_removed(garbage: Any) -> None:
    html = garbage.roles[3].description_html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("iframe") is None
    assert "<!--" not in html
    assert not [
        tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
    ]
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert hrefs == [None, None, None, None, "https://docs.example.org/guide"]
    for text in ("js", "data", "protocol-relative", "relative", "kept"):
        assert text in soup.get_text()


@pytest.mark.parametrize(
    "apply_url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "//jobs.micro1.ai/post/x",
        "https://evil.example/post/x",
        "https://jobs.micro1.ai.evil.example/post/x",
        "https://user@jobs.micro1.ai/post/x",
        "http://jobs.micro1.ai/post/x",
        "https://jobs.micro1.ai:8080/post/x",
        "https://jobs.micro1.ai@evil.example/post/x",
        "https://jobs.micro1.a\u0456/post/x",  # Cyrillic i: a look-alike host
        ["https://jobs.micro1.ai/post/x"],
    ],
)
def test_an_unsafe_apply_url_drops_the_role_naming_source_and_job(
    apply_url: object,
) -> None:
    good = load("micro1_page1.json")["data"][0]
    bad = good | {"job_id": "bad-apply-1", "apply_url": apply_url}
    result = micro1.parse({"status": True, "data": [good, bad]}, SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == [good["job_id"]]
    (line,) = result.problems
    assert line.startswith("micro1 job bad-apply-1: apply URL ")
    assert "refused" in line or "not text" in line


def test_a_missing_apply_url_means_the_job_page() -> None:
    job = load("micro1_page1.json")["data"][0]
    for missing in ({"apply_url": None}, {"apply_url": ""}):
        (role,) = micro1.parse({"data": [job | missing]}, SOURCE, now=NOW).roles
        assert role.apply_target == f"https://jobs.micro1.ai/post/{job['job_id']}"
    no_key = {k: v for k, v in job.items() if k != "apply_url"}
    (role,) = micro1.parse({"data": [no_key]}, SOURCE, now=NOW).roles
    assert role.apply_target == role.job_url


def test_pay_falls_back_from_hourly_to_monthly_to_yearly() -> None:
    base = load("micro1_page1.json")["data"][0]
    yearly = base | {"ideal_hourly_rate": None, "ideal_yearly_compensation": 120000}
    result = micro1.parse({"status": True, "data": [yearly]}, SOURCE, now=NOW)
    pay = result.roles[0].pay
    assert pay is not None
    assert (pay.min, pay.max, pay.interval) == (120000.0, 120000.0, PayInterval.YEAR)
    nothing = base | {"ideal_hourly_rate": {"min": None, "max": None}}
    assert micro1.parse({"data": [nothing]}, SOURCE, now=NOW).roles[0].pay is None


def test_missing_status_is_read_as_open_and_other_statuses_as_closed() -> None:
    base = load("micro1_page1.json")["data"][0]
    no_status = {k: v for k, v in base.items() if k != "job_status"}
    paused = base | {"job_id": "paused-1", "job_status": "paused"}
    result = micro1.parse({"data": [no_status, paused]}, SOURCE, now=NOW)
    assert [r.source_id for r in result.roles] == [base["job_id"]]
    assert result.skipped == ["micro1 job paused-1: status is 'paused'"]
