"""Measure what share images add to a build at scale, nothing new to draw.

Generates a snapshot of N synthetic roles (scripts/synthetic_roles.py), fills a
share-image cache once (the cold run, timed), then times the warm phase a
rebuild pays (plan every card, hash it, find it in the cache, link it into
an output folder) several times, and, as the anchor in the same run, whole
site builds (--site-roles, default 1,000) without and with the plugin,
alternated, each in its own process.

    .venv/bin/python scripts/bench_share_images.py [--roles 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from pelican.settings import read_settings  # noqa: E402
from role_cards.model import Role, RoleBoard  # noqa: E402
from share_images.cards import plan  # noqa: E402
from share_images.store import ImageStore  # noqa: E402
from synthetic_roles import MICRO1_URL, synthetic_snapshot  # noqa: E402

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
    """One whole build in its own process (Pelican's signals are process-wide,
    so a plugin registered by one in-process build would stay for the next)."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    plugins = [p for p in settings["PLUGINS"] if plugin or p != "share_images"]
    overrides = {
        "PLUGINS": plugins,
        "ROLE_CARDS_SNAPSHOT_DIR": str(snapshots),
        "ROLE_CARDS_SOURCES": [{"name": "micro1", "kind": "micro1", "url": MICRO1_URL}],
        "SHARE_IMAGES_CACHE_DIR": str(cache),
    }
    command = [
        str(Path(sys.executable).parent / "pelican"),
        str(ROOT / "content"),
        *("-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "-q"),
        "-e",
        *(f"{key}={json.dumps(value)}" for key, value in overrides.items()),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - started


def compare_builds(
    work: Path, snapshot: dict[str, Any], cache: Path, repeat: int
) -> str:
    """Whole builds without and with the plugin, alternated, medians compared."""
    snapshots = work / "snapshots"
    snapshots.mkdir()
    (snapshots / "micro1.json").write_text(json.dumps(snapshot))
    site_build(work / "fill", snapshots, cache, plugin=True)  # the pages' own images
    times: dict[bool, list[float]] = {False: [], True: []}
    for n in range(repeat):
        for plugin in (False, True):
            out = work / f"site-{plugin}-{n}"
            times[plugin].append(site_build(out, snapshots, cache, plugin=plugin))
    without, with_images = (statistics.median(times[k]) for k in (False, True))
    return (
        f"whole builds, median of {repeat}: {without:.1f} s without share images "
        f"(anchor), {with_images:.1f} s with a warm cache; ratio "
        f"{with_images / without:.2f}, added {with_images - without:+.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-site", action="store_true", help="skip whole builds")
    parser.add_argument(
        "--site-roles", type=int, default=1000, help="roles in the whole builds"
    )
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
            site = synthetic_snapshot(args.site_roles, now=now)
            print(
                f"at {args.site_roles} roles, "
                + compare_builds(work, site, cache, args.repeat)
            )
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
