"""Metadata checks: each broken header names the file, the line and the fix."""

from __future__ import annotations

import pytest
from rmtly_site.checks import ContentError, check_file, read_header
from sitebuild import article, build, pelican_cli, write_content


def test_read_header_keeps_line_numbers_and_continuations():
    text = "Title: One\nSummary: first part\n    second part\nDate: 2026-01-02\n\nBody"
    header = read_header(text)
    assert header["title"] == (1, "One")
    assert header["summary"] == (2, "first part second part")
    assert header["date"] == (4, "2026-01-02")


def test_valid_article_has_no_problems():
    assert check_file("a.md", article(), "article") == []


@pytest.mark.parametrize(
    ("meta", "line", "expected"),
    [
        ({"Title": None}, 1, "no Title: add a line 'Title: ...'"),
        ({"Title": ""}, 1, "Title is empty"),
        ({"Date": "next tuesday"}, 2, "Date 'next tuesday' does not parse; write it"),
        ({"Date": "2026-13-45"}, 2, "does not parse"),
        ({"Summary": ""}, 6, "Summary is empty"),
        ({"Summary": None}, 1, "no Summary"),
        ({"Category": None}, 1, "no Category"),
        ({"Slug": "Not A Slug"}, 5, "Slug 'Not A Slug' must be lower-case"),
        ({"Status": "sketch"}, 7, "Status 'sketch' is not one of: draft, published"),
        ({"Modified": "soon"}, 7, "Modified 'soon' does not parse"),
    ],
)
def test_each_broken_field_is_reported_with_its_line(meta, line, expected):
    problems = check_file("content/articles/x.md", article(**meta), "article")
    assert len(problems) == 1, problems
    assert problems[0].line == line
    assert expected in problems[0].message
    assert str(problems[0]).startswith(f"content/articles/x.md:{line}: ")


def test_pages_need_only_a_title():
    assert check_file("p.md", "Title: About\n\nText", "page") == []
    messages = [p.message for p in check_file("p.md", "Summary:\n\nText", "page")]
    assert len(messages) == 2
    assert messages[0].startswith("no Title")
    assert messages[1].startswith("Summary is empty")


def test_build_fails_naming_every_broken_file(tmp_path):
    files = {
        "articles/good.md": article(),
        "articles/bad-date.md": article(slug="bad-date", Date="31/31/2026"),
        "articles/no-summary.md": article(slug="no-summary", Summary=""),
    }
    with pytest.raises(ContentError) as error:
        build(tmp_path, files, PLUGINS=["rmtly_site"])
    message = str(error.value)
    assert "articles/bad-date.md:2: Date '31/31/2026' does not parse" in message
    assert "articles/no-summary.md:6: Summary is empty" in message
    assert "good.md" not in message


def test_the_pelican_command_exits_non_zero_naming_file_and_problem(tmp_path):
    write_content(
        tmp_path,
        {
            "articles/no-title.md": article(Title=None),
            "articles/bad-date.md": article(slug="bad-date", Date="31/31/2026"),
            "articles/no-summary.md": article(slug="no-summary", Summary=""),
        },
    )
    run = pelican_cli(tmp_path, 'PLUGINS=["rmtly_site"]')
    assert run.returncode == 1
    assert "rmtly_site: fix these content files:" in run.stderr
    for line in (
        "content/articles/no-title.md:1: no Title: add a line 'Title: ...' to "
        "the metadata at the top of the file",
        "content/articles/bad-date.md:2: Date '31/31/2026' does not parse; "
        "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM",
        "content/articles/no-summary.md:6: Summary is empty; give it a value",
    ):
        assert line in run.stderr
    assert not (tmp_path / "out" / "bad-date").exists()


def test_the_placeholder_summary_is_refused():
    text = article(Summary="One or two plain sentences for lists, feeds and search.")
    problems = check_file("content/articles/x.md", text, "article")
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (6, "Summary is still the placeholder")
    ]


def test_a_file_that_is_not_utf8_names_its_line_and_column(tmp_path):
    write_content(tmp_path, {"articles/good.md": article()})
    body = article(slug="latin").encode() + b"\nCaf\xe9 au lait.\n"
    (tmp_path / "content" / "articles" / "latin.md").write_bytes(body)
    line = body.count(b"\n", 0, body.index(b"\xe9")) + 1
    run = pelican_cli(tmp_path, 'PLUGINS=["rmtly_site"]')
    assert run.returncode == 1
    assert (
        f"content/articles/latin.md:{line}: byte 0xe9 at column 4 is not UTF-8; "
        "save the file as UTF-8"
    ) in run.stderr
    assert "Traceback" not in run.stderr
    assert "UnicodeDecodeError" not in run.stderr


def test_errors_are_one_clean_message_without_a_traceback(tmp_path):
    write_content(tmp_path, {"articles/x.md": article(Summary="")})
    run = pelican_cli(tmp_path, 'PLUGINS=["rmtly_site"]')
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "ContentError" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 2, run.stderr


def test_debug_keeps_the_traceback(tmp_path):
    write_content(tmp_path, {"articles/x.md": article(Summary="")})
    run = pelican_cli(tmp_path, 'PLUGINS=["rmtly_site"]', "-D")
    assert run.returncode == 1
    assert "Traceback" in run.stderr + run.stdout
