"""refresh() and load_board() against a real HTTP server on 127.0.0.1.

Each failure case seeds a good snapshot first, then breaks the source in one
way, and checks the same three things: the snapshot file is byte for byte
what it was, the board still loads with the last-known-good roles (marked
stale), and a warning names the source and the problem.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from role_cards.loader import BoardError, load_board
from role_cards.refresh import refresh
from role_cards.settings import RoleCardsSettings, load_settings
from role_cards.snapshot import read_snapshot
from role_cards.sources import KINDS

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
SEEDED = NOW - timedelta(days=2)
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "roles" / "micro1.json"
PAYLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "payloads"
PATH = "/api/v1/job/portal"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def settings_for(
    tmp_path: Path, url: str, *, details: bool = False, **extra: object
) -> RoleCardsSettings:
    """Settings as a site would write them, with short timeouts for tests.

    The job-details step is off: these tests are about the list's requests
    (test_details.py covers the details)."""
    site = {
        "ROLE_CARDS_SOURCES": [
            {"name": "micro1", "kind": "micro1", "url": url, "details": details}
        ],
        "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "roles"),
        "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
        "ROLE_CARDS_CONNECT_TIMEOUT": 1,
        "ROLE_CARDS_READ_TIMEOUT": 2,
        "ROLE_CARDS_DEADLINE": 20,
        "REFERRAL_CODE": CODE,
        **extra,
    }
    return load_settings(site)


def page(jobs: list[dict]) -> dict:
    return {"status": True, "data": jobs}


@pytest.fixture
def seeded(tmp_path, httpserver, micro1_job):
    """A good snapshot of six roles fetched two days before NOW; server reset."""
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        page([micro1_job(n) for n in range(1, 7)])
    )
    report = refresh(settings, now=SEEDED)
    assert report.entry("micro1").status == "fresh"
    httpserver.clear()
    path = settings.snapshot_path("micro1")
    return settings, path, path.read_bytes()


def check_fallback(settings, report, before, caplog, problem: str) -> None:
    """The snapshot is untouched, the board shows it as stale, a warning says why."""
    entry = report.entry("micro1")
    assert entry.status == "stale"
    assert problem in entry.reason
    assert settings.snapshot_path("micro1").read_bytes() == before
    board = load_board(settings, report=report, now=NOW)
    assert len(board.roles) == 6
    assert {r.stale_days for r in board.roles} == {2}
    assert all(
        r.is_referral and f"referralCode={CODE}" in r.apply_url for r in board.roles
    )
    assert [n.kind for n in board.notices] == ["stale"]
    assert "last checked on 19 November 2026 (2 days ago)" in board.notices[0].message
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "role_cards.refresh" and r.levelno == logging.WARNING
    ]
    assert any(
        line.startswith("role_cards: micro1: ")
        and problem in line
        and "using last-known-good snapshot from 2026-11-19 (2 days old)" in line
        for line in lines
    ), lines
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_fresh_fetch_writes_the_snapshot_and_the_board(
    tmp_path, httpserver, micro1_job
):
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    jobs = [micro1_job(n) for n in range(1, 4)]
    httpserver.expect_request(
        PATH,
        method="POST",
        query_string={"page": "1", "limit": "100"},
        json={"action": "get_all_jobs", "filters": {"type": ["EXPERT"]}},
    ).respond_with_json(page(jobs))
    report = refresh(settings, now=NOW)
    entry = report.entry("micro1")
    assert (entry.status, entry.roles, entry.added, entry.attempts) == (
        "fresh",
        3,
        3,
        1,
    )
    assert entry.bytes > 0
    snap = read_snapshot(settings.snapshot_path("micro1"))
    assert not snap.sample
    assert snap.fetched_at == NOW
    assert {r.source_id for r in snap.roles} == {j["job_id"] for j in jobs}
    board = load_board(settings, report=report, now=NOW)
    assert [r.posted_at for r in board.roles] == sorted(
        (r.posted_at for r in board.roles), reverse=True
    )
    assert board.notices == []
    role = board.roles[0]
    assert role.apply_url == (
        f"{role.apply_target}?referralCode={CODE}"
        "&utm_source=referral&utm_medium=share&utm_campaign=job_referral"
    )
    assert role.stale_days is None
    assert (tmp_path / "reports" / "roles-fetch.json").exists()
    assert (tmp_path / "reports" / "roles-fetch.md").exists()


def test_connection_refused(seeded, closed_port, caplog):
    settings, _, before = seeded
    url = f"http://127.0.0.1:{closed_port}{PATH}"
    settings = dataclasses.replace(
        settings, sources=(dataclasses.replace(settings.sources[0], url=url),)
    )
    sleeps = Sleeps()
    report = refresh(settings, now=NOW, sleep=sleeps)
    check_fallback(settings, report, before, caplog, "connection refused")
    assert report.entry("micro1").attempts == 2
    assert len(sleeps) == 1


def test_server_slower_than_the_read_timeout(
    seeded, httpserver, caplog, stalling_handler
):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_handler(stalling_handler)
    settings = dataclasses.replace(settings, read_timeout=0.3, retries=0)
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, "read timeout (0.3 s)")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_then_success(tmp_path, httpserver, micro1_job, caplog, status):
    caplog.set_level(logging.INFO, logger="role_cards")
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_ordered_request(PATH).respond_with_data("oops", status=status)
    httpserver.expect_ordered_request(PATH).respond_with_data("oops", status=status)
    httpserver.expect_ordered_request(PATH).respond_with_json(page([micro1_job(1)]))
    sleeps = Sleeps()
    report = refresh(settings, now=NOW, sleep=sleeps)
    entry = report.entry("micro1")
    assert (entry.status, entry.roles, entry.attempts, entry.requests) == (
        "fresh",
        1,
        3,
        1,
    )
    assert len(sleeps) == 2
    assert all(0 <= s <= settings.backoff_base * 2 for s in sleeps)
    messages = [r.getMessage() for r in caplog.records]
    for attempt in (1, 2):
        retry = f"role_cards: micro1: HTTP {status}; retry {attempt} in "
        assert any(m.startswith(retry) for m in messages), messages
    assert "after 2 retries" in entry.summary()
    assert len(load_board(settings, report=report, now=NOW).roles) == 1


def test_server_errors_until_giving_up(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_data("down", status=503)
    report = refresh(settings, now=NOW, sleep=Sleeps())
    check_fallback(settings, report, before, caplog, "HTTP 503 after 4 attempts")


def test_429_with_retry_after_is_waited_for(tmp_path, httpserver, micro1_job, caplog):
    caplog.set_level(logging.INFO, logger="role_cards")
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_ordered_request(PATH).respond_with_data(
        "", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request(PATH).respond_with_json(page([micro1_job(1)]))
    sleeps = Sleeps()
    report = refresh(settings, now=NOW, sleep=sleeps)
    assert report.entry("micro1").status == "fresh"
    assert sleeps == [pytest.approx(1.0)]
    assert "role_cards: micro1: HTTP 429; retry 1 in 1.0 s" in [
        r.getMessage() for r in caplog.records
    ]
    assert len(load_board(settings, report=report, now=NOW).roles) == 1


def test_429_with_a_day_long_retry_after_gives_up_at_once(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_data(
        "", status=429, headers={"Retry-After": "86400"}
    )
    sleeps = Sleeps()
    started = time.monotonic()
    report = refresh(settings, now=NOW, sleep=sleeps)
    assert time.monotonic() - started < 2
    assert sleeps == []
    check_fallback(settings, report, before, caplog, "over the 30 s cap")


def test_malformed_json(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_data('{"status": true, "data": [')
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, "malformed JSON")


def test_json_of_the_wrong_shape(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_json({"status": True, "data": "none"})
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, "has no job list")


def test_status_false(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_json(
        {"status": False, "message": "request blocked"}
    )
    report = refresh(settings, now=NOW)
    check_fallback(
        settings, report, before, caplog, "rejected the request: request blocked"
    )


def test_an_empty_list_is_refused(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_json(page([]))
    report = refresh(settings, now=NOW)
    assert report.entry("micro1").refused
    check_fallback(
        settings, report, before, caplog, "refused: 0 roles vs 6 in the snapshot"
    )
    assert "--accept-drop" in report.entry("micro1").reason


def test_fewer_than_half_is_refused_unless_accepted(
    seeded, httpserver, micro1_job, caplog
):
    settings, path, before = seeded
    httpserver.expect_request(PATH).respond_with_json(
        page([micro1_job(1), micro1_job(2)])
    )
    report = refresh(settings, now=NOW)
    check_fallback(
        settings, report, before, caplog, "refused: 2 roles vs 6 in the snapshot"
    )

    report = refresh(settings, now=NOW, accept_drop=True)
    entry = report.entry("micro1")
    assert (entry.status, entry.roles, entry.removed) == ("fresh", 2, 4)
    snap = read_snapshot(path)
    assert len(snap.roles) == 2
    assert len(snap.closed) == 4


def test_half_or_more_is_accepted(seeded, httpserver, micro1_job):
    settings, _, _ = seeded
    httpserver.expect_request(PATH).respond_with_json(
        page([micro1_job(n) for n in (1, 2, 3)])
    )
    assert refresh(settings, now=NOW).entry("micro1").status == "fresh"


def test_a_body_over_the_size_cap(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_data("x" * 4000)
    settings = dataclasses.replace(settings, max_response_bytes=1000)
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, "response over 1000 bytes")


def test_a_redirect_to_a_foreign_host(seeded, httpserver, caplog):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_data(
        "", status=307, headers={"Location": "https://attacker.example/jobs"}
    )
    report = refresh(settings, now=NOW)
    check_fallback(
        settings, report, before, caplog, "redirected to https://attacker.example"
    )


def test_a_parser_bug_costs_only_that_source(
    seeded, httpserver, micro1_job, monkeypatch, caplog
):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_json(page([micro1_job(1)]))

    def broken(payload, source, *, now):
        raise KeyError("oops")

    monkeypatch.setattr(KINDS["micro1"], "parse", broken)
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, "unexpected KeyError")


def warnings_from(caplog, prefix: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and r.getMessage().startswith(prefix)
    ]


def test_item_level_garbage_is_dropped_item_by_item(seeded, httpserver, caplog):
    """Missing titles, wrong types, absurd pay, impossible dates, duplicate ids,
    unsafe apply URLs, non-object items: each dropped with a warning naming the
    source and the job; markup in titles stays text; descriptions lose scripts,
    handlers and javascript: links; bidi and zero-width characters go."""
    settings, _, _ = seeded
    httpserver.expect_request(PATH).respond_with_data(
        (PAYLOADS / "micro1_garbage.json").read_bytes(),
        content_type="application/json",
    )
    report = refresh(settings, now=NOW)
    entry = report.entry("micro1")
    assert (entry.status, entry.roles, entry.problem_count) == ("fresh", 4, 20)
    dropped = warnings_from(caplog, "role_cards: micro1 ")
    assert len(dropped) == 20
    for job_id in ("02", "06", "10", "11", "12", "18", "20", "22", "23"):
        line = f"role_cards: micro1 job a0000000-0000-4000-8000-0000000000{job_id}: "
        assert any(d.startswith(line) for d in dropped), job_id
    assert any("duplicate id" in d for d in dropped)
    assert any(
        d.startswith("role_cards: micro1 item #21: job is null") for d in dropped
    )

    board = load_board(settings, report=report, now=NOW)
    by_id = {r.source_id[-2:]: r for r in board.roles}
    assert sorted(by_id) == ["01", "14", "15", "16"]
    assert by_id["14"].title.startswith("<b>Prompt</b> Engineer </script><script>")
    assert by_id["14"].company == "Acme </script><img src=x onerror=alert(1)>"
    assert by_id["15"].title == "NLP Engineer Senior"
    html = by_id["16"].description_html
    for gone in ("<script", "onclick", "onerror", "javascript:", "data:", "<iframe"):
        assert gone not in html
    assert '<a href="https://docs.example.org/guide"' in html
    assert len(board.closed) == 6  # the seeded roles, absent tonight


UNSAFE_APPLY_URLS = [
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//jobs.micro1.ai/post/x",
    "https://evil.example/post/x",
    "https://jobs.micro1.ai.evil.example/post/x",
    "https://jobs.micro1.a\u0456/post/x",  # Cyrillic i
    "https://user:pw@jobs.micro1.ai/post/x",
    "http://jobs.micro1.ai/post/x",
]


@pytest.mark.parametrize("apply_url", UNSAFE_APPLY_URLS)
def test_an_unsafe_apply_url_drops_only_that_role(
    tmp_path, httpserver, micro1_job, caplog, apply_url
):
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    bad = micro1_job(9, apply_url=apply_url)
    jobs = [micro1_job(1), bad, micro1_job(2), micro1_job(3)]
    httpserver.expect_request(PATH).respond_with_json(page(jobs))
    report = refresh(settings, now=NOW)
    entry = report.entry("micro1")
    assert (entry.status, entry.roles, entry.problem_count) == ("fresh", 3, 1)
    (line,) = warnings_from(caplog, "role_cards: micro1 job ")
    assert line.startswith(f"role_cards: micro1 job {bad['job_id']}: apply URL ")
    assert "refused" in line
    board = load_board(settings, report=report, now=NOW)
    assert bad["job_id"] not in {r.source_id for r in board.roles}
    assert all(r.apply_url.startswith("https://jobs.micro1.ai/") for r in board.roles)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            b'{"status": true, "data": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
            "nested too deeply",
        ),
        (b'{"status": true, "data": [' + b"9" * 5000 + b"]}", "a number too long"),
    ],
    ids=["deep-nesting", "huge-integer"],
)
def test_hostile_json_keeps_the_snapshot(seeded, httpserver, caplog, body, problem):
    settings, _, before = seeded
    httpserver.expect_request(PATH).respond_with_data(
        body, content_type="application/json"
    )
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, problem)
    assert not [r for r in caplog.records if r.exc_info]  # not taken for a bug


def test_remote_text_in_a_reason_cannot_forge_log_lines_or_break_the_report(
    seeded, httpserver, caplog
):
    settings, _, before = seeded
    hostile = "no\nrole_cards: micro1: fresh\x1b[2J | `x` <img src=x> \u202eevil"
    httpserver.expect_request(PATH).respond_with_json(
        {"status": False, "message": hostile}
    )
    report = refresh(settings, now=NOW)
    check_fallback(settings, report, before, caplog, "rejected the request: no")
    for record in caplog.records:
        message = record.getMessage()
        assert not any(ch in message for ch in "\n\r\x1b\u202e"), message
    markdown = (tmp_path_of(settings) / "roles-fetch.md").read_text()
    rows = [line for line in markdown.splitlines() if line.startswith("| micro1 ")]
    (row,) = rows
    assert row.count(" | ") == 8  # nine cells: no pipe from the message split it
    assert "\\| \\`x\\` \\<img src=x\\>" in row
    assert "<img" not in markdown.replace("\\<img", "")


def tmp_path_of(settings: RoleCardsSettings) -> Path:
    assert settings.report_dir is not None
    return settings.report_dir


def test_not_modified_keeps_the_roles_and_counts_as_fresh(tmp_path, httpserver):
    url = httpserver.url_for("/v1/boards/acme/jobs")
    settings = settings_for(tmp_path, url)
    settings = dataclasses.replace(
        settings,
        sources=(
            dataclasses.replace(
                settings.sources[0],
                name="acme",
                kind="greenhouse",
                apply_hosts=("boards.greenhouse.io",),
                referral=False,
                company="Acme",
            ),
        ),
    )
    job = {
        "id": 4001,
        "title": "Senior NLP Engineer",
        "updated_at": "2026-11-10T10:00:00-05:00",
        "location": {"name": "Remote"},
        "absolute_url": "https://boards.greenhouse.io/acme/jobs/4001",
        "content": "&lt;p&gt;Parse things.&lt;/p&gt;",
    }
    httpserver.expect_ordered_request("/v1/boards/acme/jobs").respond_with_json(
        {"jobs": [job]}, headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request(
        "/v1/boards/acme/jobs", headers={"If-None-Match": '"v1"'}
    ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    assert refresh(settings, now=SEEDED).entry("acme").status == "fresh"
    path = settings.snapshot_path("acme")
    first = read_snapshot(path)
    assert first.validators == {url: {"etag": '"v1"'}}

    report = refresh(settings, now=NOW)
    entry = report.entry("acme")
    assert (entry.status, entry.roles) == ("not modified", 1)
    assert report.ok
    snap = read_snapshot(path)
    assert snap.fetched_at == NOW  # verified current: the age limit restarts
    assert snap.roles == first.roles
    assert snap.validators == first.validators
    board = load_board(settings, report=report, now=NOW)
    assert [r.stale_days for r in board.roles] == [None]
    assert board.roles[0].apply_url == "https://boards.greenhouse.io/acme/jobs/4001"
    assert not board.roles[0].is_referral
    assert board.notices == []


def test_closed_roles_and_slugs_across_refreshes(tmp_path, httpserver, micro1_job):
    settings = settings_for(
        tmp_path, httpserver.url_for(PATH), ROLE_CARDS_CLOSED_DAYS=30
    )
    path = settings.snapshot_path("micro1")
    httpserver.expect_request(PATH).respond_with_json(
        page([micro1_job(n) for n in (1, 2, 3, 4)])
    )
    refresh(settings, now=SEEDED)
    slugs = {r.id: r.slug for r in read_snapshot(path).roles}

    httpserver.clear()
    renamed = micro1_job(2, job_name="Staff Computer Vision Engineer")
    httpserver.expect_request(PATH).respond_with_json(
        page([renamed, micro1_job(3), micro1_job(4), micro1_job(5)])
    )
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.added, entry.removed, entry.changed) == (1, 1, 1)
    snap = read_snapshot(path)
    now_slugs = {r.id: r.slug for r in snap.roles}
    for rid in set(slugs) & set(now_slugs):
        assert now_slugs[rid] == slugs[rid]  # URLs are stable across nights
    retitled = next(r for r in snap.roles if r.source_id == renamed["job_id"])
    assert retitled.title == "Staff Computer Vision Engineer"
    (closed,) = snap.closed
    assert closed.source_id == micro1_job(1)["job_id"]
    assert closed.closed_at == NOW
    assert closed.slug == slugs[closed.id]

    board = load_board(settings, report=None, now=NOW)
    assert [r.id for r in board.closed] == [closed.id]
    assert board.closed[0].apply_url == ""  # a closed role carries no apply link

    later = NOW + timedelta(days=31)
    refresh(settings, now=later)
    assert (
        read_snapshot(path, now=later).closed == ()
    )  # pruned after ROLE_CARDS_CLOSED_DAYS

    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_json(
        page([micro1_job(n) for n in (1, 2, 3, 4, 5)])
    )
    refresh(settings, now=later)
    back = next(r for r in read_snapshot(path, now=later).roles if r.id == closed.id)
    assert back.closed_at is None


def test_a_build_drops_closed_pages_older_than_closed_days(
    tmp_path, httpserver, micro1_job
):
    """Only a fetch prunes the snapshot; a build from an old snapshot (no
    fetch, or a failed one) must still let a closed role's page go."""
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH).respond_with_json(
        page([micro1_job(n) for n in (1, 2, 3)])
    )
    refresh(settings, now=SEEDED)
    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_json(
        page([micro1_job(n) for n in (2, 3)])
    )
    refresh(settings, now=NOW)
    assert len(load_board(settings, now=NOW + timedelta(days=29)).closed) == 1
    assert load_board(settings, now=NOW + timedelta(days=31)).closed == []


