"""invoke preview: labelled "not publishable" when it would not be, and the
board never claims a nightly refresh over sample roles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sitebuild import ROOT, build

import tasks

SHIPPED = ROOT / "data" / "roles"


def snapshot(folder: Path, *, sample: bool, age_days: int) -> Path:
    folder.mkdir(exist_ok=True)
    data = json.loads((SHIPPED / "micro1.json").read_text())
    data["sample"] = sample
    fetched = datetime.now(UTC) - timedelta(days=age_days)
    data["fetched_at"] = fetched.strftime("%Y-%m-%dT%H:%M:%SZ")
    (folder / "micro1.json").write_text(json.dumps(data))
    return folder


def test_preview_label_names_every_reason(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("RMTLY_REFERRAL_CODE", raising=False)
    assert tasks.preview_label(SHIPPED) == (
        "preview: not publishable (placeholder referral code; "
        "sample roles in micro1.json)"
    )
    monkeypatch.setenv("RMTLY_REFERRAL_CODE", "0f8fad5b-d9cb-469f-a165-70867728950e")
    stale = snapshot(tmp_path / "stale", sample=False, age_days=9)
    assert tasks.preview_label(stale) == (
        "preview: not publishable (micro1.json is 9 days old)"
    )
    fresh = snapshot(tmp_path / "fresh", sample=False, age_days=0)
    assert tasks.preview_label(fresh) == ""


def test_the_label_is_on_every_page(tmp_path) -> None:
    out = build(tmp_path, {}, PREVIEW_LABEL="preview: not publishable (sample roles)")
    for page in ("index.html", "roles/index.html", "404.html"):
        text = (out / page).read_text()
        assert (
            '<p class="preview-label" role="note">preview: not publishable '
            "(sample roles)</p>" in text
        ), page


@pytest.mark.parametrize(("sample", "claimed"), [(True, False), (False, True)])
def test_refreshed_every_night_only_over_live_roles(
    tmp_path, sample: bool, claimed: bool
) -> None:
    folder = snapshot(tmp_path / "roles", sample=sample, age_days=0)
    out = build(tmp_path, {}, ROLE_CARDS_SNAPSHOT_DIR=str(folder))
    board = (out / "roles" / "index.html").read_text()
    assert ("refreshed every night" in board) is claimed


def test_preview_builds_offline_with_relative_urls(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("RMTLY_REFERRAL_CODE", raising=False)
    out = build(
        tmp_path,
        {},
        conf="publishconf.py",
        PATH=str(ROOT / "content"),
        **tasks.preview_overrides(),
    )
    home = (out / "index.html").read_text()
    assert 'href="./theme/css/main.css"' in home
    assert "https://rmtly.org/theme" not in home
    assert "preview: not publishable (placeholder referral code; sample roles" in home
    assert not list(out.rglob("drafts"))  # publishconf's values still hold
