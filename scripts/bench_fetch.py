"""Role snapshots for the bench, fetched from the local portal."""

from __future__ import annotations

import json
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_data import micro1_jobs  # list records in micro1's shape
from bench_portal import Portal
from bench_results import ROOT

MAX_PAGES = 200  # pages of 100: room for the largest size


def role_settings(base: str, boards: list[str], snapshots: Path) -> Any:
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
            # Each folder its own clean-snapshot record: pelicanconf's is the
            # repository's .cache/, one record per source name, which folders
            # fetching the same board would overwrite for each other.
            "CACHE_PATH": str(snapshots / ".cache"),
        },
    )
    return load_settings(site)


def fetch_into(portal: Portal, base: str, boards: list[str], snapshots: Path) -> float:
    """Refresh the snapshots of ``boards`` from the portal; return the seconds."""
    from role_cards.refresh import refresh

    settings = role_settings(base, boards, snapshots)
    started = time.perf_counter()
    refresh(settings, accept_drop=True)
    return time.perf_counter() - started


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
