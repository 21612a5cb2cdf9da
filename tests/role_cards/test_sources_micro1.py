"""micro1: paging the portal endpoint and parsing recorded-shape pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from role_cards.model import (
    EmploymentType,
    LocationType,
    PayInterval,
    Seniority,
)
from role_cards.settings import SourceConfig
from role_cards.sources import micro1
from role_cards.sources.common import IncompleteListing, PayloadError
from role_cards.sources.micro1_details import Enriched, detail_record

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

A = "5b1e9c4a-2d7f-4e8a-9c3b-1f6a0d2e7b41"
B = "8a0d5c3b-2f4e-4b9a-8c7d-1e6f0a2b3c4d"
C = "c7e2a9f1-4b6d-4a3c-8e5f-2d9b7a1c6e30"
D = "e4f1b8c2-9a3d-4f6e-b7a1-5c2d8e9f0a13"


def enriched(pages: list[Any], details: dict[str, Any]) -> Enriched:
    """Pages plus detail answers, as the detail step hands them to parse."""
    out = Enriched(pages=pages, fetched_at=NOW)
    for job_id, answer in details.items():
        try:
            out.details[job_id] = detail_record(answer, job_id)
        except PayloadError:
            continue
    return out


def test_parse_recorded_list_pages() -> None:
    pages = [load("micro1_page1.json"), load("micro1_page2.json")]
    result = micro1.parse(pages, SOURCE, now=NOW)
    assert (result.problems, result.skipped, result.notes) == ([], [], [])
    by_id = {role.source_id: role for role in result.roles}
    physics, lawyer, linguist, robot = (by_id[i] for i in (A, B, C, D))

    assert physics.title == "Graduate-level Physics Expert"
    assert physics.company == "micro1"
    assert physics.job_url == f"https://jobs.micro1.ai/post/{A}"
    assert physics.field == "sciences-research"  # from domain_slug
    assert physics.seniority is Seniority.UNSPECIFIED
    # job_type "REGULAR" is not an employment type; a list record states none.
    assert physics.employment_type is EmploymentType.UNSPECIFIED
    assert (physics.reward, physics.openings, physics.high_demand) == (500, 50, True)
    assert physics.skills[0] == "Multi-step quantitative reasoning"
    assert physics.location_type is LocationType.REMOTE
    assert physics.region == ""
    assert physics.posted_at == datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    # micro1's job page: valid for 60 days after posting.
    assert physics.valid_through == datetime(2027, 1, 17, 9, 30, tzinfo=UTC)
    assert physics.pay is not None
    assert (physics.pay.min, physics.pay.max, physics.pay.interval) == (
        80.0,
        90.0,
        PayInterval.HOUR,
    )
    assert physics.description_html == ""  # the list carries none

    assert lawyer.field == "law"
    assert (lawyer.reward, lawyer.high_demand, lawyer.pay) == (1000, False, None)
    # No domain_slug: the keyword rules place it.
    assert (linguist.domain, linguist.field) == ("", "language-audio")
    assert (robot.field, robot.openings, robot.reward) == ("robotics", 4000, 25)


def test_details_add_description_type_questions_and_the_per_task_note() -> None:
    pages = [load("micro1_page1.json"), load("micro1_page2.json")]
    result = micro1.parse(enriched(pages, load("micro1_details.json")), SOURCE, now=NOW)
    by_id = {role.source_id: role for role in result.roles}
    physics = by_id[A]
    assert physics.description_html.startswith("<p>Role Type: Contractor</p>")
    assert physics.employment_type is EmploymentType.CONTRACT
    assert physics.questions == (
        "Do you hold a graduate degree in physics?",
        "How many hours a week can you commit?",
    )
    assert physics.pay_per_task  # hourly figure, "paid per task" in the text
    assert (physics.details_at, physics.details_missing) == (NOW, False)
    assert by_id[B].employment_type is EmploymentType.PART_TIME
    assert not by_id[B].pay_per_task
    # C's detail was refused, D's answer was for another job: list facts only.
    for job_id in (C, D):
        assert by_id[job_id].description_html == ""
        assert by_id[job_id].details_missing
        assert by_id[job_id].details_at is None


def test_detail_html_with_scripts_and_handlers_is_sanitised() -> None:
    pages = [load("micro1_page1.json")]
    result = micro1.parse(enriched(pages, load("micro1_details.json")), SOURCE, now=NOW)
    html = next(r for r in result.roles if r.source_id == B).description_html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("iframe") is None
    assert not [
        t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)
    ]
    assert [a.get("href") for a in soup.find_all("a")] == [
        None,
        None,
        "https://docs.example.org/guide",
    ]


def test_valid_through_is_60_days_after_posting_only_while_ahead() -> None:
    job = load("micro1_page1.json")["data"][0]
    old = job | {"date_posted": "2026-09-01 10:00:00"}  # 81 days before NOW
    (role,) = micro1.parse({"data": [old]}, SOURCE, now=NOW).roles
    assert role.valid_through is None  # still listed: open, with no date to give


def test_a_detail_shaped_record_is_read_with_its_own_names() -> None:
    detail = load("micro1_details.json")[A]["data"]
    (role,) = micro1.parse({"status": True, "data": [detail]}, SOURCE, now=NOW).roles
    assert role.source_id == A
    assert role.title == "Graduate-level Physics Expert"
    assert role.posted_at == datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    assert role.skills[0] == "Multi-step quantitative reasoning"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Role Type: Contractor</p><p>...</p>", EmploymentType.CONTRACT),
        ("<p>role type:  Full-time</p>", EmploymentType.FULL_TIME),
        ("Intro\nRole Type: Part-time\nMore", EmploymentType.PART_TIME),
        ("<p>We value the role type: curious people.</p>", EmploymentType.UNSPECIFIED),
        ("<p>No type stated.</p>", EmploymentType.UNSPECIFIED),
    ],
)
def test_role_type_is_read_from_the_description(
    text: str, expected: EmploymentType
) -> None:
    assert micro1.role_type_of(text) is expected


@pytest.mark.parametrize(
    "reward", ["lots", "-50", -50, "100001", 1e9, "nan", True, {"usd": 5}, "0"]
)
def test_a_bad_reward_is_not_shown_and_is_reported(reward: object) -> None:
    job = load("micro1_page1.json")["data"][0] | {"referral_reward_amount": reward}
    result = micro1.parse({"status": True, "data": [job]}, SOURCE, now=NOW)
    (role,) = result.roles  # the role stays
    assert role.reward is None
    (note,) = result.notes
    assert note.startswith(f"micro1 job {A}: referral reward ")
    assert "not shown" in note


@pytest.mark.parametrize(
    ("reward", "amount"), [("500", 500.0), ("3000", 3000.0), (25, 25.0), ("", None)]
)
def test_rewards_in_the_real_vocabulary(reward: object, amount: float | None) -> None:
    job = load("micro1_page1.json")["data"][0] | {"referral_reward_amount": reward}
    result = micro1.parse({"data": [job]}, SOURCE, now=NOW)
    assert result.roles[0].reward == amount
    assert result.notes == []


def test_an_unmapped_domain_falls_back_to_keywords_and_is_reported_once() -> None:
    base = load("micro1_page1.json")["data"][0]
    jobs = [
        base
        | {"job_id": f"x-{n}", "domain_slug": "astrology", "job_name": title}
        | {"skills": ["Card reading"]}
        for n, title in enumerate(["Tax Accountant", "Tarot Reader", "Auditor"])
    ]
    result = micro1.parse({"data": jobs}, SOURCE, now=NOW)
    assert [r.field for r in result.roles] == ["finance", "other-expert", "finance"]
    (note,) = result.notes
    assert note.startswith("micro1: domain_slug 'astrology' (3 roles) is not in")


def test_openings_and_high_demand_take_only_the_real_values() -> None:
    base = load("micro1_page1.json")["data"][0]
    for value, openings in ((1, 1), ("12", 12), (0, None), ("many", None), (-3, None)):
        job = base | {"no_of_openings": value}
        assert micro1.parse({"data": [job]}, SOURCE, now=NOW).roles[0].openings == (
            openings
        )
    absent = {k: v for k, v in base.items() if k != "is_high_demand_job"}
    assert not micro1.parse({"data": [absent]}, SOURCE, now=NOW).roles[0].high_demand


def test_the_referral_list_is_parsed_like_the_portal_list() -> None:
    (role,) = micro1.parse(load("micro1_referral_page.json"), SOURCE, now=NOW).roles
    # The apply URL keeps the other referrer's code until the loader builds ours.
    assert "referralCode=9d7c1b2a" in role.apply_target


def test_a_configured_company_replaces_the_micro1_default() -> None:
    source = SourceConfig(
        name="micro1", kind="micro1", url=URL, company="A micro1 client"
    )
    job = load("micro1_page1.json")["data"][0] | {"company_name": ""}
    result = micro1.parse({"data": [job]}, source, now=NOW)
    assert result.roles[0].company == "A micro1 client"


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
    assert (role.field, role.seniority) == ("ai-machine-learning", Seniority.SENIOR)


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
