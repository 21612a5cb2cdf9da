"""tasks.py: `invoke new-post` run for real in a temporary copy of the project."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.utils import get_date
from rmtly_site.checks import check_file, read_header
from sitebuild import ROOT, article, build

TITLE = "Vetting: what's next? (2027)"
SLUG = "vetting-whats-next-2027"
SUMMARY = "What vetting will ask for next year, from three recent interviews."


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
    written = new_post(project, TITLE, "--summary", SUMMARY, "--category", "Hiring")
    assert written.returncode == 0, written.stderr
    path = project / "content" / "articles" / f"{SLUG}.md"
    assert written.stdout.strip() == f"Wrote content/articles/{SLUG}.md (Status: draft)"
    text = path.read_text(encoding="utf-8")
    header = {key: value for key, (_, value) in read_header(text).items()}
    assert header["title"] == TITLE
    assert header["slug"] == SLUG
    assert header["category"] == "Hiring"
    assert header["status"] == "draft"
    assert header["summary"] == SUMMARY
    assert {"tags", "date"} <= set(header)
    get_date(header["date"])
    assert check_file(str(path), text, "article") == []

    path.write_text(text + "\nThe author's words.\n", encoding="utf-8")
    again = new_post(project, TITLE, "--summary", SUMMARY)
    assert again.returncode != 0
    assert f"content/articles/{SLUG}.md exists already" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("The author's words.\n")


def test_new_post_refuses_a_title_without_letters_or_digits(project: Path) -> None:
    refused = new_post(project, "?!", "--summary", SUMMARY)
    assert refused.returncode != 0
    assert "Cannot make a slug from '?!'" in refused.stderr
    assert not (project / "content" / "articles").exists()


def test_a_new_post_builds_as_a_draft_preview(project: Path, tmp_path: Path) -> None:
    made = new_post(project, TITLE, "--summary", SUMMARY, "--category", "Interviews")
    assert made.returncode == 0, made.stderr
    source = (project / "content" / "articles" / f"{SLUG}.md").read_text("utf-8")
    assert "Category: Interviews\n" in source
    out = build(tmp_path / "site", {"articles/new.md": source}, PLUGINS=["rmtly_site"])
    assert (out / "drafts" / f"{SLUG}.html").exists()
    assert not (out / SLUG).exists()


def with_articles(project: Path, *categories: str) -> None:
    folder = project / "content" / "articles"
    folder.mkdir(parents=True)
    for number, category in enumerate(categories):
        (folder / f"a{number}.md").write_text(
            article(slug=f"a{number}", Category=category), encoding="utf-8"
        )


def test_new_post_needs_a_summary_when_nobody_can_be_asked(project: Path) -> None:
    refused = new_post(project, TITLE, "--category", "Hiring")
    assert refused.returncode != 0
    assert "Give the article a summary: --summary" in refused.stderr
    assert not (project / "content" / "articles").exists()


def test_new_post_takes_a_category_in_use_and_suggests_the_closest(
    project: Path,
) -> None:
    with_articles(project, "Vetting", "Vetting", "Interviews")
    refused = new_post(project, TITLE, "--summary", SUMMARY, "--category", "Hiring")
    assert refused.returncode != 0
    assert "Category 'Hiring' is not used by any article" in refused.stderr
    assert "use one of: Vetting, Interviews, or pass --new-category" in refused.stderr
    typo = new_post(project, TITLE, "--summary", SUMMARY, "--category", "Vetitng")
    assert "(did you mean 'Vetting'?)" in typo.stderr
    assert not (project / "content" / "articles" / f"{SLUG}.md").exists()

    chosen = new_post(project, TITLE, "--summary", SUMMARY, "--category", "vetting")
    assert chosen.returncode == 0, chosen.stderr
    text = (project / "content" / "articles" / f"{SLUG}.md").read_text("utf-8")
    assert "Category: Vetting\n" in text


def test_new_post_defaults_to_the_most_used_category(project: Path) -> None:
    with_articles(project, "Interviews", "Vetting", "Vetting")
    made = new_post(project, TITLE, "--summary", SUMMARY)
    assert made.returncode == 0, made.stderr
    text = (project / "content" / "articles" / f"{SLUG}.md").read_text("utf-8")
    assert "Category: Vetting\n" in text


def test_new_post_may_start_a_new_category_when_asked(project: Path) -> None:
    with_articles(project, "Vetting")
    args = ("--summary", SUMMARY, "--category", "Hiring", "--new-category")
    assert new_post(project, TITLE, *args).returncode == 0


def test_every_make_target_runs_the_invoke_task_of_its_name() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rules = re.findall(r"^([a-z-]+):[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.M)
    pairs = [
        (target, found[1])
        for target, recipe in rules
        if (found := re.search(r"\$\(INVOKE\) ([a-z-]+)", recipe))
    ]
    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(ROOT), "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tasks = set(re.findall(r"^\s+([a-z-]+)", listed, re.M))
    expected = {"html", "regenerate", "serve", "devserver", "publish", "preview"}
    assert expected | {"check", "new-post", "test", "clean"} <= {t for t, _ in pairs}
    for target, task_name in pairs:
        assert task_name in tasks
        assert target == task_name or (target, task_name) == (
            "refresh",
            "refresh-roles",
        )


def test_serve_without_a_built_site_says_to_build_first(project: Path) -> None:
    invoke = [sys.executable, "-m", "invoke", "--search-root", str(project)]
    refused = subprocess.run(
        [*invoke, "serve", "--port", "0"],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
        timeout=60,
    )
    assert refused.returncode != 0
    assert "output/ has no site to serve; build it first: make html" in refused.stderr
