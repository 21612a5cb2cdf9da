"""Benchmark the build, the fetch and the board; write docs/benchmarks.md.

    .venv/bin/python scripts/bench.py [--quick] [--sizes 1000,5000] [--latency 200]
        [--no-lighthouse] [--no-browser] [--doc docs/benchmarks.md]

Everything runs on this machine against generated data in the shape of
micro1's real list records, served by a local HTTP server with a set
latency. Each figure is printed beside its anchor from the same run (plain
Pelican on as many Markdown articles; the slowest single source; the first
fetch), because absolute seconds on a shared machine are noise.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# Lighthouse has its own package (tools/bench/): the gates never install it.
LIGHTHOUSE = ROOT / "tools/bench/node_modules/.bin/lighthouse"
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

import micro1_shaped  # noqa: E402  (detail records in micro1's shape)
from bench_data import micro1_jobs  # noqa: E402  (list records)

PYTHON = sys.executable
QUICK_SIZES = (1000, 5000)
FULL_SIZES = (1000, 2500, 5000, 7500, 10000)
PLAIN_ARTICLES = 1000
MAX_PAGES = 200  # pages of 100: room for the largest size
FIRST_VIEW = ("roles/index.html", "theme/css/main.css", "theme/css/roles.css")
BOARD_JS = "theme/js/roles.js"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


# --- A local micro1 ---------------------------------------------------------


@dataclass
class Portal:
    """What the local server serves: boards by path prefix, and a byte count."""

    boards: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    latency: float = 0.0
    bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, board: str, number: int, limit: int) -> bytes:
        jobs = self.boards[board]
        data = jobs[(number - 1) * limit : number * limit]
        body = {
            "status": True,
            "statusCode": 200,
            "message": "Success",
            "total": len(jobs),
            "data": data,
        }
        return json.dumps(body).encode("utf-8")

    def detail(self, board: str, job_id: str) -> bytes:
        """A ``get_job_details`` answer, in the detail record's own names."""
        job = next((j for j in self.boards[board] if j["job_id"] == job_id), None)
        if job is None:
            answer: dict[str, Any] = {"status": False, "message": "Job not found"}
        else:
            answer = {"status": True, "statusCode": 200, "message": "Success"}
            answer["data"] = micro1_shaped.detail(job)
        return json.dumps(answer).encode("utf-8")


def _portal_handler(portal: Portal) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def do_POST(self) -> None:
            url = urlsplit(self.path)
            board = url.path.split("/")[1]
            query = parse_qs(url.query)
            length = int(self.headers.get("Content-Length") or 0)
            asked = json.loads(self.rfile.read(length) or b"{}")
            if board not in portal.boards:
                self.send_error(404)
                return
            if asked.get("action") == "get_job_details":
                # Latency is set on the list pages, the figure the fetch
                # comparison is about; details answer at once.
                body = portal.detail(board, str(asked.get("job_id")))
            else:
                time.sleep(portal.latency)
                body = portal.page(
                    board, int(query["page"][0]), int(query.get("limit", ["100"])[0])
                )
            # Like micro1's POST pages: no ETag, no Last-Modified.
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            with portal.lock:
                portal.bytes_sent += len(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a connection mid-download is not an error here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving(handler: type[SimpleHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    server = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _role_settings(base: str, boards: list[str], snapshots: Path) -> Any:
    from pelican.settings import read_settings
    from role_cards.settings import load_settings

    sources = [
        {
            "name": name,
            "kind": "micro1",
            "url": f"{base}/{name}/api/v1/job/portal",
            "max_pages": MAX_PAGES,
        }
        for name in boards
    ]
    site = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "ROLE_CARDS_SOURCES": sources,
            "ROLE_CARDS_SNAPSHOT_DIR": str(snapshots),
            "ROLE_CARDS_REPORT_DIR": str(snapshots / "reports"),
        },
    )
    return load_settings(site)


def fetch_into(portal: Portal, base: str, boards: list[str], snapshots: Path) -> float:
    """Refresh the snapshots of ``boards`` from the portal; return the seconds."""
    from role_cards.refresh import refresh

    settings = _role_settings(base, boards, snapshots)
    started = time.perf_counter()
    refresh(settings, accept_drop=True)
    return time.perf_counter() - started


# --- Builds in child processes ----------------------------------------------


def child_build(kind: str, source: Path, output: Path) -> None:
    """Run one Pelican build (in this process); print its seconds as JSON."""
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    logging.basicConfig(level=logging.WARNING)
    if kind == "plain":
        override: dict[str, Any] = {
            "PATH": str(source),
            "OUTPUT_PATH": str(output),
            "PLUGINS": [],
            "TIMEZONE": "UTC",
            "FEED_DOMAIN": "https://example.org",
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        }
        settings = read_settings(None, override=override)
    else:
        content, snapshots = source / "content", source / "snapshots"
        settings = read_settings(
            str(ROOT / "pelicanconf.py"),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "THEME": str(ROOT / "theme"),
                "PLUGIN_PATHS": [str(ROOT / "plugins")],
                "ROLE_CARDS_SNAPSHOT_DIR": str(snapshots),
                # Per site: the author rebuild finds the first build's caches.
                "CACHE_PATH": str(source / "cache"),
                # Share images outlive the cold builds, as the nightly job
                # keeps them between runs: a night draws only new ones.
                "SHARE_IMAGES_CACHE_DIR": str(source / "share-images"),
                "ROLE_CARDS_REPORT_DIR": None,
                "ROLE_CARDS_SOURCES": json.loads(
                    (source / "sources.json").read_text(encoding="utf-8")
                ),
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
                # Where the bench serves the site, as a publish build names
                # its host: canonical links and feeds are absolute.
                "SITEURL": (source / "siteurl").read_text(encoding="utf-8"),
            },
        )
    phase = _time_role_pages() if kind == "site" else {}
    started = time.perf_counter()
    Pelican(settings).run()
    print(json.dumps({"seconds": time.perf_counter() - started, **phase}))


