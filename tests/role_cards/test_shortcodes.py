"""[roles ...] lines in articles and pages, and the roles that end each article."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from role_cards.classify import load_taxonomy
from role_cards.model import Seniority
from role_cards.shortcodes import RolesQuery, ShortcodeError, parse_args, scan_source
from sitebuild import article, build

from tests.fixtures.roles.helpers import board, write_snapshots

WHERE = "content/articles/x.md:14"
NOW = datetime.now(UTC)


@pytest.mark.parametrize(
    ("raw", "query"),
    [
        ("", RolesQuery()),
        (
            'field="ai-machine-learning" limit=3',
            RolesQuery(field="ai-machine-learning", limit=3),
        ),
        (
            "field=language-audio seniority=senior",
            RolesQuery("language-audio", Seniority.SENIOR),
        ),
        (
            "keyword='computer  vision' limit=12",
            RolesQuery(keyword="computer vision", limit=12),
        ),
        (
            "field=\u201cengineering\u201d keyword=\u2018k8s\u2019",
            RolesQuery("engineering", keyword="k8s"),
        ),
        (
            "  LIMIT = 1  Field=AI-Machine-Learning ",
            RolesQuery(field="ai-machine-learning", limit=1),
        ),
    ],
)
def test_arguments_are_parsed_quoted_or_bare(raw, query):
    assert parse_args(raw, where=WHERE) == query


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            'field="medecine"',
            "content/articles/x.md:14: unknown field 'medecine' (did you mean "
            "'medicine'?) in [roles field=\"medecine\"]; use one of: "
            "ai-machine-learning, cybersecurity, data-analysis, software-engineering,",
        ),
        (
            "seniority=lead",
            "content/articles/x.md:14: unknown seniority 'lead' in "
            "[roles seniority=lead]; use one of: junior, mid, senior, staff, "
            "unspecified",
        ),
        (
            "company=acme",
            "content/articles/x.md:14: unknown key 'company' in [roles company=acme]; "
            "use one of: field, seniority, keyword, limit",
        ),
        (
            "limit=0",
            "content/articles/x.md:14: limit '0' in [roles limit=0] is out of range; "
            "use a whole number from 1 to 12",
        ),
        ("limit=13", "limit '13' in [roles limit=13] is out of range"),
        ("limit=three", "limit 'three' in [roles limit=three] is out of range"),
        ("limit=2 limit=3", "'limit' is given twice"),
        ('keyword=""', "empty keyword"),
        ("field", "cannot read 'field'"),
        ('keyword="unclosed', "cannot read"),
    ],
)
def test_each_mistake_names_file_line_and_the_fix(raw, message):
    with pytest.raises(ShortcodeError) as caught:
        parse_args(raw, where=WHERE)
    assert message in str(caught.value)
    assert str(caught.value).startswith(WHERE + ": ")


def test_source_scan_gives_line_numbers_and_skips_code():
    text = "\n".join(
        [
            "Title: x",  # 1
            "",
            "[roles field=ai-machine-learning]",  # 3
            "",
            "```",
            "[roles field=nope]",  # inside a fence: documentation
            "```",
            "    [roles field=nope]",  # indented code
            "Text `[roles]` in a code span stays text.",
            "",
            "   [roles limit=2]   ",  # 11
            "~~~~",
            "[roles bad=1]",
            "~~~~",
        ]
    )
    found = scan_source(text, path="a.md")
    assert [(o.line, o.query) for o in found] == [
        (3, RolesQuery(field="ai-machine-learning")),
        (11, RolesQuery(limit=2)),
    ]


def test_source_scan_reports_the_line_of_a_mistake():
    text = "Title: x\n\nIntro.\n\n[roles field=llms]\n"
    with pytest.raises(ShortcodeError, match=r"^a\.md:5: unknown field 'llms'"):
        scan_source(text, path="a.md")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'See these: [roles field="nlp" limit=2] for more.',
            '[roles field="nlp" limit=2] is inside a sentence, so it would print '
            "as text; put it on a line of its own",
        ),
        (
            '[role field="law"]',
            "[role field=\"law\"] is not a shortcode (did you mean '[roles'?)",
        ),
        ("[Roles limit=2]", "write it in lower case"),
        ("> [roles limit=2]", "[roles limit=2] is inside a quote"),
        ("- [roles limit=2]", "[roles limit=2] is inside a list"),
        ("## Jobs [roles]", "[roles] is inside a heading"),
        ("[roles limit=2", "'[roles limit=2' has no closing ']'"),
        ("[roles feild=law]", "unknown key 'feild' (did you mean"),
        ("[roles field=laww]", "unknown field 'laww' (did you mean 'law'?)"),
    ],
)
def test_anything_that_looks_like_a_shortcode_but_is_not_one_fails(line, message):
    text = f"Title: x\n\nIntro.\n\n{line}\n\nEnd.\n"
    with pytest.raises(ShortcodeError) as caught:
        scan_source(text, path="a.md")
    assert str(caught.value).startswith("a.md:5: ")
    assert message in str(caught.value)


def test_links_and_code_that_mention_roles_are_prose():
    text = (
        "The [role of a reviewer](https://example.org/) matters.\n\n"
        "See [roles][board] and `[roles field=x]`.\n\n"
        "    [role field=x] in an indented code block\n\n"
        "[board]: /roles/\n"
    )
    assert scan_source(text, path="a.md") == []


def test_discipline_is_still_understood_as_the_field_key():
    assert parse_args("discipline=law", where=WHERE) == RolesQuery(field="law")


# --- In a real build --------------------------------------------------------


@pytest.fixture
def snapshots(tmp_path):
    sources = write_snapshots(tmp_path / "snapshots", now=NOW)
    return {
        "ROLE_CARDS_SOURCES": sources,
        "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
    }


def card_slug(card):
    """The role a card shows, read from its title link (".../roles/<slug>/")."""
    return card.select_one(".role-card-title a")["href"].rstrip("/").rsplit("/", 1)[1]


def page(out, slug):
    return BeautifulSoup(
        (out / slug / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


BODY = """Intro paragraph.

