"""scripts/publish_site.py: a failed build or gate never touches output/."""

from __future__ import annotations

import shutil
from pathlib import Path

import publish_site
import pytest
import snapshot_summary
from sitebuild import ROOT, article

CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
# Build from the shipped sample snapshot, offline, as a publish build would
# from a real one.
OFFLINE = ["ROLE_CARDS_FETCH=false", "ROLE_CARDS_ALLOW_SAMPLES=true"]


@pytest.fixture
def last_good(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good site")
    return output


def publish(tmp_path: Path, output: Path, *args: str) -> int:
    return publish_site.main(
        ["--content", str(tmp_path / "content"), "--output", str(output), *args]
    )


def write_article(tmp_path: Path, text: str) -> None:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    for folder in ("pages", "extra"):  # the Disclosure page, the favicon
        shutil.copytree(ROOT / "content" / folder, tmp_path / "content" / folder)
    (articles / "a.md").write_text(text)


def failed_build(err: str) -> Path:
    return Path(err.rsplit("the failed build is in ", 1)[1].strip())


def test_a_failed_build_leaves_output_untouched(
    tmp_path, last_good, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("RMTLY_REFERRAL_CODE", CODE)
    write_article(tmp_path, article(Date="31/31/2026"))
    assert publish(tmp_path, last_good, "-e", *OFFLINE) == 1
    err = capsys.readouterr().err
    assert "publish: the build failed; " in err
    assert f"{last_good} is untouched" in err
    assert failed_build(err).parent == tmp_path
    assert [p.name for p in last_good.iterdir()] == ["index.html"]
    assert (last_good / "index.html").read_text() == "the last good site"


def test_a_failed_gate_leaves_output_untouched(
    tmp_path, last_good, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("RMTLY_REFERRAL_CODE", CODE)
    # A raw link to another host's image: the build passes, the links gate not.
    body = "![x](https://tracker.example/pixel.gif)\n"
    write_article(tmp_path, article(body=body))
    gates = ["--skip", "a11y", "--skip", "html"]
    assert publish(tmp_path, last_good, *gates, "-e", *OFFLINE) == 1
    captured = capsys.readouterr()
    assert "links: FAILED" in captured.out
    assert "loads https://tracker.example/pixel.gif from another host" in captured.err
    assert "publish: a gate failed; " in captured.err
    built = failed_build(captured.err)
    assert (built / "a-test-article" / "index.html").is_file()
    assert (last_good / "index.html").read_text() == "the last good site"


def test_a_passing_build_replaces_output(tmp_path, last_good, capsys, monkeypatch):
    monkeypatch.setenv("RMTLY_REFERRAL_CODE", CODE)
    write_article(tmp_path, article())
    gates = ["--skip", "a11y", "--skip", "html"]
    assert publish(tmp_path, last_good, *gates, "-e", *OFFLINE) == 0
    assert "publish: built, checked and moved to" in capsys.readouterr().out
    assert (last_good / "a-test-article" / "index.html").is_file()
    assert "the last good site" not in (last_good / "index.html").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("p")] == []


def test_snapshot_commit_summary() -> None:
    report = {
        "sources": [
            {"name": "micro1", "added": 12, "removed": 3, "changed": 4},
            {"name": "lever", "added": 0, "removed": 0, "changed": 0},
        ]
    }
    assert snapshot_summary.summary(report) == "+12 -3 ~4 roles (micro1 +12 -3 ~4)"
    assert snapshot_summary.summary({"sources": []}) == "+0 -0 ~0 roles"