def test_a_role_past_its_valid_through_date_closes_at_build_time(
    tmp_path, httpserver, micro1_job
):
    """A snapshot taken before a role's deadline must not keep it open after."""
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    deadline = NOW + timedelta(days=3)
    job = micro1_job(1)
    httpserver.expect_request(PATH).respond_with_json(page([job, micro1_job(2)]))
    refresh(settings, now=NOW)
    path = settings.snapshot_path("micro1")
    data = json.loads(path.read_text())
    data["roles"][0]["valid_through"] = deadline.isoformat()
    path.write_text(json.dumps(data))
    expiring = data["roles"][0]["id"]

    before = load_board(settings, now=deadline - timedelta(hours=1))
    assert expiring in {r.id for r in before.roles}
    after = load_board(settings, now=deadline + timedelta(hours=1))
    assert expiring not in {r.id for r in after.roles}
    (closed,) = after.closed
    assert (closed.id, closed.closed_at, closed.apply_url) == (expiring, deadline, "")
    gone = load_board(settings, now=deadline + timedelta(days=31))
    assert gone.closed == []


def test_stale_marking_and_max_age_withholding(seeded, closed_port, caplog):
    settings, _, _ = seeded
    url = f"http://127.0.0.1:{closed_port}{PATH}"
    settings = dataclasses.replace(
        settings, sources=(dataclasses.replace(settings.sources[0], url=url),)
    )
    report = refresh(settings, now=NOW + timedelta(days=1), sleep=Sleeps())
    board = load_board(settings, report=report, now=NOW + timedelta(days=1))
    assert {r.stale_days for r in board.roles} == {3}

    too_old = SEEDED + timedelta(days=settings.max_age_days, hours=1)
    board = load_board(settings, report=report, now=too_old)
    assert board.roles == []
    assert [n.kind for n in board.notices] == ["withheld"]
    assert "7 days old" in board.notices[0].message
    assert any("withholding 6 roles" in r.getMessage() for r in caplog.records)

    publish = dataclasses.replace(settings, allow_samples=False)
    with pytest.raises(BoardError, match="refusing to publish an empty role board"):
        load_board(publish, report=report, now=too_old)


