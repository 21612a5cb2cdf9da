"""scripts/refresh_roles.py: progress, the report files, and exit codes."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import refresh_roles
from role_cards.snapshot import read_snapshot

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "roles" / "micro1.json"
CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
PATH = "/api/v1/job/portal"


def write_conf(tmp_path: Path, url: str, **extra: object) -> Path:
    """A settings file like pelicanconf.py, pointed at a local server."""
    values = {
        "ROLE_CARDS_SOURCES": [{"name": "micro1", "kind": "micro1", "url": url}],
        "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "roles"),
        "ROLE_CARDS_CONNECT_TIMEOUT": 1,
        "ROLE_CARDS_BACKOFF_BASE": 0.01,
        "REFERRAL_CODE": CODE,
        **extra,
    }
    conf = tmp_path / "testconf.py"
    conf.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()))
    return conf


def run(tmp_path: Path, conf: Path, *args: str) -> int:
    reports = tmp_path / "reports"
    return refresh_roles.main(
        ["--settings", str(conf), "--report-dir", str(reports), *args]
    )


def jobs_page(micro1_job, count: int) -> dict:
    return {"status": True, "data": [micro1_job(n) for n in range(1, count + 1)]}


def test_a_fresh_run_prints_progress_and_the_report(
    tmp_path, httpserver, micro1_job, capsys
):
    httpserver.expect_request(PATH).respond_with_json(jobs_page(micro1_job, 3))
    conf = write_conf(tmp_path, httpserver.url_for(PATH))
    assert run(tmp_path, conf) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "micro1: fetching ..."
    assert lines[1].startswith("micro1: fresh, 3 roles (+3 -0 ~0), ")
    assert "## Role sources" in out
    assert "| micro1 | fresh | 3 | +3 -0 ~0 |" in out
    assert len(read_snapshot(tmp_path / "roles" / "micro1.json").roles) == 3
    data = json.loads((tmp_path / "reports" / "roles-fetch.json").read_text())
    assert data["sources"][0]["status"] == "fresh"
    assert (tmp_path / "reports" / "roles-fetch.md").read_text() in out


def test_no_network_falls_back_and_exits_0(
    tmp_path, httpserver, micro1_job, closed_port, capsys
):
    httpserver.expect_request(PATH).respond_with_json(jobs_page(micro1_job, 4))
    assert run(tmp_path, write_conf(tmp_path, httpserver.url_for(PATH))) == 0
    before = (tmp_path / "roles" / "micro1.json").read_bytes()
    capsys.readouterr()

    conf = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    started = time.monotonic()
    assert run(tmp_path, conf) == 0
    assert time.monotonic() - started < 3
    captured = capsys.readouterr()
    assert (
        "micro1: fetch failed (connection refused after 2 attempts); using "
        "last-known-good snapshot from " in captured.out
    )
    assert "| micro1 | stale | 4 |" in captured.out
    assert "role_cards: micro1: connection refused; retry 1 in" in captured.err
    assert (tmp_path / "roles" / "micro1.json").read_bytes() == before


def test_no_usable_data_exits_1(tmp_path, closed_port, capsys):
    conf = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    assert run(tmp_path, conf) == 1
    captured = capsys.readouterr()
    assert "no usable snapshot" in captured.out
    assert (
        "refresh_roles: micro1 has no usable roles (connection refused" in captured.err
    )
    assert "**failed**" in (tmp_path / "reports" / "roles-fetch.md").read_text()


def test_invalid_settings_exit_1(tmp_path, capsys):
    conf = write_conf(tmp_path, "https://x.example/", ROLE_CARDS_RETRIES=-1)
    assert run(tmp_path, conf) == 1
    assert capsys.readouterr().err.strip() == (
        "role_cards: ROLE_CARDS_RETRIES: must be at least 0, got -1"
    )
    assert not (tmp_path / "reports").exists()


def test_an_unknown_source_name_exits_1(tmp_path, capsys):
    conf = write_conf(tmp_path, "https://x.example/")
    assert run(tmp_path, conf, "--source", "nope") == 1
    assert "no source named 'nope'" in capsys.readouterr().err


def test_a_missing_settings_file_exits_1(tmp_path, capsys):
    assert run(tmp_path, tmp_path / "absent.py") == 1
    assert "refresh_roles: cannot use" in capsys.readouterr().err


def test_accept_drop_and_snapshot_dir_are_passed_through(
    tmp_path, httpserver, micro1_job, capsys
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SHIPPED, elsewhere / "micro1.json")
    httpserver.expect_request(PATH).respond_with_json(jobs_page(micro1_job, 4))
    conf = write_conf(tmp_path, httpserver.url_for(PATH))
    assert (
        run(tmp_path, conf, "--snapshot-dir", str(elsewhere), "--source", "micro1") == 0
    )
    assert len(read_snapshot(elsewhere / "micro1.json").roles) == 4

    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_json(jobs_page(micro1_job, 1))
    args = ("--snapshot-dir", str(elsewhere))
    assert run(tmp_path, conf, *args) == 0
    assert "refused: 1 roles vs 4 in the snapshot" in capsys.readouterr().out
    assert len(read_snapshot(elsewhere / "micro1.json").roles) == 4
    assert run(tmp_path, conf, *args, "--accept-drop") == 0
    assert len(read_snapshot(elsewhere / "micro1.json").roles) == 1


def test_quiet_prints_only_problems(
    tmp_path, httpserver, micro1_job, closed_port, capsys
):
    httpserver.expect_request(PATH).respond_with_json(jobs_page(micro1_job, 2))
    assert run(tmp_path, write_conf(tmp_path, httpserver.url_for(PATH)), "-q") == 0
    assert capsys.readouterr() == ("", "")
    conf = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    assert run(tmp_path, conf, "-q") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        "role_cards: micro1: fetch failed (connection refused"
    )


@pytest.mark.parametrize("quiet", [False, True])
def test_logging_is_restored_after_a_run(tmp_path, closed_port, quiet):
    conf = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    run(tmp_path, conf, *(["-q"] if quiet else []))
    logger = logging.getLogger("role_cards")
    assert logger.propagate
    assert not logger.handlers


def test_the_script_runs_as_a_command_without_network(tmp_path, closed_port):
    (tmp_path / "roles").mkdir()
    shutil.copy(SHIPPED, tmp_path / "roles" / "micro1.json")
    conf = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "refresh_roles.py"),
            "--settings",
            str(conf),
            "--report-dir",
            str(tmp_path / "reports"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "using the sample snapshot shipped with the site" in done.stdout
    assert elapsed < 10


def test_dropped_items_are_warned_about_on_stderr(
    tmp_path, httpserver, micro1_job, capsys
):
    bad = micro1_job(9, job_name="", apply_url="javascript:alert(1)")
    jobs = [micro1_job(1), bad, micro1_job(2)]
    httpserver.expect_request(PATH).respond_with_json({"status": True, "data": jobs})
    assert run(tmp_path, write_conf(tmp_path, httpserver.url_for(PATH))) == 0
    captured = capsys.readouterr()
    assert "micro1: fresh, 2 roles (+2 -0 ~0)" in captured.out
    assert "; 1 item dropped" in captured.out
    assert (
        f"role_cards: micro1 job {bad['job_id']}: title is missing or empty"
        in captured.err.splitlines()
    )
    assert (
        f"micro1 job {bad['job_id']}: title is missing"
        in (tmp_path / "reports" / "roles-fetch.md").read_text()
    )


def test_sample_fallback_says_so_and_fails_strict(tmp_path, closed_port, capsys):
    (tmp_path / "roles").mkdir()
    shutil.copy(SHIPPED, tmp_path / "roles" / "micro1.json")
    conf = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    assert run(tmp_path, conf) == 0
    captured = capsys.readouterr()
    assert "Every source" not in captured.out
    assert (
        "refresh_roles: micro1: sample roles only (fictional); not publishable."
        in captured.out
    )
    assert run(tmp_path, conf, "--strict") == 1
    captured = capsys.readouterr()
    assert (
        "refresh_roles: not publishable: micro1: only the sample snapshot"
        in captured.err
    )


def test_strict_accepts_a_stale_real_snapshot_but_not_a_withheld_one(
    tmp_path, httpserver, micro1_job, closed_port, capsys
):
    httpserver.expect_request(PATH).respond_with_json(jobs_page(micro1_job, 2))
    assert (
        run(tmp_path, write_conf(tmp_path, httpserver.url_for(PATH)), "--strict") == 0
    )
    assert "Every source is fresh." in capsys.readouterr().out

    down = write_conf(tmp_path, f"http://127.0.0.1:{closed_port}{PATH}")
    assert run(tmp_path, down, "--strict") == 0
    assert "last-known-good roles used" in capsys.readouterr().out

    snapshot = tmp_path / "roles" / "micro1.json"
    data = json.loads(snapshot.read_text())
    data["fetched_at"] = "2020-01-01T00:00:00Z"
    snapshot.write_text(json.dumps(data))
    assert run(tmp_path, down, "--strict") == 1
    assert "over ROLE_CARDS_MAX_AGE_DAYS (7): roles withheld" in capsys.readouterr().err