def _time_role_pages() -> dict[str, float]:
    """Time the role pages' own phase (render, prove disclosed, write) by
    wrapping the one function that does it; the dict fills as it runs."""
    from role_cards import pages

    phase = {"role_pages": 0.0, "role_seconds": 0.0}
    real = pages.write_jobs

    def timed(write: Any, jobs: Any) -> int:
        started = time.perf_counter()
        try:
            return real(write, jobs)
        finally:
            phase["role_seconds"] += time.perf_counter() - started
            phase["role_pages"] += len(jobs)

    pages.write_jobs = timed  # type: ignore[assignment]
    return phase


@dataclass(frozen=True)
class Run:
    seconds: float  # Pelican.run() alone, measured in the child
    peak_mb: float  # the child's peak resident memory
    role_pages: int = 0  # role pages written by the role pages' phase
    role_seconds: float = 0.0  # that phase's seconds


def run_build(kind: str, source: Path, output: Path, *, repeat: int = 1) -> Run:
    """The fastest of ``repeat`` builds (the least disturbed by other work),
    and the highest peak memory among them."""
    runs = [_run_build(kind, source, output) for _ in range(max(1, repeat))]
    fastest = min(runs, key=lambda run: run.seconds)
    return dataclasses.replace(fastest, peak_mb=max(r.peak_mb for r in runs))


def _run_build(kind: str, source: Path, output: Path) -> Run:
    command = [PYTHON, __file__, "_build", kind, str(source), str(output)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    stdout = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"bench: the {kind} build of {source} failed")
    said = json.loads(stdout.decode().strip().splitlines()[-1])
    return Run(
        said["seconds"],
        usage.ru_maxrss / 1024,
        int(said.get("role_pages", 0)),
        float(said.get("role_seconds", 0.0)),
    )


