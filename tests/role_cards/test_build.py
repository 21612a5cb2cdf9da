"""The real site, built with the nightly settings against a local micro1 stand-in.

The build fetches from pytest-httpserver (never the internet), rewrites the
snapshot it was given a copy of, and writes the fetched roles' pages. The
publish build is also run as a command, the way CI runs it, overriding the
sources with ``pelican -e``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings
from role_cards.loader import BoardError
from role_cards.snapshot import read_snapshot

ROOT = Path(__file__).resolve().parents[2]
PATH = "/api/v1/job/portal"
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
PLACEHOLDER = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    """A copy of the shipped snapshots (fictional samples) the build may rewrite."""
    target = tmp_path / "roles"
    shutil.copytree(ROOT / "data" / "roles", target)
    return target


def sources(url: str) -> list[dict[str, str]]:
    return [{"name": "micro1", "kind": "micro1", "url": url}]


def nightly_settings(tmp_path: Path, snapshot_dir: Path, url: str, **extra: object):
    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "OUTPUT_PATH": str(tmp_path / "out"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "ROLE_CARDS_FETCH": True,
            "ROLE_CARDS_SOURCES": sources(url),
            "ROLE_CARDS_SNAPSHOT_DIR": str(snapshot_dir),
            "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
            "ROLE_CARDS_CONNECT_TIMEOUT": 1,
            "ROLE_CARDS_BACKOFF_BASE": 0.01,
            **extra,
        },
    )


def test_the_build_fetches_rewrites_the_snapshot_and_writes_the_roles(
    tmp_path, snapshots, httpserver, micro1_job
):
    jobs = [micro1_job(n, job_name=f"Staff LLM Engineer {n}") for n in range(1, 4)]
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        {"status": True, "data": jobs}
    )
    settings = nightly_settings(tmp_path, snapshots, httpserver.url_for(PATH))
    Pelican(settings).run()

    snap = read_snapshot(snapshots / "micro1.json")
    assert not snap.sample
    assert sorted(r.source_id for r in snap.roles) == sorted(j["job_id"] for j in jobs)
    assert snap.closed == ()  # the samples it replaced do not linger as closed roles
    out = tmp_path / "out"
    board = (out / "roles" / "index.html").read_text()
    for role in snap.roles:
        assert (out / "roles" / role.slug / "index.html").exists()
        assert role.title in board
        assert f"{role.apply_target}?referralCode={PLACEHOLDER}" in board
    assert "(sample)" not in board
    report = json.loads((tmp_path / "reports" / "roles-fetch.json").read_text())
    assert report["sources"][0]["status"] == "fresh"


def test_a_failed_fetch_builds_from_the_last_known_good_snapshot(
    tmp_path, snapshots, closed_port
):
    before = (snapshots / "micro1.json").read_bytes()
    url = f"http://127.0.0.1:{closed_port}{PATH}"
    Pelican(nightly_settings(tmp_path, snapshots, url)).run()
    assert (snapshots / "micro1.json").read_bytes() == before
    board = (tmp_path / "out" / "roles" / "index.html").read_text()
    assert "(sample)" in board  # development builds may show the samples


def test_a_publish_build_refuses_sample_roles(tmp_path, snapshots, closed_port):
    url = f"http://127.0.0.1:{closed_port}{PATH}"
    settings = nightly_settings(
        tmp_path, snapshots, url, ROLE_CARDS_ALLOW_SAMPLES=False, REFERRAL_CODE=CODE
    )
    with pytest.raises(BoardError, match="refusing to publish sample roles"):
        Pelican(settings).run()
    assert not (tmp_path / "out" / "roles").exists()


def publish(
    tmp_path: Path, snapshot_dir: Path, url: str
) -> subprocess.CompletedProcess:
    """``pelican -s publishconf.py`` as CI runs it, sources overridden with -e."""
    extra = {
        "ROLE_CARDS_SOURCES": sources(url),
        "ROLE_CARDS_SNAPSHOT_DIR": str(snapshot_dir),
        "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
        "ROLE_CARDS_CONNECT_TIMEOUT": 1,
    }
    pelican = Path(sys.executable).with_name("pelican")
    return subprocess.run(
        [
            str(pelican),
            "content",
            "-s",
            "publishconf.py",
            "-o",
            str(tmp_path / "out"),
            "--fatal",
            "errors",
            "-e",
            *(f"{key}={json.dumps(value)}" for key, value in extra.items()),
        ],
        cwd=ROOT,
        env={**os.environ, "RMTLY_REFERRAL_CODE": CODE},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_publish_command_fetches_with_overridden_sources(
    tmp_path, snapshots, httpserver, micro1_job
):
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        {"status": True, "data": [micro1_job(1), micro1_job(2)]}
    )
    done = publish(tmp_path, snapshots, httpserver.url_for(PATH))
    assert done.returncode == 0, done.stdout + done.stderr
    snap = read_snapshot(snapshots / "micro1.json")
    assert not snap.sample
    assert len(snap.roles) == 2
    page = (tmp_path / "out" / "roles" / snap.roles[0].slug / "index.html").read_text()
    assert f"referralCode={CODE}" in page


def test_the_publish_command_fails_rather_than_publish_samples(
    tmp_path, snapshots, closed_port
):
    done = publish(tmp_path, snapshots, f"http://127.0.0.1:{closed_port}{PATH}")
    assert done.returncode != 0
    output = " ".join((done.stdout + done.stderr).split())
    assert "refusing to publish sample roles" in output
