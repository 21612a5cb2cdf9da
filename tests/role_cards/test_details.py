"""micro1 job details: fetched once, kept in the snapshot, asked again only
when needed; failures never cost a role. Against a real server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Micro1Portal, detail_of
from role_cards.loader import current_field, load_board
from role_cards.refresh import refresh
from role_cards.settings import RoleCardsSettings, SettingsError, load_settings
from role_cards.snapshot import read_snapshot
from role_cards.sources.micro1_details import (
    STOP_AFTER_FAILURES,
    detail_record,
    fetch_details,
)
from role_cards.sources.problems import PayloadError
from werkzeug import Request, Response

from tests.fixtures.roles.helpers import make_role

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER_CODE = "9d7c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
PATH = "/api/v1/job/portal"


def settings_for(tmp_path: Path, url: str, **extra: object) -> RoleCardsSettings:
    return load_settings(
        {
            "ROLE_CARDS_SOURCES": [{"name": "micro1", "kind": "micro1", "url": url}],
            "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "roles"),
            "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
            "ROLE_CARDS_CONNECT_TIMEOUT": 1,
            "ROLE_CARDS_READ_TIMEOUT": 2,
            "ROLE_CARDS_BACKOFF_BASE": 0.001,
            "ROLE_CARDS_RETRIES": 1,
            "REFERRAL_CODE": CODE,
            **extra,
        }
    )


@pytest.fixture
def portal(tmp_path, httpserver, micro1_job, micro1_portal):
    jobs = [micro1_job(n) for n in range(1, 11)]
    served = micro1_portal(jobs)
    return served, settings_for(tmp_path, httpserver.url_for(PATH))


def test_a_second_run_over_the_same_list_reuses_every_detail(portal) -> None:
    served, settings = portal
    first = refresh(settings, now=NOW).entry("micro1")
    assert (first.details_fetched, first.details_reused, first.details_failed) == (
        10,
        0,
        0,
    )
    assert served.detail_requests == 10
    roles = read_snapshot(settings.snapshot_path("micro1")).roles
    assert all(r.description_html.startswith("<p>Role Type: Contractor") for r in roles)
    second = refresh(settings, now=NOW + timedelta(days=1)).entry("micro1")
    assert served.detail_requests == 10  # none asked again
    assert (second.details_fetched, second.details_reused) == (0, 10)
    assert "details 0 fetched, 10 reused, 0 failed" in second.summary()
    again = read_snapshot(settings.snapshot_path("micro1")).roles
    assert [r.description_html for r in again] == [r.description_html for r in roles]


def test_only_new_or_changed_jobs_and_old_details_are_asked_again(
    portal, micro1_job
) -> None:
    served, settings = portal
    refresh(settings, now=NOW)
    served.jobs[0] = served.jobs[0] | {"no_of_openings": 99}  # changed
    served.jobs.append(micro1_job(11))  # new
    served.details = {
        job["job_id"]: {"status": True, "data": _detail(job)} for job in served.jobs
    }
    entry = refresh(settings, now=NOW + timedelta(days=1)).entry("micro1")
    assert (entry.details_fetched, entry.details_reused) == (2, 9)
    # Past ROLE_CARDS_DETAILS_MAX_AGE_DAYS (7), every detail is asked again.
    late = refresh(settings, now=NOW + timedelta(days=7.5)).entry("micro1")
    assert (late.details_fetched, late.details_reused) == (9, 2)


def _detail(job: dict[str, Any]) -> dict[str, Any]:
    return detail_of(job)


def test_a_failed_detail_keeps_the_role_and_the_previous_details(portal) -> None:
    served, settings = portal
    refresh(settings, now=NOW)
    first_id = served.jobs[0]["job_id"]
    served.jobs[0] = served.jobs[0] | {"no_of_openings": 7}  # asks again
    served.details[first_id] = {"status": False, "message": "Job not found"}
    entry = refresh(settings, now=NOW + timedelta(days=1)).entry("micro1")
    assert entry.status == "fresh"
    assert (entry.details_fetched, entry.details_failed) == (0, 1)
    assert entry.detail_notes == [
        f"micro1 job {first_id}: details not read (micro1 refused: Job not found)"
    ]
    role = next(
        r
        for r in read_snapshot(settings.snapshot_path("micro1")).roles
        if r.source_id == first_id
    )
    assert role.openings == 7  # tonight's list facts
    assert role.description_html.startswith("<p>Role Type: Contractor")  # kept
    assert not role.details_missing


def test_a_job_whose_details_never_came_shows_its_list_facts_with_a_note(
    portal,
) -> None:
    served, settings = portal
    first_id = served.jobs[0]["job_id"]
    served.details[first_id] = {"status": True, "data": None}
    other = served.jobs[1]["job_id"]
    # A detail for another job id is ignored and reported.
    served.details[other] = {"status": True, "data": _detail(served.jobs[2])}
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.roles, entry.details_fetched, entry.details_failed) == (10, 8, 2)
    assert any("another job" in note and other in note for note in entry.detail_notes)
    board = load_board(settings, now=NOW)
    missing = [r for r in board.roles if r.details_missing]
    assert {r.source_id for r in missing} == {first_id, other}
    assert all(r.description_html == "" for r in missing)


def test_a_failing_detail_endpoint_never_fails_the_source(
    tmp_path, httpserver, micro1_job
) -> None:
    jobs = [micro1_job(n) for n in range(1, 21)]

    def handler(request: Request) -> Response:
        if b"get_job_details" in request.get_data():
            return Response("busy", status=503)
        return Response(
            json.dumps({"status": True, "total": 20, "data": jobs}),
            content_type="application/json",
        )

    httpserver.expect_request(PATH, method="POST").respond_with_handler(handler)
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.roles) == ("fresh", 20)
    assert entry.details_failed == 20
    # After a streak of failures the rest are not asked: politeness.
    in_flight = settings.details_concurrency - 1  # asked before the streak ended
    assert entry.detail_requests >= STOP_AFTER_FAILURES
    assert entry.detail_requests <= STOP_AFTER_FAILURES + in_flight


def test_the_referral_lists_apply_url_gets_our_code_not_the_other_one(
    tmp_path, httpserver, micro1_job, micro1_portal
) -> None:
    job = micro1_job(1)
    job["apply_url"] += (
        f"?referralCode={OTHER_CODE}&utm_source=referral&utm_medium=share"
        "&utm_campaign=job_referral"
    )
    micro1_portal([job])
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    refresh(settings, now=NOW)
    (role,) = load_board(settings, now=NOW).roles
    assert OTHER_CODE not in role.apply_url
    assert role.apply_url == (
        f"https://jobs.micro1.ai/post/{job['job_id']}?referralCode={CODE}"
        "&utm_source=referral&utm_medium=share&utm_campaign=job_referral"
    )


# --- the detail step alone ----------------------------------------------------


class CountingHttp:
    """Answers every detail request after a pause, tracking how many overlap."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.most = 0

    def request_json(self, method: str, url: str, **kwargs: Any) -> Any:
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)
        time.sleep(0.01)
        with self.lock:
            self.active -= 1
        job_id = kwargs["json"]["job_id"]
        return {"status": True, "data": {"client_job_id": job_id}}

    def request_text(self, method: str, url: str, **kwargs: Any) -> str:
        raise AssertionError("no text requests")