def test_without_fetching_the_board_reads_snapshots_unmarked(seeded):
    settings, _, _ = seeded
    board = load_board(settings, now=NOW)
    assert len(board.roles) == 6
    assert {r.stale_days for r in board.roles} == {None}
    assert board.notices == []


def test_fetch_setting_makes_load_board_refresh(tmp_path, httpserver, micro1_job):
    settings = settings_for(
        tmp_path, httpserver.url_for(PATH), ROLE_CARDS_FETCH=True, PUBLISH_BUILD=True
    )
    httpserver.expect_request(PATH).respond_with_json(page([micro1_job(1)]))
    board = load_board(settings, now=NOW)
    assert len(board.roles) == 1
    assert read_snapshot(settings.snapshot_path("micro1")).fetched_at == NOW


def copy_samples(tmp_path: Path) -> None:
    (tmp_path / "roles").mkdir()
    shutil.copy(SHIPPED, tmp_path / "roles" / "micro1.json")


def test_sample_roles_stop_a_publish_build(tmp_path, closed_port):
    copy_samples(tmp_path)
    url = f"http://127.0.0.1:{closed_port}{PATH}"
    settings = settings_for(tmp_path, url, ROLE_CARDS_ALLOW_SAMPLES=False)
    report = refresh(settings, now=NOW, sleep=Sleeps())
    assert report.entry("micro1").status == "stale"
    assert report.entry("micro1").sample
    with pytest.raises(BoardError) as caught:
        load_board(settings, report=report, now=NOW)
    message = str(caught.value)
    assert message.startswith("role_cards: refusing to publish sample roles from ")
    assert str(tmp_path / "roles" / "micro1.json") in message
    assert "(this run: connection refused after 2 attempts)" in message
    assert "run `invoke refresh-roles` with network access" in message


