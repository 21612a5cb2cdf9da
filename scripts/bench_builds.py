"""The bench's Pelican builds, each in a child process of its own (for its
peak memory): plain Pelican on Markdown articles, and this site."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_results import ROOT, Run

PYTHON = sys.executable
# Each build runs this file as a script (`bench_builds.py <kind> <src> <out>`),
# so the child imports nothing of the bench's: the site build pays for
# importing its plugins as a real build does, and plain Pelican for nothing.
ENTRY = Path(__file__).resolve()


def child_build(kind: str, source: Path, output: Path) -> None:
    """Run one Pelican build (in this process); print its seconds as JSON."""
    import logging

    from pelican import Pelican

    logging.basicConfig(level=logging.WARNING)
    if kind == "plain":
        settings = _plain_settings(source, output)
    else:
        settings = _site_settings(source, output)
    started = time.perf_counter()
    phase = _time_role_pages() if kind == "site" else {}
    Pelican(settings).run()
    print(json.dumps({"seconds": time.perf_counter() - started, **phase}))


def _plain_settings(source: Path, output: Path) -> dict[str, Any]:
    from pelican.settings import read_settings

    override: dict[str, Any] = {
        "PATH": str(source),
        "OUTPUT_PATH": str(output),
        "PLUGINS": [],
        "TIMEZONE": "UTC",
        "FEED_DOMAIN": "https://example.org",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    settings: dict[str, Any] = read_settings(None, override=override)
    return settings


def _site_settings(source: Path, output: Path) -> dict[str, Any]:
    from pelican.settings import read_settings

    content, snapshots = source / "content", source / "snapshots"
    settings: dict[str, Any] = read_settings(
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
    return settings


def _time_role_pages() -> dict[str, float]:
    """Time the role pages' own phase (render, prove disclosed, write) by
    wrapping the one function that does it; the dict fills as it runs."""
    sys.path.insert(0, str(ROOT / "plugins"))  # where Pelican will look too
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


def run_build(kind: str, source: Path, output: Path, *, repeat: int = 1) -> Run:
    """The fastest of ``repeat`` builds (the least disturbed by other work),
    and the highest peak memory among them."""
    runs = [_run_build(kind, source, output) for _ in range(max(1, repeat))]
    fastest = min(runs, key=lambda run: run.seconds)
    return dataclasses.replace(fastest, peak_mb=max(r.peak_mb for r in runs))


def _run_build(kind: str, source: Path, output: Path) -> Run:
    command = [PYTHON, str(ENTRY), kind, str(source), str(output)]
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


def cold_build(site: Path, output: Path) -> Run:
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


if __name__ == "__main__":
    child_build(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
