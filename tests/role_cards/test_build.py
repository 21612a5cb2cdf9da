"""The real site, built with the nightly settings against a local micro1 stand-in.

The build fetches from pytest-httpserver (never the internet), rewrites the
snapshot it was given a copy of, and writes the fetched roles' pages. The
publish build is also run as a command, the way CI runs it, overriding the
sources with ``pelican -e``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican, parse_arguments
from pelican.settings import read_settings
from role_cards.loader import BoardError
from role_cards.snapshot import read_snapshot

ROOT = Path(__file__).resolve().parents[2]
PATH = "/api/v1/job/portal"
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
GARBAGE = ROOT / "tests" / "fixtures" / "payloads" / "micro1_garbage.json"


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


def test_hostile_remote_text_reaches_the_pages_as_text_or_sanitised_html(
    tmp_path, snapshots, httpserver, caplog
):
    httpserver.expect_request(PATH, method="POST").respond_with_data(
        GARBAGE.read_bytes(), content_type="application/json"
    )
    Pelican(nightly_settings(tmp_path, snapshots, httpserver.url_for(PATH))).run()
    snap = read_snapshot(snapshots / "micro1.json")
    assert len(snap.roles) == 4  # the rest of the source survives its garbage
    dropped = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING
        and r.getMessage().startswith("role_cards: micro1 ")
    ]
    assert len(dropped) == 20

    out = tmp_path / "out" / "roles"
    written = [p for p in out.rglob("*") if p.suffix in (".html", ".atom")]
    assert len(written) > len(snap.roles)
    for path in written:
        text = path.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<img src=x", "\u202e", "\u200b", "javascript:"):
            assert raw not in text, (path, raw)
    board = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Prompt&lt;/b&gt; Engineer &lt;/script&gt;&lt;script&gt;" in board
    assert "Acme &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in board
    for path in (p for p in written if p.suffix == ".html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json"
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], tag


def publish(
    tmp_path: Path, snapshot_dir: Path, url: str, closed_port: int
) -> subprocess.CompletedProcess:
    """``pelican content -s publishconf.py -e KEY=json ... -o DIR`` as CI runs it.

    Every override follows one ``-e``: Pelican keeps only the last of several
    ``-e`` flags (see the test below). Proxies point at a closed local port and
    only 127.0.0.1 bypasses them, so a request for any other host fails at once
    instead of reaching the internet.
    """
    overrides = {
        "ROLE_CARDS_SOURCES": sources(url),
        "ROLE_CARDS_SNAPSHOT_DIR": str(snapshot_dir),
        "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
        "ROLE_CARDS_CONNECT_TIMEOUT": 1,
    }
    dead_proxy = f"http://127.0.0.1:{closed_port}"
    pelican = Path(sys.executable).with_name("pelican")
    return subprocess.run(
        [
            str(pelican),
            "content",
            "-s",
            "publishconf.py",
            "-e",
            *(f"{key}={json.dumps(value)}" for key, value in overrides.items()),
            "-o",
            str(tmp_path / "out"),
            "--fatal",
            "errors",
            # As CI runs it (Makefile, tasks.py): messages on unwrapped lines.
            "--log-handler",
            "plain",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "RMTLY_REFERRAL_CODE": CODE,
            **dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"), dead_proxy),
            "NO_PROXY": "127.0.0.1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_publish_command_fetches_from_the_overridden_source_only(
    tmp_path, snapshots, httpserver, micro1_job, closed_port
):
    jobs = [micro1_job(1), micro1_job(2), micro1_job(3)]
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        {"status": True, "data": jobs}
    )
    done = publish(tmp_path, snapshots, httpserver.url_for(PATH), closed_port)
    assert done.returncode == 0, done.stdout + done.stderr
    snap = read_snapshot(snapshots / "micro1.json")
    assert not snap.sample
    assert sorted(r.source_id for r in snap.roles) == sorted(j["job_id"] for j in jobs)
    report = json.loads((tmp_path / "reports" / "roles-fetch.json").read_text())
    ((name, status, requests),) = [
        (s["name"], s["status"], s["requests"]) for s in report["sources"]
    ]
    assert (name, status) == ("micro1", "fresh")
    # One list request, then one detail request per job.
    assert requests == len(httpserver.log) == 1 + len(jobs)
    request = httpserver.log[0][0]
    assert (request.method, request.args["page"]) == ("POST", "1")
    assert all(r.url.startswith(httpserver.url_for(PATH)) for r, _ in httpserver.log)
    assert "prod-api.micro1.ai" not in done.stdout + done.stderr
    page = (tmp_path / "out" / "roles" / snap.roles[0].slug / "index.html").read_text()
    assert f"referralCode={CODE}" in page


def test_the_publish_command_fails_rather_than_publish_samples(
    tmp_path, snapshots, closed_port
):
    before = (snapshots / "micro1.json").read_bytes()
    url = f"http://127.0.0.1:{closed_port}{PATH}"
    done = publish(tmp_path, snapshots, url, closed_port)
    assert done.returncode != 0
    output = " ".join((done.stdout + done.stderr).split())
    assert "refusing to publish sample roles from" in output
    assert "(this run: connection refused after 2 attempts)" in output
    assert "run `invoke refresh-roles` with network access" in output
    assert "Traceback" not in output
    assert (snapshots / "micro1.json").read_bytes() == before
    assert not (tmp_path / "out" / "roles").exists()


def test_pelican_keeps_only_the_last_of_several_e_flags():
    """Why every command in this project passes its overrides after ONE ``-e``:
    with ``-e A=.. -e B=..`` Pelican 4.12 silently drops A, so a sources
    override would be lost and the build would fetch the default source."""
    base = ["content", "-s", "publishconf.py"]
    repeated = parse_arguments([*base, "-e", "A=1", "-e", "B=2"])
    assert repeated.overrides == {"B": 2}
    together = parse_arguments([*base, "-e", "A=1", "B=2"])
    assert together.overrides == {"A": 1, "B": 2}
