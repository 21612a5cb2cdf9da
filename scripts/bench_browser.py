"""The board's figures: its weight on the wire, its interactions timed in
Chromium, and Lighthouse's scores for a few pages."""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bench_portal import gzip_handler, serving
from bench_results import ROOT, step

# Lighthouse has its own package (tools/bench/): the gates never install it.
LIGHTHOUSE = ROOT / "tools/bench/node_modules/.bin/lighthouse"
FIRST_VIEW = ("roles/index.html", "theme/css/main.css", "theme/css/roles.css")
BOARD_JS = "theme/js/roles.js"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


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
  const frame = () => new Promise((r) => requestAnimationFrame(() => {
    const at = performance.now() - start;
    const busy = list.getAttribute('aria-busy') === 'true';
    const channel = new MessageChannel();
    channel.port1.onmessage = () => r([at, performance.now() - start, busy]);
    channel.port2.postMessage(0);
  }));
  const [first, painted, busy] = await frame();
  // The list is aria-busy until its last cards have joined: the first frame
  // whose callbacks find it whole is the one that draws all of it.
  let [whole, waiting] = [painted, busy];
  while (waiting && whole < 3000) [, whole, waiting] = await frame();
  return [updated, first, painted, whole];
}"""


def interactions(base: str) -> dict[str, float]:
    """Median keystroke -> DOM update, and filter change -> the next frame's
    start (its animation callbacks), its end (drawn) and the end of the first
    frame drawn with the whole list (no longer aria-busy), in ms."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/roles/")
        page.wait_for_selector("[data-role-filters]:not([hidden])")
        keys, filters, painted, whole = [], [], [], []
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
            whole.append(times[3])
            page.evaluate(INTERACTION_JS, [f"#{select}", "", "change"])
        browser.close()
    return {
        "keystroke_ms": statistics.median(keys),
        "filter_ms": statistics.median(filters) if filters else float("nan"),
        "filter_paint_ms": statistics.median(painted) if painted else float("nan"),
        "filter_whole_ms": statistics.median(whole) if whole else float("nan"),
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
