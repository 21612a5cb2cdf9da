"""The GitHub workflows validate against GitHub's schema and lint clean, and
say what the nightly run promises."""

from __future__ import annotations

import re
import subprocess
import sys
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
