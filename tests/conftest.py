"""Fixtures shared across the test suite."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import threading
import uuid
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import blinker
import pytest
from pelican.log import LimitFilter
from pelican.plugins import signals
from pelican.plugins.sitemap import sitemap
from werkzeug import Request, Response

from checks.a11y import CHROMIUM_ARGS

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


SIGNALS = [s for s in vars(signals).values() if isinstance(s, blinker.Signal)]
BASELINE = {id(s): set(s.receivers) for s in SIGNALS}


def _disconnect_plugins() -> None:
    for signal in SIGNALS:
        for key in set(signal.receivers) - BASELINE[id(signal)]:
            receiver = signal.receivers[key]
            if isinstance(receiver, weakref.ref):
                receiver = receiver()
            if receiver is not None:
                signal.disconnect(receiver)


class InternetAccessError(RuntimeError):
    """A test tried to reach a host other than this machine."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except ValueError:  # a host name: only "localhost" is local
        return address[0] == "localhost"


@pytest.fixture(autouse=True, scope="session")
def _no_internet() -> Iterator[None]:
    """Tests never touch the internet: a connection from this process to
    anything but loopback fails at once, naming the address."""
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(sock: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise InternetAccessError(f"tests must not connect to {address!r}")
        return connect(sock, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _is_local((name, 0)):
            raise InternetAccessError(f"tests must not look up {name!r}")
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.getaddrinfo = guarded_getaddrinfo
    yield
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


@pytest.fixture(autouse=True)
def _pelican_signals_reset() -> Iterator[None]:
    """Pelican's signals are process-wide: a plugin registered by one build
    (a test's, or a session fixture's) would stay connected and run inside
    every later build. Each test starts and ends with none connected, so a
    build runs only the PLUGINS it names."""
    _disconnect_plugins()
    yield
    _disconnect_plugins()


@pytest.fixture(autouse=True)
def _pelican_log_dedup_reset() -> None:
    """Pelican's log filter drops a warning it has already seen in this process;
    forget them, so each test sees the warnings it causes."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


@pytest.fixture(autouse=True)
def _sitemap_plugin_reset() -> Iterator[None]:
    """The sitemap plugin remembers the Pelican run it serves until that run
    finishes; a build a test aborts on purpose would stop every later build in
    this process from writing sitemap.xml."""
    yield
    sitemap.generator._main_pelican = None
    sitemap.generator.page_queue = []


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver listens on 127.0.0.1 (not "localhost", which may be ::1)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def closed_port() -> int:
    """A local port with nothing listening: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def stalling_handler() -> Iterator[Callable[[Request], Response]]:
    """A pytest-httpserver handler that answers only once the test is over:
    slower than any read timeout, yet it does not keep the server (which
    serves one request at a time) busy into the next test."""
    release = threading.Event()

    def handler(request: Request) -> Response:
        release.wait(10)
        return Response("[]", content_type="application/json")

    yield handler
    release.set()


@pytest.fixture
def micro1_job() -> Callable[..., dict[str, Any]]:
    """Build one job as micro1's list endpoints send it (no description: that
    comes with the job's details); keywords override fields."""

    def make(number: int = 1, **fields: Any) -> dict[str, Any]:
        job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-job-{number}"))
        job = {
            "job_id": job_id,
            "job_name": f"Senior Machine Learning Engineer {number}",
            "company_name": "micro1",
            "apply_url": f"https://jobs.micro1.ai/post/{job_id}",
            "date_posted": f"2026-11-{1 + number % 20:02d} 10:00:00",
            "referral_reward_amount": "500",
            "no_of_openings": 5,
            "job_type": "REGULAR",
            "domain_slug": "ai-machine-learning",
            "ideal_hourly_rate": {"min": 50, "max": 80},
            "skills": ["Python", "PyTorch"],
        }
        job.update(fields)
        return job

    return make


def detail_of(job: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    """The detail record micro1 sends for a list record, with its own names."""
    detail = {
        "client_job_id": job["job_id"],
        "job_role_name": job.get("job_name"),
        "create_datetime": job.get("date_posted"),
        "role_type": "specialist",
        "required_skills": list(job.get("skills") or []),
        "job_description": f"<p>Role Type: Contractor</p><p>{job.get('job_name')}: "
        "review and write expert answers.</p>",
        "location_type": None,
        "location_name": "",
        "ideal_monthly_salary_min": None,
        "ideal_monthly_salary_max": None,
        "ideal_yearly_compensation": None,
        "job_status": "open",
        "no_of_openings": job.get("no_of_openings"),
        "referral_reward_amount": job.get("referral_reward_amount"),
        "is_referral_enabled": 1,
        "job_qualifying_question_list": None,
        "client_details": {"client_id": "c-1", "client_name": "micro1"},
    }
    detail.update(fields)
    return detail


class Micro1Portal:
    """micro1's portal endpoint on a real local server: the list action paged
    with ``total``, the detail action per job id. Counts what was asked."""

    def __init__(self, jobs: Sequence[Mapping[str, Any]]) -> None:
        self.jobs = list(jobs)
        self.details: dict[str, Any] = {
            str(job["job_id"]): {"status": True, "data": detail_of(job)}
            for job in self.jobs
        }
        self.list_requests = 0
        self.detail_requests = 0

    def handle(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        if body.get("action") == "get_job_details":
            self.detail_requests += 1
            answer = self.details.get(str(body.get("job_id")))
            if answer is None:
                answer = {"status": False, "message": "Job not found", "data": None}
            return Response(json.dumps(answer), content_type="application/json")
        self.list_requests += 1
        page = int(request.args.get("page", 1))
        limit = int(request.args.get("limit", 100))
        rows = self.jobs[(page - 1) * limit : page * limit]
        envelope = {
            "status": True,
            "statusCode": 200,
            "message": "Success",
            "total": len(self.jobs),
            "data": rows,
        }
        return Response(json.dumps(envelope), content_type="application/json")


@pytest.fixture
def micro1_portal(httpserver: Any) -> Callable[..., Micro1Portal]:
    """``micro1_portal(jobs, path=...)``: serve those jobs; returns the portal."""

    def serve(
        jobs: Sequence[Mapping[str, Any]], path: str = "/api/v1/job/portal"
    ) -> Micro1Portal:
        portal = Micro1Portal(jobs)
        httpserver.expect_request(path, method="POST").respond_with_handler(
            portal.handle
        )
        return portal

    return serve


class FakeHttp:
    """Stands in for role_cards.http.Http where a source's ``fetch`` is tested
    alone: JSON answers are handed out in order, text answers by URL, and every
    call is recorded as ``(method, url, params, json)``."""

    def __init__(
        self, json: Sequence[Any] = (), text: Mapping[str, str] | None = None
    ) -> None:
        self.json_answers = list(json)
        self.max_roles = 10_000
        self.texts = dict(text or {})
        self.calls: list[tuple[str, str, Any, Any]] = []

    def request_json(
        self, method: str, url: str, *, params: Any = None, json: Any = None
    ) -> Any:
        self.calls.append((method, url, params, json))
        if not self.json_answers:
            raise AssertionError(f"unexpected JSON request: {method} {url}")
        return self.json_answers.pop(0)

    def request_text(self, method: str, url: str, *, params: Any = None) -> str:
        self.calls.append((method, url, params, None))
        if url not in self.texts:
            raise AssertionError(f"unexpected text request: {method} {url}")
        return self.texts[url]


@pytest.fixture
def fake_http() -> type[FakeHttp]:
    """The class: ``fake_http(json=[page, ...])`` or ``fake_http(text={url: html})``."""
    return FakeHttp


# One Chromium for the whole session: Playwright's sync API runs one event
# loop per thread, so the browser tests and the accessibility gate share it.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make browser` "
            "(Debian's chromium package) and run the tests again",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
