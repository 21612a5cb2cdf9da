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
import shutil
import sys
import tempfile
from pathlib import Path

from bench_browser import LIGHTHOUSE, board_figures, interactions, run_lighthouse
from bench_builds import cold_build, plain_articles, run_build
from bench_fetch import measure_fetch, prepare_site
from bench_portal import Portal, free_port, gzip_handler, portal_handler, serving
from bench_report import machine, print_table, table, write_doc
from bench_results import PLAIN_ARTICLES, ROOT, Results, step

# The role_cards plugin, which the fetch and the child builds import.
sys.path.insert(0, str(ROOT / "plugins"))

QUICK_SIZES = (1000, 5000)
FULL_SIZES = (1000, 2500, 5000, 7500, 10000)


def run(args: argparse.Namespace) -> Results:
    results = Results(sizes=args.sizes, latency_ms=args.latency, repeat=args.repeat)
    work = Path(tempfile.mkdtemp(prefix="rmtly-bench-"))
    portal = Portal()
    # Every built site is served on this one port, the origin it was built for.
    site_port = free_port()
    siteurl = f"http://127.0.0.1:{site_port}"
    try:
        with serving(portal_handler(portal)) as base:
            step("fetch: four sources vs the slowest alone, and a second fetch")
            results.fetch = measure_fetch(work, portal, base, args.latency / 1000)
            step(f"plain Pelican: {PLAIN_ARTICLES} articles, PLUGINS=[]")
            plain_articles(work / "plain", PLAIN_ARTICLES)
            results.plain = run_build(
                "plain", work / "plain", work / "plain-out", repeat=args.repeat
            )
            sites = {
                count: measure_size(results, work, portal, base, count, siteurl=siteurl)
                for count in args.sizes
            }
        author_rebuild(results, work, sites)
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


def measure_size(
    results: Results,
    work: Path,
    portal: Portal,
    base: str,
    count: int,
    *,
    siteurl: str,
) -> Path:
    """Fetch and build the site at ``count`` roles; record its build and its
    board's figures; return the site folder."""
    step(f"this site: {count:,} roles")
    site = prepare_site(work, portal, base, count, siteurl=siteurl)
    output = work / f"out-{count}"
    first = cold_build(site, output)
    step(f"first build, drawing every share image: {first.seconds:.1f} s (not counted)")
    # A cold build each time: the caches are for author rebuilds.
    results.builds[count] = min(
        (cold_build(site, output) for _ in range(max(1, results.repeat))),
        key=lambda run: run.seconds,
    )
    results.boards[count] = board_figures(output)
    return site


def author_rebuild(results: Results, work: Path, sites: dict[int, Path]) -> None:
    """Time a build with the first build's caches after one article edit."""
    rebuild_at = 5000 if 5000 in sites else max(sites)
    step(f"author rebuild after one article edit at {rebuild_at:,} roles")
    article = next((sites[rebuild_at] / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
    results.rebuild = run_build("site", sites[rebuild_at], work / f"out-{rebuild_at}")


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