[roles field="robotics" limit=1]

Middle paragraph.

[roles keyword='no such skill anywhere']

[roles seniority=junior]

Closing paragraph.
"""


def test_lines_become_cards_in_place(tmp_path, snapshots):
    files = {"articles/a.md": article(slug="a", Tags="gardening", body=BODY)}
    out = build(tmp_path, files, **snapshots)
    doc = page(out, "a")
    prose = doc.select_one(".prose")
    blocks = prose.select(".role-cards-block")
    assert len(blocks) == 3
    assert "[roles" not in str(prose)
    first = blocks[0].select("article.role-card")
    assert [c["data-field"] for c in first] == ["robotics"]
    assert blocks[0]["aria-label"] == "Open Robotics roles"
    assert (
        blocks[1].select_one(".role-cards-empty").get_text()
        == "No open roles match right now."
    )
    assert blocks[1].select_one(".role-cards-more a")["href"] == "/roles/"
    juniors = blocks[2].select("article.role-card")
    assert len(juniors) == 2
    assert all(c["data-seniority"] == "junior" for c in juniors)
    paragraphs = [p.get_text() for p in prose.find_all("p", recursive=False)]
    assert paragraphs == ["Intro paragraph.", "Middle paragraph.", "Closing paragraph."]
    for button in prose.select("a.button"):
        assert button["rel"] == ["sponsored", "noopener"]
    assert doc.select_one(".role-cards-related") is None, "'gardening' maps to nothing"
    html = str(doc)
    assert html.index("data-disclosure") < html.index("role-cards-block")


def test_pages_expand_lines_too(tmp_path, snapshots):
    source = "Title: Hiring\n\nSee these.\n\n[roles field=language-audio limit=2]\n"
    files = {"pages/hiring.md": source}
    out = build(tmp_path, files, **snapshots)
    cards = page(out, "hiring").select(".role-cards-block article.role-card")
    assert [c["data-field"] for c in cards] == ["language-audio", "language-audio"]


def test_smart_quotes_from_typography_are_understood(tmp_path, snapshots):
    files = {
        "articles/a.md": article(
            slug="a", body='[roles field="language-audio" limit=1]\n'
        )
    }
    markdown = {
        "extension_configs": {
            "markdown.extensions.smarty": {},
            "markdown.extensions.extra": {},
        },
        "output_format": "html5",
    }
    out = build(tmp_path, files, MARKDOWN=markdown, **snapshots)
    cards = page(out, "a").select(".prose article.role-card")
    assert [c["data-field"] for c in cards] == ["language-audio"]


def test_a_mistake_stops_the_build_naming_file_and_line(
    tmp_path, snapshots, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # paths are shown relative to where the build runs
    body = "One.\n\nTwo.\n\n[roles field=llms]\n"
    source = article(slug="x", body=body)
    line = source.splitlines().index("[roles field=llms]") + 1
    with pytest.raises(ShortcodeError) as caught:
        build(tmp_path, {"articles/x.md": source}, **snapshots)
    assert str(caught.value) == (
        f"content/articles/x.md:{line}: unknown field 'llms' in "
        "[roles field=llms]; use one of: "
        + ", ".join(load_taxonomy().field.slugs)
        + " (the fields in data/role_taxonomy.toml)"
    )


def test_a_line_glued_to_a_paragraph_is_refused(tmp_path, snapshots):
    files = {
        "articles/x.md": article(
            slug="x", body="Some text\n[roles limit=2]\nmore text\n"
        )
    }
    with pytest.raises(
        ShortcodeError,
        match=r"x\.md:9: \[roles limit=2\] must be a paragraph of its own",
    ):
        build(tmp_path, files, **snapshots)


def test_articles_end_with_roles_from_their_tags(tmp_path, snapshots):
    files = {
        "articles/mixed.md": article("Mixed", slug="mixed", Tags="llm, engineering"),
        "articles/interviews.md": article(
            "Interviews", slug="interviews", Tags="interviews"
        ),
        "articles/off.md": article(
            "Off", slug="off", Tags="ai-machine-learning", Roles="off"
        ),
    }
    out = build(tmp_path, files, **snapshots)
    mixed = page(out, "mixed").select(".role-cards-related article.role-card")
    assert [c["data-field"] for c in mixed] == [
        "ai-machine-learning",
        "engineering",
        "ai-machine-learning",
    ]
    newest = page(out, "interviews").select(".role-cards-related article.role-card")
    assert [card_slug(c) for c in newest] == [r.slug for r in board(now=NOW).roles[:3]]
    assert page(out, "off").select_one(".role-cards-related") is None


def test_related_roles_skip_roles_already_shown_and_follow_the_limit(
    tmp_path, snapshots
):
    body = "Intro.\n\n[roles field=language-audio limit=1]\n"
    files = {"articles/a.md": article(slug="a", Tags="language-audio", body=body)}
    out = build(tmp_path, files, ROLE_CARDS_RELATED_LIMIT=5, **snapshots)
    doc = page(out, "a")
    inline = {card_slug(c) for c in doc.select(".prose article.role-card")}
    related = {
        card_slug(c) for c in doc.select(".role-cards-related article.role-card")
    }
    assert len(inline) == 1
    assert len(related) == 1
    assert not inline & related


def test_custom_tag_mapping_and_a_bad_opt_out_value(tmp_path, snapshots):
    files = {"articles/a.md": article(slug="a", Tags="vision", Roles="maybe")}
    with pytest.raises(
        ShortcodeError,
        match=r"a\.md: 'Roles: maybe' is not understood; write 'Roles: off'",
    ):
        build(
            tmp_path,
            files,
            ROLE_CARDS_TAG_FIELDS={"vision": "robotics"},
            **snapshots,
        )
    files = {"articles/a.md": article(slug="a", Tags="vision")}
    out = build(
        tmp_path / "again",
        files,
        ROLE_CARDS_TAG_FIELDS={"vision": "robotics"},
        **snapshots,
    )
    cards = page(out, "a").select(".role-cards-related article.role-card")
    assert [c["data-field"] for c in cards] == [
        "robotics",
        "robotics",
    ]


def test_card_titles_sit_one_level_below_the_heading_they_follow(tmp_path, snapshots):
    body = (
        "Intro.\n\n[roles field=language-audio limit=1]\n\n## A section\n\n"
        "[roles field=ai-machine-learning limit=1]\n\n### A subsection\n\n"
        "[roles field=engineering limit=1]\n"
    )
    files = {"articles/a.md": article(slug="a", Tags="language-audio", body=body)}
    doc = page(build(tmp_path, files, **snapshots), "a")
    levels = [
        c.select_one(".role-card-title").name for c in doc.select(".prose article")
    ]
    assert levels == ["h2", "h3", "h4"]
    related = doc.select_one(".role-cards-related")
    assert related.h2.get_text() == "Open roles"
    assert {
        c.select_one(".role-card-title").name for c in related.select("article")
    } == {"h3"}


def test_a_role_shown_twice_in_an_article_leaves_its_ids_unique(tmp_path, snapshots):
    line = "[roles field=language-audio limit=2]"
    body = f"{line}\n\nMore.\n\n{line}\n"
    files = {"articles/a.md": article(slug="a", Tags="gardening", body=body)}
    doc = page(build(tmp_path, files, **snapshots), "a")
    blocks = doc.select(".prose .role-cards-block")
    assert [len(b.select("article.role-card")) for b in blocks] == [2, 2]
    ids = [tag["id"] for tag in doc.find_all(id=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "line", ['See these: [roles field="nlp" limit=2] now.', "> [roles limit=2]"]
)
def test_a_shortcode_in_prose_or_a_quote_stops_the_command_cleanly(
    tmp_path, snapshots, line
):
    from sitebuild import pelican_cli, write_content

    source = article(slug="x", body=f"Intro.\n\n{line}\n\nEnd.\n")
    write_content(tmp_path, {"articles/x.md": source})
    number = source.splitlines().index(line) + 1
    run = pelican_cli(
        tmp_path,
        f"ROLE_CARDS_SNAPSHOT_DIR={json.dumps(snapshots['ROLE_CARDS_SNAPSHOT_DIR'])}",
        f"ROLE_CARDS_SOURCES={json.dumps(snapshots['ROLE_CARDS_SOURCES'])}",
    )
    assert run.returncode == 1
    assert f"content/articles/x.md:{number}: [roles" in run.stderr
    assert "put it on a line of its own" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "x").exists()