def test_sample_roles_are_shown_in_development_whatever_their_age(tmp_path):
    copy_samples(tmp_path)
    settings = settings_for(tmp_path, "https://prod-api.micro1.ai" + PATH)
    board = load_board(settings, now=NOW + timedelta(days=60))
    assert board.has_samples
    assert len(board.roles) == len(read_snapshot(SHIPPED).roles)
    assert [n.kind for n in board.notices] == ["sample"]
    assert "fictional" in board.notices[0].message
    assert all(
        r.apply_url.startswith(r.apply_target + "?referralCode=") for r in board.roles
    )


def test_real_roles_replace_samples_however_few(tmp_path, httpserver, micro1_job):
    copy_samples(tmp_path)
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH).respond_with_json(page([micro1_job(1)]))
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.roles, entry.removed) == ("fresh", 1, 0)
    snap = read_snapshot(settings.snapshot_path("micro1"))
    assert not snap.sample
    assert snap.closed == ()  # fictional roles never become "closed" real ones


def test_an_empty_fetch_does_not_replace_samples(tmp_path, httpserver):
    copy_samples(tmp_path)
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    before = (tmp_path / "roles" / "micro1.json").read_bytes()
    httpserver.expect_request(PATH).respond_with_json(page([]))
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.sample) == ("stale", True)
    assert entry.reason.startswith("refused: the source listed no roles")
    assert (tmp_path / "roles" / "micro1.json").read_bytes() == before


