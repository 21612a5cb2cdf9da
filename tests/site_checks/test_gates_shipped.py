"""Every gate passes on the site built from the shipped content and snapshots:
the same run `invoke check` makes."""

from __future__ import annotations

from pathlib import Path

import check_site
import pytest
from pelican.settings import read_settings
from sitebuild import ROOT, build

from checks.run import GATES, ChecksSettingsError, load_settings, run

TEMPLATES = {
    "home",
    "article",
    "page",
    "category",
    "tag",
    "archives",
    "board",
    "field",
    "role",
    "closed-role",
    "404",
}


@pytest.mark.browser
def test_every_gate_passes_on_the_shipped_site(shipped_site: Path, browser) -> None:
    settings = load_settings(read_settings(str(ROOT / "pelicanconf.py")))
    lines: list[str] = []
    results = run(shipped_site, settings, progress=lines.append, browser=browser)
    assert [r.gate for r in results] == list(GATES)
    failed = {r.gate: [p.format() for p in r.problems[:5]] for r in results if not r.ok}
    assert failed == {}
    a11y = next(r for r in results if r.gate == "a11y")
    # One page of every template the issue names, each audited four times.
    named = a11y.summary.split("(", 1)[1].split(")", 1)[0].split(", ")
    assert set(named) >= TEMPLATES
    assert f"{len(named) * 4} audits" in a11y.summary
    assert len(lines) == len(GATES)


@pytest.mark.browser
def test_every_gate_passes_on_a_publish_build(tmp_path: Path, browser) -> None:
    """Absolute https URLs, the production CSP: audited at the site's own
    origin, answered from the output folder (the sample roles stand in for a
    real snapshot)."""
    out = build(
        tmp_path,
        {},
        conf="publishconf.py",
        PATH=str(ROOT / "content"),
        REFERRAL_CODE="0f8fad5b-d9cb-469f-a165-70867728950e",
        ROLE_CARDS_FETCH=False,
        ROLE_CARDS_ALLOW_SAMPLES=True,
    )
    settings = load_settings(read_settings(str(ROOT / "publishconf.py")))
    assert settings.publish
    assert settings.site_url == "https://rmtly.org"
    results = run(out, settings, browser=browser)
    failed = {r.gate: [p.format() for p in r.problems[:5]] for r in results if not r.ok}
    assert failed == {}


def test_check_on_a_missing_or_empty_folder_fails(tmp_path: Path, capsys) -> None:
    assert check_site.main([str(tmp_path / "nothing")]) == 1
    assert "does not exist; build the site first" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert check_site.main([str(tmp_path / "empty")]) == 1
    assert "has no index.html: the build wrote no site" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"CHECKS_BUDGET": {}}, "checks: unknown setting CHECKS_BUDGET; the known"),
        ({"CHECKS_BUDGETS": {"board": "100 KB"}}, "checks: invalid CHECKS_BUDGETS"),
        ({"CHECKS_REFERRAL_HOSTS": "jobs.micro1.ai"}, "invalid CHECKS_REFERRAL_HOSTS"),
    ],
)
def test_bad_checks_settings_are_named(settings, message) -> None:
    with pytest.raises(ChecksSettingsError, match=message):
        load_settings(settings)


def test_budgets_merge_over_the_defaults() -> None:
    settings = load_settings({"CHECKS_BUDGETS": {"board": 50_000}})
    assert settings.budgets["board"] == 50_000
    assert settings.budgets["article"] == 30 * 1024
