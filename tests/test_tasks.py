"""tasks.py: `invoke new-post` run for real in a temporary copy of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.utils import get_date
from rmtly_site.checks import check_file, read_header
from sitebuild import ROOT, build

TITLE = "Vetting: what's next? (2027)"
SLUG = "vetting-whats-next-2027"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding a copy of tasks.py, as invoke finds it in a checkout."""
    shutil.copy2(ROOT / "tasks.py", tmp_path / "tasks.py")
    return tmp_path


def new_post(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    invoke = [sys.executable, "-m", "invoke", "--search-root", str(project)]
    return subprocess.run(
        [*invoke, "new-post", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
    )


def test_new_post_writes_a_draft_with_its_metadata_and_never_overwrites(
    project: Path,
) -> None:
    written = new_post(project, TITLE)
    assert written.returncode == 0, written.stderr
    path = project / "content" / "articles" / f"{SLUG}.md"
    assert written.stdout.strip() == f"Wrote content/articles/{SLUG}.md (Status: draft)"
    text = path.read_text(encoding="utf-8")
    header = {key: value for key, (_, value) in read_header(text).items()}
    assert header["title"] == TITLE
    assert header["slug"] == SLUG
    assert header["category"] == "Hiring"
    assert header["status"] == "draft"
    assert header["summary"]
    assert {"tags", "date"} <= set(header)
    get_date(header["date"])
    assert check_file(str(path), text, "article") == []

    path.write_text(text + "\nThe author's words.\n", encoding="utf-8")
    again = new_post(project, TITLE)
    assert again.returncode != 0
    assert f"content/articles/{SLUG}.md exists already" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("The author's words.\n")


def test_new_post_refuses_a_title_without_letters_or_digits(project: Path) -> None:
    refused = new_post(project, "?!")
    assert refused.returncode != 0
    assert "Cannot make a slug from '?!'" in refused.stderr
    assert not (project / "content" / "articles").exists()


def test_a_new_post_builds_as_a_draft_preview(project: Path, tmp_path: Path) -> None:
    assert new_post(project, TITLE, "--category", "Interviews").returncode == 0
    source = (project / "content" / "articles" / f"{SLUG}.md").read_text("utf-8")
    assert "Category: Interviews\n" in source
    out = build(tmp_path / "site", {"articles/new.md": source}, PLUGINS=["rmtly_site"])
    assert (out / "drafts" / f"{SLUG}.html").exists()
    assert not (out / SLUG).exists()