def test_a_corrupt_snapshot_is_kept_on_failure_and_replaced_on_success(
    tmp_path, httpserver, micro1_job, closed_port, caplog
):
    (tmp_path / "roles").mkdir()
    path = tmp_path / "roles" / "micro1.json"
    path.write_text('{"version": 1, "roles": [')
    dead = settings_for(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    report = refresh(dead, now=NOW, sleep=Sleeps())
    assert report.entry("micro1").status == "failed"
    assert not report.ok
    assert path.read_text() == '{"version": 1, "roles": ['
    assert any(
        str(path) in r.getMessage() and "is not valid JSON" in r.getMessage()
        for r in caplog.records
    )
    board = load_board(dead, report=report, now=NOW)
    assert board.roles == []
    assert [n.kind for n in board.notices] == ["failed"]

    live = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH).respond_with_json(page([micro1_job(1)]))
    entry = refresh(live, now=NOW).entry("micro1")
    assert (entry.status, entry.reason) == ("fresh", "replaced an unreadable snapshot")
    assert len(read_snapshot(path).roles) == 1


def test_one_failing_source_does_not_affect_another(
    tmp_path, httpserver, micro1_job, closed_port
):
    settings = settings_for(
        tmp_path,
        httpserver.url_for(PATH),
        ROLE_CARDS_SOURCES=[
            {
                "name": "dead",
                "kind": "micro1",
                "url": f"http://127.0.0.1:{closed_port}/",
            },
            {"name": "micro1", "kind": "micro1", "url": httpserver.url_for(PATH)},
        ],
    )
    httpserver.expect_request(PATH).respond_with_json(page([micro1_job(1)]))
    report = refresh(settings, now=NOW, sleep=Sleeps())
    assert [(s.name, s.status) for s in report.sources] == [
        ("dead", "failed"),
        ("micro1", "fresh"),
    ]
    board = load_board(settings, report=report, now=NOW)
    assert len(board.roles) == 1
    assert [(n.kind, n.source) for n in board.notices] == [("failed", "dead")]
    data = json.loads((tmp_path / "reports" / "roles-fetch.json").read_text())
    assert data["ok"] is False


