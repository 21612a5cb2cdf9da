"""Measure what share images add to a build at scale, nothing new to draw.

Generates a snapshot of N synthetic roles (bench_board's generator), fills a
share-image cache once (the cold run, timed), then times the warm phase a
rebuild pays (plan every card, hash it, find it in the cache, link it into
an output folder) several times, and, as the anchor in the same run, a whole
site build at N roles with and without the plugin.

    .venv/bin/python scripts/bench_share_images.py [--roles 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bench_board import MICRO1_URL, synthetic_snapshot  # noqa: E402
from pelican import Pelican  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from role_cards.model import Role, RoleBoard  # noqa: E402
from share_images.cards import plan  # noqa: E402
from share_images.store import ImageStore  # noqa: E402

BUDGET_SECONDS = 2.0


def board_of(snapshot: dict[str, Any], now: datetime) -> RoleBoard:
    roles = [Role.from_dict(item) for item in snapshot["roles"]]
    return RoleBoard(roles=roles, closed=[], notices=[], generated_at=now)


def phase(board: RoleBoard, cache: Path, output: Path) -> tuple[float, int, int]:
    """One share-image phase: seconds, images, images drawn."""
    context = {"SITENAME": "rmtly", "SITEURL": "https://rmtly.org"}
    context["role_board"] = board
    started = time.perf_counter()
    store = ImageStore(cache)
    count = sum(1 for planned in plan(context, []) if store.path_for(planned.card))
    store.draw_missing()
    store.publish(output)
    return time.perf_counter() - started, count, store.drawn


def site_build(output: Path, snapshots: Path, cache: Path, *, plugin: bool) -> float:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(ROOT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "ROLE_CARDS_SNAPSHOT_DIR": str(snapshots),
            "ROLE_CARDS_SOURCES": [
                {"name": "micro1", "kind": "micro1", "url": MICRO1_URL}
            ],
            "SHARE_IMAGES_CACHE_DIR": str(cache),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        },
    )
    if not plugin:
        settings["PLUGINS"] = [p for p in settings["PLUGINS"] if p != "share_images"]
    started = time.perf_counter()
    Pelican(settings).run()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-site", action="store_true", help="skip whole builds")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    snapshot = synthetic_snapshot(args.roles, now=now)
    board = board_of(snapshot, now)
    with tempfile.TemporaryDirectory(prefix="bench-share-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        cold, count, drawn = phase(board, cache, work / "cold")
        print(
            f"cold: {count} images, {drawn} drawn in {cold:.1f} s "
            f"({cold / max(drawn, 1) * 1000:.1f} ms each)"
        )
        warm = []
        for n in range(args.repeat):
            seconds, count, drawn = phase(board, cache, work / f"warm{n}")
            assert drawn == 0, "a rebuild with nothing new drew images"
            warm.append(seconds)
        median = statistics.median(warm)
        print(
            f"warm: {count} images, 0 drawn, median {median:.2f} s of "
            f"{args.repeat} (budget {BUDGET_SECONDS:.1f} s); cold / warm = "
            f"{cold / median:.0f}"
        )
        if not args.no_site:
            snapshots = work / "snapshots"
            snapshots.mkdir()
            (snapshots / "micro1.json").write_text(json.dumps(snapshot))
            without = site_build(work / "s0", snapshots, cache, plugin=False)
            with_images = site_build(work / "s1", snapshots, cache, plugin=True)
            print(
                f"site build at {args.roles} roles: {without:.1f} s without "
                f"share images (anchor), {with_images:.1f} s with a warm cache; "
                f"ratio {with_images / without:.2f}, "
                f"added {with_images - without:+.1f} s"
            )
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