def _cold_build(site: Path, output: Path) -> Run:
    shutil.rmtree(site / "cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    return _run_build("site", site, output)


def plain_articles(folder: Path, count: int) -> None:
    """``count`` Markdown articles of a few paragraphs, for the anchor."""
    rng = random.Random(3)  # noqa: S311
    words = [
        "remote",
        "work",
        "model",
        "evaluation",
        "expert",
        "review",
        "task",
        "hire",
        "refer",
        "pay",
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = "\n\n".join(
            " ".join(rng.choice(words) for _ in range(60)) for _ in range(4)
        )
        (folder / f"a{n}.md").write_text(
            f"Title: Article {n}\nDate: 2026-01-01 10:{n % 60:02d}\n"
            f"Category: Notes\nTags: t{n % 20}\nSlug: article-{n}\n\n{body}\n",
            encoding="utf-8",
        )


# --- Board figures ----------------------------------------------------------


class _Elements(HTMLParser):
    count = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.count += 1


def elements(html: str) -> int:
    parser = _Elements()
    parser.feed(html)
    return parser.count


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def board_figures(output: Path) -> dict[str, float]:
    html = (output / "roles/index.html").read_text(encoding="utf-8")
    first = sum(gz(output / name) for name in FIRST_VIEW) + gz(output / BOARD_JS)
    return {
        "html_bytes": len(html.encode("utf-8")),
        "first_view_gzip": first,
        "elements": elements(html),
        "index_gzip": gz(output / "roles/index.json"),
    }


class _Gzip(SimpleHTTPRequestHandler):
    """Static files with gzip, as GitHub Pages serves them."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def gzip_handler(root: Path) -> type[SimpleHTTPRequestHandler]:
    class Handler(_Gzip):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

    return Handler


INTERACTION_JS = """async ([selector, value, kind]) => {
  const el = document.querySelector(selector);
  const list = document.querySelector('[data-role-list]');
  const start = performance.now();
  const changed = new Promise((resolve) => {
    const seen = new MutationObserver(() => { seen.disconnect(); resolve(); });
    seen.observe(list, {subtree: true, childList: true, attributes: true});
    setTimeout(() => { seen.disconnect(); resolve(); }, 3000);
  });
  el.value = value;
  el.dispatchEvent(new Event(kind, {bubbles: true}));
  await changed;
  const updated = performance.now() - start;
  // The next frame's callbacks run before its style, layout and paint; a
  // task posted from them runs after, once the frame has been drawn.
  let frame = 0;
  await new Promise((r) => requestAnimationFrame(() => {
    frame = performance.now() - start;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => r();
    channel.port2.postMessage(0);
  }));
  return [updated, frame, performance.now() - start];
}"""


def interactions(base: str) -> dict[str, float]:
    """Median keystroke -> DOM update, and filter change -> the next frame's
    start (its animation callbacks) and its end (drawn), in ms."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/roles/")
        page.wait_for_selector("[data-role-filters]:not([hidden])")
        keys, filters, painted = [], [], []
        for word in ("p", "py", "pyt", "law", "la", "s", "sp", "spa"):
            keys.append(page.evaluate(INTERACTION_JS, ["#rf-q", word, "input"])[0])
        page.evaluate(INTERACTION_JS, ["#rf-q", "", "input"])
        options = page.eval_on_selector_all(
            "select[data-facet] option[value]:not([value=''])",
            "els => els.map(e => [e.parentElement.id, e.value])",
        )
        for select, value in options[:8]:
            times = page.evaluate(INTERACTION_JS, [f"#{select}", value, "change"])
            filters.append(times[1])
            painted.append(times[2])
            page.evaluate(INTERACTION_JS, [f"#{select}", "", "change"])
        browser.close()
    return {
        "keystroke_ms": statistics.median(keys),
        "filter_ms": statistics.median(filters) if filters else float("nan"),
        "filter_paint_ms": statistics.median(painted) if painted else float("nan"),
    }


def lighthouse(url: str, report: Path) -> dict[str, float]:
    binary = LIGHTHOUSE
    command = [
        str(binary),
        url,
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME)
    try:
        subprocess.run(command, check=True, env=env, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        # One page Lighthouse cannot finish is a result too: say so, go on.
        print(f"bench: Lighthouse failed on {url}: {error}", file=sys.stderr)
        return {}
    data = json.loads(report.read_text(encoding="utf-8"))
    return {
        name: round(100 * (category["score"] or 0))
        for name, category in data["categories"].items()
    }


# --- The run ----------------------------------------------------------------


@dataclass
class Results:
    sizes: tuple[int, ...]
    latency_ms: int
    repeat: int = 1
    plain: Run | None = None
    builds: dict[int, Run] = field(default_factory=dict)
    rebuild: Run | None = None
    fetch: dict[str, float] = field(default_factory=dict)
    boards: dict[int, dict[str, float]] = field(default_factory=dict)
    browser: dict[str, float] = field(default_factory=dict)
    lighthouse: dict[str, dict[str, float]] = field(default_factory=dict)


def prepare_site(
    work: Path, portal: Portal, base: str, count: int, *, siteurl: str
) -> Path:
    """A site folder (content copy, snapshot fetched from the portal), built
    for ``siteurl``, where it will be served."""
    site = work / f"site-{count}"
    shutil.copytree(ROOT / "content", site / "content")
    (site / "siteurl").write_text(siteurl, encoding="utf-8")
    portal.boards["micro1"] = micro1_jobs(count, now=datetime.now(UTC))
    fetch_into(portal, base, ["micro1"], site / "snapshots")
    sources = [
        {"name": "micro1", "kind": "micro1", "url": f"{base}/micro1/api/v1/job/portal"}
    ]
    (site / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    return site


def measure_fetch(
    work: Path, portal: Portal, base: str, latency: float
) -> dict[str, float]:
    """Four sources together vs the slowest alone; re-fetch bytes vs the first."""
    now = datetime.now(UTC)
    names = [f"board{k}" for k in range(4)]
    for k, name in enumerate(names):
        portal.boards[name] = micro1_jobs(250, now=now, seed=100 + k)
    # A first night fetches every job's details (bytes counted); the timed
    # runs are the nights after, when only the list pages travel again, so
    # the comparison is of latency-bound paging, as on a real night.
    for name in names:
        fetch_into(portal, base, [name], work / f"fetch-alone-{name}")
    portal.bytes_sent = 0
    fetch_into(portal, base, names, work / "fetch-together")
    first = portal.bytes_sent
    portal.latency = latency
    alone = max(
        fetch_into(portal, base, [name], work / f"fetch-alone-{name}") for name in names
    )
    portal.bytes_sent = 0
    together = fetch_into(portal, base, names, work / "fetch-together")
    again = portal.bytes_sent
    portal.latency = 0.0
    return {
        "alone": alone,
        "together": together,
        "first_bytes": first,
        "again_bytes": again,
    }


def run(args: argparse.Namespace) -> Results:
    results = Results(sizes=args.sizes, latency_ms=args.latency, repeat=args.repeat)
    work = Path(tempfile.mkdtemp(prefix="rmtly-bench-"))
    portal = Portal()
    # Every built site is served on this one port, the origin it was built for.
    site_port = free_port()
    siteurl = f"http://127.0.0.1:{site_port}"
    try:
        with serving(_portal_handler(portal)) as base:
            step("fetch: four sources vs the slowest alone, and a second fetch")
            results.fetch = measure_fetch(work, portal, base, args.latency / 1000)
            step(f"plain Pelican: {PLAIN_ARTICLES} articles, PLUGINS=[]")
            plain_articles(work / "plain", PLAIN_ARTICLES)
            results.plain = run_build(
                "plain", work / "plain", work / "plain-out", repeat=args.repeat
            )
            sites = {}
            for count in args.sizes:
                step(f"this site: {count:,} roles")
                sites[count] = prepare_site(work, portal, base, count, siteurl=siteurl)
                output = work / f"out-{count}"
                first = _cold_build(sites[count], output)
                step(
                    f"first build, drawing every share image: {first.seconds:.1f} s"
                    " (not counted)"
                )
                # A cold build each time: the caches are for author rebuilds.
                results.builds[count] = min(
                    (
                        _cold_build(sites[count], output)
                        for _ in range(max(1, args.repeat))
                    ),
                    key=lambda run: run.seconds,
                )
                results.boards[count] = board_figures(output)
        rebuild_at = 5000 if 5000 in sites else max(sites)
        step(f"author rebuild after one article edit at {rebuild_at:,} roles")
        article = next((sites[rebuild_at] / "content" / "articles").glob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
        results.rebuild = run_build(
            "site", sites[rebuild_at], work / f"out-{rebuild_at}"
        )
        board_at = 5000 if 5000 in sites else max(sites)
        with serving(gzip_handler(work / f"out-{board_at}"), site_port) as site_url:
            if args.browser:
                step(f"board interactions at {board_at:,} roles")
                results.browser = interactions(site_url)
        if args.lighthouse:
            results.lighthouse = run_lighthouse(work, sites, site_port)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run_lighthouse(
    work: Path, sites: dict[int, Path], port: int
) -> dict[str, dict[str, float]]:
    scores = {}
    small = min(sites)
    output = work / f"out-{small}"
    slug = next(p.parent.name for p in (output / "roles").glob("*/index.html"))
    article = next(
        p.parent.name
        for p in output.glob("*/index.html")
        if (ROOT / "content" / "articles").glob("*.md")
        and p.parent.name not in {"roles", "archives", "tags", "categories"}
        and "article" in p.read_text(encoding="utf-8")[:4000]
    )
    targets = [
        ("home", small, "/"),
        ("article", small, f"/{article}/"),
        (f"board at {small:,} roles", small, "/roles/"),
        ("role page", small, f"/roles/{slug}/"),
    ]
    if 5000 in sites:
        targets.insert(3, ("board at 5,000 roles", 5000, "/roles/"))
    for label, count, path in targets:
        step(f"Lighthouse: {label}")
        with serving(gzip_handler(work / f"out-{count}"), port) as base:
            scores[label] = lighthouse(base + path, work / "lighthouse.json")
    return scores


def step(message: str) -> None:
    print(f"bench: {message} ...", flush=True)


# --- The table, the plot, the page ------------------------------------------


def exponent(results: Results, low: int, high: int) -> float | None:
    import math

    if low not in results.builds or high not in results.builds:
        return None
    a, b = results.builds[low].seconds, results.builds[high].seconds
    return math.log(b / a) / math.log(high / low)


def table(results: Results) -> list[tuple[str, str, str, str]]:
    """(figure, result, anchor or ratio, goal) rows."""
    assert results.plain is not None
    plain_rate = PLAIN_ARTICLES / results.plain.seconds
    rows = [
        (
            f"plain Pelican, {PLAIN_ARTICLES:,} articles (anchor)",
            f"{results.plain.seconds:.2f} s, {plain_rate:.0f} pages/s",
            "1.00",
            "",
        )
    ]
    for count, build in results.builds.items():
        rate = count / build.seconds
        rows.append(
            (
                f"full build, {count:,} roles",
                f"{build.seconds:.2f} s, {build.peak_mb:.0f} MB peak",
                f"{rate / plain_rate:.2f} x plain's rate",
                "≤ 10 s at 5,000; ≥ 3 x rate; ≤ 300 MB at 10,000",
            )
        )
        if build.role_seconds:
            phase_rate = build.role_pages / build.role_seconds
            rows.append(
                (
                    f"role pages' own phase, {count:,} roles",
                    f"{build.role_pages:,} pages in {build.role_seconds:.2f} s",
                    f"{phase_rate / plain_rate:.2f} x plain's rate",
                    "render, prove disclosed, write",
                )
            )
    for low, high in ((5000, 10000), (1000, 5000)):
        value = exponent(results, low, high)
        if value is not None:
            rows.append(
                (
                    f"growth {low:,} → {high:,} roles",
                    f"exponent {value:.2f}",
                    "",
                    "≤ 1.05",
                )
            )
    if results.rebuild is not None:
        rows.append(
            (
                "author rebuild after one article edit",
                f"{results.rebuild.seconds:.2f} s",
                f"{results.rebuild.seconds / results.plain.seconds:.2f} x plain build",
                "≤ 3 s at 5,000 roles",
            )
        )
    fetch = results.fetch
    if fetch:
        rows.append(
            (
                f"four sources, {results.latency_ms} ms latency",
                f"{fetch['together']:.2f} s",
                f"{fetch['together'] / fetch['alone']:.2f} x slowest alone "
                f"({fetch['alone']:.2f} s)",
                "≤ 1.3",
            )
        )
        rows.append(
            (
                "re-fetch bytes, unchanged data",
                f"{fetch['again_bytes']:,.0f} B",
                f"{fetch['again_bytes'] / fetch['first_bytes']:.0%} of first fetch",
                "≤ 5% where validators exist (micro1's POST pages have none)",
            )
        )
    for count, board in results.boards.items():
        rows.append(
            (
                f"/roles/ first view, {count:,} roles",
                f"{board['first_view_gzip'] / 1024:.0f} KB gzip, "
                f"{board['elements']:,.0f} elements",
                f"HTML {board['html_bytes'] / 1e6:.2f} MB raw",
                "≤ 100 KB gzip, ≤ 3,000 elements",
            )
        )
        rows.append(
            (
                f"role index, {count:,} roles (roles/index.json)",
                f"{board['index_gzip'] / 1024:.0f} KB gzip",
                "",
                "≤ 150 KB gzip at 5,000",
            )
        )
    browser = results.browser
    if browser:
        rows.append(
            (
                "keystroke → DOM updated",
                f"{browser['keystroke_ms']:.0f} ms median",
                "",
                "≤ 16 ms",
            )
        )
        rows.append(
            (
                "filter change → next frame",
                f"{browser['filter_ms']:.0f} ms median",
                "to its animation callbacks",
                "≤ 16 ms",
            )
        )
        rows.append(
            (
                "filter change → next frame drawn",
                f"{browser['filter_paint_ms']:.0f} ms median",
                "style, layout and paint done (a 60 Hz frame is 16.7 ms)",
                "",
            )
        )
    for label, scores in results.lighthouse.items():
        cells = ", ".join(f"{name} {value:.0f}" for name, value in scores.items())
        cells = cells or "Lighthouse did not finish (see the bench's output)"
        rows.append((f"Lighthouse, {label} (gzip)", cells, "", "100 each"))
    return rows


def print_table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = [
        "| figure | result | ratio / anchor | goal |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
    ]
    return "\n".join(lines)


def plot(results: Results, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    assert results.plain is not None
    counts = sorted(results.builds)
    seconds = [results.builds[c].seconds for c in counts]
    plain_rate = PLAIN_ARTICLES / results.plain.seconds
    figure, axes = pyplot.subplots(figsize=(7, 4), dpi=120)
    axes.plot(counts, seconds, marker="o", label="rmtly: full build")
    axes.plot(
        counts,
        [c / plain_rate for c in counts],
        linestyle="--",
        label=f"plain Pelican's article rate ({plain_rate:.0f} pages/s)",
    )
    axes.set_xlabel("open roles")
    axes.set_ylabel("build time (s)")
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def machine() -> str:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with open("/proc/meminfo", encoding="utf-8") as info:
        total = re.search(r"MemTotal:\s+(\d+)", info.read())
        if total:
            memory = f"{int(total.group(1)) / 1024 / 1024:.1f} GB RAM"
    import pelican

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.release()}, {cpu or platform.machine()}, "
        f"{os.cpu_count()} cores, {memory}; Python {platform.python_version()}, "
        f"Pelican {pelican.__version__}; load average at the start {load}"
    )


def write_doc(
    results: Results,
    rows: list[tuple[str, str, str, str]],
    doc: Path,
    command: str,
    host: str,
) -> None:
    doc.parent.mkdir(parents=True, exist_ok=True)
    image = doc.with_suffix(".png")
    plot(results, image)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"""# Benchmarks

Written by `{command}` on {when}. Regenerate with `invoke bench` (a few
minutes with `--quick`); the figures below come from that one run.

**Machine:** {host}.

Each build runs {_times(results.repeat)} from cold (no caches) and the fastest
counts, after a first build that draws every share image: the nightly job
keeps those images between runs, so a night draws only new ones. Seconds on
a shared machine vary from run to run, so every figure stands beside
an anchor measured in the same run: plain Pelican building {PLAIN_ARTICLES:,}
Markdown articles with `PLUGINS=[]` (the rate column divides role pages per
second by its article pages per second), the slowest single source for the
fetch, and the first fetch for a second one. Role data is generated in the
shape of micro1's list records and fetched from a local server with
{results.latency_ms} ms latency per request for the fetch figures (none for
the build snapshots). Each site is built for the local origin that serves
it (`SITEURL`), as a publish build is for its host, so canonical links are
absolute; Lighthouse 12.2.3 runs against that server, which sends gzip, as
GitHub Pages does.

{print_table(rows)}

![Build time against roles, and plain Pelican's article rate]({image.name})

micro1's list is a POST without ETag or Last-Modified, so a second fetch of
unchanged data downloads every page again: conditional requests cannot help
until micro1 sends validators.
"""
    doc.write_text(text, encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="1,000 and 5,000 roles only"
    )
    parser.add_argument(
        "--sizes", help="role counts, comma-separated (overrides --quick)"
    )
    parser.add_argument(
        "--latency", type=int, default=200, help="ms per request (default 200)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="builds per size, the fastest counts (default 1 quick, 2 full)",
    )
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 2
    if args.sizes:
        args.sizes = tuple(int(s) for s in args.sizes.split(","))
    else:
        args.sizes = QUICK_SIZES if args.quick else FULL_SIZES
    if args.lighthouse and not LIGHTHOUSE.exists():
        raise SystemExit(
            "bench: Lighthouse is not installed: run `npm ci --prefix tools/bench` "
            "(or pass --no-lighthouse)"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_build"]:
        child_build(argv[1], Path(argv[2]), Path(argv[3]))
        return 0
    args = parse_args(argv)
    host = machine()
    results = run(args)
    rows = table(results)
    print(print_table(rows))
    command = "scripts/bench.py " + " ".join(argv) if argv else "scripts/bench.py"
    write_doc(results, rows, args.doc, command.strip(), host)
    print(f"bench: wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