def test_refreshing_only_named_sources(tmp_path, httpserver, micro1_job):
    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH).respond_with_json(page([micro1_job(1)]))
    assert refresh(settings, now=NOW, only=["micro1"]).entry("micro1").status == "fresh"
    with pytest.raises(ValueError, match="no source named 'nope'"):
        refresh(settings, now=NOW, only=["nope"])


def test_sources_are_fetched_at_once_but_never_more_than_the_limit(tmp_path):
    """Four boards, ROLE_CARDS_CONCURRENCY = 2: every request is held until
    the test lets go, so exactly two are in flight, however long we wait."""
    changed = threading.Condition()
    in_flight, peak = [0], [0]
    release = threading.Event()

    def board(request: httpx.Request) -> httpx.Response:
        with changed:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
            changed.notify_all()
        release.wait(5)
        with changed:
            in_flight[0] -= 1
        number = request.url.path.rsplit("/", 1)[-1]
        job = {
            "id": number,
            "title": "NLP Engineer",
            "updated_at": "2026-11-10T10:00:00Z",
            "absolute_url": f"https://boards.greenhouse.io/b{number}/jobs/{number}",
        }
        return httpx.Response(200, json={"jobs": [job]})

    boards = [
        {"name": f"b{n}", "kind": "greenhouse", "url": f"https://api.example.org/{n}"}
        for n in range(1, 5)
    ]
    settings = settings_for(
        tmp_path, "unused", ROLE_CARDS_SOURCES=boards, ROLE_CARDS_CONCURRENCY=2
    )
    reports = []
    worker = threading.Thread(
        target=lambda: reports.append(
            refresh(settings, now=NOW, transport=httpx.MockTransport(board))
        )
    )
    worker.start()
    try:
        with changed:
            assert changed.wait_for(lambda: in_flight[0] == 2, timeout=5)
        time.sleep(0.1)  # room for a third request, were the limit not kept
        assert in_flight[0] == 2
    finally:
        release.set()
        worker.join(10)
    (report,) = reports
    assert [s.status for s in report.sources] == ["fresh"] * 4
    assert peak[0] == 2
