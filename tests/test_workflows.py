"""The GitHub workflows validate against GitHub's schema and lint clean, and
say what the nightly run promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuild import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
NIGHTLY = (ROOT / ".github" / "workflows" / "nightly.yml").read_text()


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=False
    )


def test_the_workflows_match_githubs_schema() -> None:
    assert [w.name for w in WORKFLOWS] == ["ci.yml", "nightly.yml"]
    done = run(
        BIN / "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *WORKFLOWS,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    done = run(BIN / "zizmor", "--offline", "--min-severity", "low", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_would_catch_a_template_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo ${{ github.event.issue.title }}\n"
    )
    done = run(BIN / "zizmor", "--offline", bad)
    assert done.returncode != 0
    assert "template-injection" in done.stdout


def test_the_schedule_avoids_the_top_of_the_hour() -> None:
    minute = int(re.search(r'cron: "(\d+) ', NIGHTLY).group(1))  # type: ignore[union-attr]
    assert minute % 2 == 1


@pytest.mark.parametrize(
    "promise",
    [
        "workflow_dispatch:",
        "group: nightly",
        "invoke refresh-roles --strict",
        'cat reports/roles-fetch.md >> "$GITHUB_STEP_SUMMARY"',
        "git add data/roles/",
        "scripts/snapshot_summary.py",
        "RMTLY_REFERRAL_CODE: ${{ secrets.REFERRAL_CODE }}",
        "RMTLY_SITEURL: ${{ vars.SITE_URL }}",
        "scripts/publish_site.py",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "permissions: {}",
        "60 days",
    ],
)
def test_the_nightly_run_does_what_the_readme_says(promise: str) -> None:
    assert promise in NIGHTLY


def keepalive_script() -> str:
    from ruamel.yaml import YAML

    steps = YAML(typ="safe").load(NIGHTLY)["jobs"]["build"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Keep the schedule alive"]
    return str(step["run"])


@pytest.mark.parametrize(("days", "pushed"), [(51, True), (3, False)])
def test_a_quiet_repository_gets_an_empty_commit_before_day_60(
    tmp_path: Path, days: int, pushed: bool
) -> None:
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    run("git", "init", "-q", "--bare", "-b", "main", remote)
    run("git", "clone", "-q", remote, work)
    when = f"@{int(time.time()) - days * 86400} +0000"
    env = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(
        [*git, "commit", "-q", "--allow-empty", "-m", "old"],
        cwd=work,
        env={**os.environ, **env},
        check=True,
    )
    run("git", "-C", work, "push", "-q", "origin", "HEAD:main")
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        ["bash", "-e", "-c", keepalive_script()],
        cwd=work,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "GITHUB_REF_NAME": "main",
            "GITHUB_STEP_SUMMARY": str(summary),
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    log = run("git", "-C", remote, "log", "--format=%s", "main").stdout.split("\n")
    assert (log[0] == "Keep the nightly schedule alive") is pushed
    assert ("empty one" in summary.read_text()) if pushed else not summary.exists()
