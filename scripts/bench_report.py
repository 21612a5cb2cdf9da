"""The bench's table, its plot and docs/benchmarks.md."""

from __future__ import annotations

import math
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

from bench_results import PLAIN_ARTICLES, Results, Run

Row = tuple[str, str, str, str]  # figure, result, anchor or ratio, goal


def exponent(results: Results, low: int, high: int) -> float | None:
    if low not in results.builds or high not in results.builds:
        return None
    a, b = results.builds[low].seconds, results.builds[high].seconds
    return math.log(b / a) / math.log(high / low)


def table(results: Results) -> list[Row]:
    """(figure, result, anchor or ratio, goal) rows."""
    return [
        *_build_rows(results),
        *_fetch_rows(results),
        *_board_rows(results),
        *_browser_rows(results.browser),
        *_lighthouse_rows(results),
    ]


def _build_rows(results: Results) -> list[Row]:
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
        rows.extend(_size_rows(count, build, plain_rate))
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
    return rows


def _size_rows(count: int, build: Run, plain_rate: float) -> list[Row]:
    rate = count / build.seconds
    rows = [
        (
            f"full build, {count:,} roles",
            f"{build.seconds:.2f} s, {build.peak_mb:.0f} MB peak",
            f"{rate / plain_rate:.2f} x plain's rate",
            "≤ 10 s at 5,000; ≥ 3 x rate; ≤ 300 MB at 10,000",
        )
    ]
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
    return rows


def _fetch_rows(results: Results) -> list[Row]:
    fetch = results.fetch
    if not fetch:
        return []
    return [
        (
            f"four sources, {results.latency_ms} ms latency",
            f"{fetch['together']:.2f} s",
            f"{fetch['together'] / fetch['alone']:.2f} x slowest alone "
            f"({fetch['alone']:.2f} s)",
            "≤ 1.3",
        ),
        (
            "re-fetch bytes, unchanged data",
            f"{fetch['again_bytes']:,.0f} B",
            f"{fetch['again_bytes'] / fetch['first_bytes']:.0%} of first fetch",
            "≤ 5% where validators exist (micro1's POST pages have none)",
        ),
    ]


def _board_rows(results: Results) -> list[Row]:
    rows: list[Row] = []
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
    return rows


def _browser_rows(browser: dict[str, float]) -> list[Row]:
    if not browser:
        return []
    return [
        (
            "keystroke → DOM updated",
            f"{browser['keystroke_ms']:.0f} ms median",
            "",
            "≤ 16 ms",
        ),
        (
            "filter change → next frame",
            f"{browser['filter_ms']:.0f} ms median",
            "to its animation callbacks",
            "≤ 16 ms",
        ),
        (
            "filter change → next frame drawn",
            f"{browser['filter_paint_ms']:.0f} ms median",
            "style, layout and paint done (a 60 Hz frame is 16.7 ms)",
            "",
        ),
        (
            "filter change → whole page of cards drawn",
            f"{browser['filter_whole_ms']:.0f} ms median",
            "the list no longer aria-busy; the first 12 cards come a frame earlier",
            "",
        ),
    ]


def _lighthouse_rows(results: Results) -> list[Row]:
    rows: list[Row] = []
    for label, scores in results.lighthouse.items():
        cells = ", ".join(f"{name} {value:.0f}" for name, value in scores.items())
        cells = cells or "Lighthouse did not finish (see the bench's output)"
        rows.append((f"Lighthouse, {label} (gzip)", cells, "", "100 each"))
    return rows


def print_table(rows: list[Row]) -> str:
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
    rows: list[Row],
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
