"""Fixtures shared across the test suite."""

from __future__ import annotations

import ipaddress
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
    """Build one job as micro1's portal endpoint lists it; keywords override fields."""

    def make(number: int = 1, **fields: Any) -> dict[str, Any]:
        job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-job-{number}"))
        job = {
            "job_id": job_id,
            "job_name": f"Senior Machine Learning Engineer {number}",
            "company_name": "Test Company",
            "apply_url": f"https://jobs.micro1.ai/post/{job_id}",
            "job_description": f"<p>Build models. Role number {number}.</p>",
            "date_posted": f"2026-11-{1 + number % 20:02d} 10:00:00",
            "location_type": "remote",
            "location_name": "Worldwide",
            "job_type": "full-time",
            "job_status": "open",
            "ideal_hourly_rate": {"min": 50, "max": 80},
            "required_skills": ["Python", "PyTorch"],
        }
        job.update(fields)
        return job

    return make


class FakeHttp:
    """Stands in for role_cards.http.Http where a source's ``fetch`` is tested
    alone: JSON answers are handed out in order, text answers by URL, and every
    call is recorded as ``(method, url, params, json)``."""

    def __init__(
        self, json: Sequence[Any] = (), text: Mapping[str, str] | None = None
    ) -> None:
        self.json_answers = list(json)
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