def test_detail_requests_are_bounded_by_the_concurrency_setting(tmp_path) -> None:
    settings = dataclasses.replace(
        settings_for(tmp_path, "https://prod-api.micro1.ai/api/v1/job/portal"),
        details_concurrency=3,
    )
    http = CountingHttp()
    records = {f"job-{n}": {"job_id": f"job-{n}"} for n in range(30)}
    source = settings.sources[0]
    found = fetch_details(
        http, source, [], records, previous=(), settings=settings, now=NOW
    )
    assert found.stats.fetched == 30
    assert 1 < http.most <= 3


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ([], "not an object"),
        ({"status": False, "message": "nope"}, "micro1 refused: nope"),
        ({"status": True, "data": None}, "holds no detail record"),
        ({"status": True, "data": {"client_job_id": "other"}}, "for another job"),
    ],
)
def test_answers_without_this_jobs_detail_are_refused(
    answer: Any, problem: str
) -> None:
    with pytest.raises(PayloadError, match=problem):
        detail_record(answer, "job-1")


def test_a_detail_list_of_one_record_is_read() -> None:
    assert detail_record({"status": True, "data": [{"job_id": "j"}]}, "j") == {
        "job_id": "j"
    }


# --- fields that moved, settings, the report ------------------------------------


def test_a_stored_field_the_taxonomy_no_longer_has_is_placed_again() -> None:
    role = make_role(field="llm", domain="law", title="Contract Reviewer")
    assert current_field(role).field == "law"
    kept = make_role(field="finance", domain="law")
    assert current_field(kept).field == "finance"  # still a field: kept as stored


