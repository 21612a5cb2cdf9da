"""Accessibility gate: axe-core in Chromium, through Playwright, on one page
of every template, light and dark, at 390 and 1280 px wide. Any violation,
whatever its impact, fails.

The site is served from the output folder on 127.0.0.1; one browser serves
every page; any request to another host is refused and reported.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .site import GateResult, Site

GATE = "a11y"
ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCHEMES = ("light", "dark")
WIDTHS = (390, 1280)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def pick_pages(site: Site) -> dict[str, str]:
    """One page per template: the first in path order."""
    return {t: pages[0] for t, pages in sorted(site.pages_by_template().items())}


def _url_of(base: str, page: str) -> str:
    path = page.removesuffix("index.html")
    return f"{base}/{path}"


def _describe(violation: dict[str, Any]) -> str:
    targets = [", ".join(n.get("target", [])) for n in violation.get("nodes", [])[:3]]
    more = len(violation.get("nodes", [])) - len(targets)
    where = "; ".join(targets) + (f" and {more} more" if more > 0 else "")
    return (
        f"{violation['id']} ({violation.get('impact')}): {violation['help']} at {where}"
    )


def _variant(
    browser: Any, site: Site, base: str, *, scheme: str, width: int, outside: list[str]
) -> Any:
    """One browser context per colour scheme and width, axe loaded into every
    page it opens (an init script, so the page's own CSP stays in force).

    Requests to ``base`` are answered from the output folder, so a publish
    build (absolute https URLs) is audited at its own origin, offline; any
    other host is refused and recorded.
    """
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    context.add_init_script(path=str(AXE_JS))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url == base or url.startswith(base + "/"):
            target = site.resolve("index.html", "/" + url[len(base) :].lstrip("/"))
            if target is None:
                request_route.fulfill(status=404, body="not found")
            else:
                request_route.fulfill(path=str(site.root / target))
        elif urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    return context


def _audit(tab: Any, url: str) -> list[Any]:
    tab.goto(url, wait_until="load")
    return list(tab.evaluate("async () => (await axe.run(document)).violations"))


def _report(result: GateResult, where: str, found: list[Any]) -> None:
    for violation in found:
        result.fail(
            where,
            _describe(violation),
            f"see {violation.get('helpUrl', 'the axe rule')}; fix the template/CSS",
        )


@contextmanager
def _launched() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- slow import

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _audit_all(
    result: GateResult, browser: Any, site: Site, base: str, pages: dict[str, str]
) -> int:
    runs = 0
    for scheme in SCHEMES:
        for width in WIDTHS:
            outside: list[str] = []
            context = _variant(
                browser, site, base, scheme=scheme, width=width, outside=outside
            )
            tab = context.new_page()
            for template, page in pages.items():
                runs += 1
                where = f"{page} ({template}, {scheme}, {width} px)"
                _report(result, where, _audit(tab, _url_of(base, page)))
                for url in sorted(set(outside)):
                    result.fail(
                        where,
                        f"requested {url} from another host",
                        "serve every asset from the site",
                    )
                outside.clear()
            context.close()
    return runs


def check(site: Site, *, browser: Any = None) -> GateResult:
    """Audit the site; ``browser`` is a running Playwright Chromium to reuse
    (one is launched, and closed after, when none is given)."""
    result = GateResult(GATE)
    if not Path(CHROMIUM).exists() or not AXE_JS.is_file():
        missing = CHROMIUM if not Path(CHROMIUM).exists() else str(AXE_JS)
        result.fail(
            "(setup)",
            f"axe cannot run: {missing} is missing",
            "run `make browser check-tools` (Chromium, npm ci)",
        )
        return result
    pages = pick_pages(site)
    # A publish build is audited at its own origin, answered from disk; a
    # development build (relative URLs) from a local server.
    with serve(site.root) as local:
        base = site.site_url or local
        if browser is not None:
            runs = _audit_all(result, browser, site, base, pages)
        else:
            with _launched() as launched:
                runs = _audit_all(result, launched, site, base, pages)
    result.summary = (
        f"{len(pages)} templates ({', '.join(pages)}), {runs} audits, "
        f"{len(result.problems)} violations"
    )
    return result
