"""Browser fixtures: a site built from the repository's content and the fixture
snapshots (board and hostile), served on 127.0.0.1, driven by Debian's Chromium.

Chromium missing is a failure, not a skip: the browser tests are part of the
suite, and ``make browser`` installs it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pelican import Pelican
from role_cards.model import RoleBoard
from sitebuild import ROOT, site_settings

from tests.fixtures.roles.helpers import board, write_snapshots


@dataclass
class Site:
    """The built site, where it is served, and the board it was built from."""

    out: Path
    base: str  # http://127.0.0.1:<port>
    board: RoleBoard

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("browser-site")
    now = datetime.now(UTC)
    snapshots = tmp / "snapshots"
    sources = write_snapshots(snapshots, now=now, names=("board", "hostile"))
    settings = site_settings(
        tmp,
        PATH=str(ROOT / "content"),
        ROLE_CARDS_SOURCES=sources,
        ROLE_CARDS_SNAPSHOT_DIR=str(snapshots),
    )
    Pelican(settings).run()
    out = Path(settings["OUTPUT_PATH"])
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(
            out,
            f"http://127.0.0.1:{server.server_address[1]}",
            board("board", "hostile", now=now),
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Watch:
    """Everything a page did that it must not: dialogs, requests off 127.0.0.1."""

    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _guard(context: Any, watch: Watch) -> None:
    def route(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)


def _new_context(browser: Any, watch: Watch, **options: Any) -> Any:
    context = browser.new_context(**options)
    _guard(context, watch)
    return context


def _watch_page(page: Any, watch: Watch) -> Any:
    def dialog(d: Any) -> None:
        watch.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return page


@pytest.fixture
def watch() -> Watch:
    return Watch()


def _checked_page(browser: Any, watch: Watch, **options: Any) -> Iterator[Any]:
    context = _new_context(browser, watch, **options)
    yield _watch_page(context.new_page(), watch)
    context.close()
    assert watch.outside == [], "requests left 127.0.0.1"
    assert watch.dialogs == [], "a dialog opened: injected script ran"
    assert watch.errors == [], "JavaScript errors on the page"


@pytest.fixture
def page(browser: Any, watch: Watch) -> Iterator[Any]:
    yield from _checked_page(browser, watch, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser: Any, watch: Watch) -> Iterator[Any]:
    """A 390 px wide screen, as on a phone."""
    yield from _checked_page(
        browser, watch, viewport={"width": 390, "height": 844}, is_mobile=True
    )


@pytest.fixture
def nojs_page(browser: Any, watch: Watch) -> Iterator[Any]:
    context = _new_context(
        browser,
        watch,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    yield _watch_page(context.new_page(), watch)
    context.close()
    assert watch.outside == []