def test_detail_settings_are_checked(tmp_path) -> None:
    url = "https://prod-api.micro1.ai/api/v1/job/portal"
    settings = settings_for(tmp_path, url)
    assert (settings.details_max_age_days, settings.details_concurrency) == (7, 2)
    assert settings.sources[0].details  # on by default for micro1
    with pytest.raises(SettingsError, match="ROLE_CARDS_DETAILS_CONCURRENCY"):
        settings_for(tmp_path, url, ROLE_CARDS_DETAILS_CONCURRENCY=0)
    with pytest.raises(SettingsError, match=r"\[0\]\.details: job details are fetched"):
        load_settings(
            {
                "ROLE_CARDS_SOURCES": [
                    {"name": "gh", "kind": "greenhouse", "url": url, "details": True}
                ]
            }
        )


def test_the_report_counts_details_and_lists_notes(portal) -> None:
    served, settings = portal
    served.jobs[0] = served.jobs[0] | {"referral_reward_amount": "-5"}
    served.jobs[1] = served.jobs[1] | {"domain_slug": "astrology"}
    report = refresh(settings, now=NOW)
    markdown = (settings.report_dir / "roles-fetch.md").read_text(encoding="utf-8")
    assert "- details 10 fetched, 0 reused, 0 failed (10 requests)" in markdown
    assert "referral reward '-5' is not a plausible amount" in markdown
    assert "domain\\_slug 'astrology' (1 role) is not in" in markdown
    entry = report.entry("micro1")
    assert entry.note_count == 2
    data = json.loads((settings.report_dir / "roles-fetch.json").read_text())
    assert data["sources"][0]["details_fetched"] == 10


def test_the_detail_step_has_a_deadline_of_its_own(
    tmp_path, httpserver, micro1_job
) -> None:
    # The list uses most of the source's deadline; the details still get theirs.
    served = Micro1Portal([micro1_job(n) for n in range(1, 11)])

    def slow_list(request: Request) -> Response:
        detail = b"get_job_details" in request.get_data()
        time.sleep(0.05 if detail else 1.2)
        return served.handle(request)

    httpserver.expect_request(PATH, method="POST").respond_with_handler(slow_list)
    settings = settings_for(tmp_path, httpserver.url_for(PATH), ROLE_CARDS_DEADLINE=1.5)
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.details_fetched, entry.details_failed) == (
        "fresh",
        10,
        0,
    )
    assert entry.requests == 11  # the list and the details, counted together


def test_the_referral_list_is_paged_by_get_and_details_come_from_the_portal(
    tmp_path, httpserver, micro1_job
) -> None:
    # The referral list carries another referrer's code in every apply_url.
    jobs = [
        micro1_job(n)
        | {
            "apply_url": f"https://jobs.micro1.ai/post/{micro1_job(n)['job_id']}"
            f"?referralCode={OTHER_CODE}&utm_source=referral"
        }
        for n in range(1, 4)
    ]
    listed = Micro1Portal(jobs)
    pages: list[str] = []

    def page(request: Request) -> Response:
        pages.append(request.args["page"])
        return listed.handle(request)

    list_path = f"{PATH}/referral/{OTHER_CODE}/jobs"
    httpserver.expect_request(list_path, method="GET").respond_with_handler(page)
    httpserver.expect_request(PATH, method="POST").respond_with_handler(listed.handle)
    source = {
        "name": "micro1",
        "kind": "micro1",
        "url": httpserver.url_for(list_path),
        "listing": "referral",
        "page_limit": 2,
    }
    settings = settings_for(tmp_path, "unused", ROLE_CARDS_SOURCES=[source])
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.roles, entry.details_fetched) == ("fresh", 3, 3)
    assert pages == ["1", "2"]
    assert listed.detail_requests == 3
    board = load_board(settings, now=NOW)
    for role in board.roles:
        assert f"referralCode={CODE}" in role.apply_url
        assert OTHER_CODE not in role.apply_url


def test_a_listing_other_than_micro1s_two_is_refused(tmp_path) -> None:
    source = {
        "name": "m",
        "kind": "micro1",
        "url": "https://x.example/",
        "listing": "x",
    }
    with pytest.raises(SettingsError, match="not a micro1 list; use one of portal"):
        settings_for(tmp_path, "unused", ROLE_CARDS_SOURCES=[source])
    other = {
        "name": "g",
        "kind": "greenhouse",
        "url": "https://boards-api.greenhouse.io/v1/boards/x/jobs",
        "listing": "referral",
    }
    with pytest.raises(SettingsError, match="have one list; remove the key"):
        settings_for(tmp_path, "unused", ROLE_CARDS_SOURCES=[other])
