"""Remote text made safe: clean plain text, allowlisted description HTML."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from role_cards.sanitize import (
    _INVISIBLE,
    LINK_REL,
    clean_text,
    html_to_text,
    is_safe_href,
    sanitised_text,
    sanitize_html,
    strip_invisible,
    truncate,
)


def _hrefs(markup: str) -> list[str | None]:
    return [a.get("href") for a in BeautifulSoup(markup, "html.parser").find_all("a")]


# --- clean_text ----------------------------------------------------------------


def test_clean_text_keeps_markup_as_literal_text() -> None:
    title = "<b>Prompt</b> Engineer </script><script>alert(1)</script>"
    assert clean_text(title, max_len=200) == title


@pytest.mark.parametrize(
    "char",
    [
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings, overrides
        "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
        "\u200e", "\u200f", "\u061c",  # marks
        "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
        "\x00", "\x07", "\x1b", "\x7f", "\x9b",  # controls
        "\U000e0041",  # tag character
        "\ud800",  # lone surrogate (JSON can carry one)
    ],
)  # fmt: skip
def test_clean_text_removes_invisible_and_control_characters(char: str) -> None:
    assert clean_text(f"Senior{char}Engineer", max_len=100) == "SeniorEngineer"


def _one_by_one(text: str) -> str:
    """The rule strip_invisible applies, character by character."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isspace() or not (category in ("Cc", "Cf", "Cs") or ch in _INVISIBLE):
            kept.append(ch)
    return "".join(kept)


@pytest.mark.parametrize("start", range(0, 0x30000, 0x1000))
def test_strip_invisible_agrees_with_the_per_character_rule(start: int) -> None:
    block = "".join(chr(point) for point in range(start, start + 0x1000))
    # Each block alone (mostly not ASCII), and its ASCII part alone, which
    # takes the pattern's path instead of the per-character one.
    ascii_part = "".join(ch for ch in block if ch.isascii())
    for text in (block, ascii_part, f"a{block}b{block}"):
        assert strip_invisible(text) == _one_by_one(text)


def test_strip_invisible_keeps_whitespace_controls_for_the_collapse() -> None:
    assert strip_invisible("a\tb\nc\x1fd\x00e\x7f") == "a\tb\nc\x1fde"
    assert strip_invisible("caf\u00e9\u200b \u202eend") == "caf\u00e9 end"


def test_clean_text_defeats_a_right_to_left_override_title() -> None:
    # Rendered, this would read "Engineer ... gpj.exe" backwards.
    assert clean_text("\u202eexe.jpg\u202c Engineer", max_len=100) == "exe.jpg Engineer"


def test_clean_text_collapses_whitespace_and_normalises_to_nfc() -> None:
    text = "  Caf\u0065\u0301\n\tdata\u00a0 scientist\u2028lead  "
    assert clean_text(text, max_len=100) == "Caf\u00e9 data scientist lead"


def test_clean_text_truncates_on_a_word_boundary_with_an_ellipsis() -> None:
    out = clean_text("Senior machine learning engineer, platform", max_len=20)
    assert out == "Senior machine\u2026"
    assert len(out) <= 20


def test_truncate_cuts_one_long_word_rather_than_dropping_it() -> None:
    assert truncate("a" * 50, max_len=10) == "a" * 9 + "\u2026"


def test_clean_text_accepts_none_and_numbers_but_not_containers() -> None:
    assert clean_text(None, max_len=10) == ""
    assert clean_text(42, max_len=10) == "42"
    with pytest.raises(TypeError):
        clean_text(["a"], max_len=10)
    with pytest.raises(TypeError):
        clean_text(True, max_len=10)


# --- sanitize_html -------------------------------------------------------------


def test_sanitize_html_removes_scripts_handlers_and_unknown_tags() -> None:
    out = sanitize_html(
        '<p onclick="steal()" style="x" class="c">Hi<script>alert(1)</script></p>'
        '<img src="https://x.example/a.png" onerror="alert(1)">'
        "<style>p{}</style><iframe src='https://x.example'>in</iframe>"
        "<svg><script>alert(2)</script></svg><form><input></form><!-- note -->"
    )
    assert out == "<p>Hi</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//evil.example/phish",
        "/relative/path",
        "relative/path",
        "#fragment",
        "?q=1",
        "http://plain.example/",
        "https:///no-host",
        "https://user:pw@site.example/",
        "https://site.example:bad/",
        "https://site.example/\\@evil",
        "https://jobs.micro1.ai/post/x?referralCode=someone-else",
    ],
)
def test_sanitize_html_drops_unsafe_links_but_keeps_their_text(href: str) -> None:
    out = sanitize_html(f'<p><a href="{href}">text</a></p>')
    assert _hrefs(out) == [None]
    assert "text" in out


def test_sanitize_html_keeps_absolute_https_links_with_rel() -> None:
    out = sanitize_html(
        '<a href="https://docs.example.org/guide?a=1" target="_blank">g</a>'
    )
    soup = BeautifulSoup(out, "html.parser")
    link = soup.find("a")
    assert link is not None
    assert link["href"] == "https://docs.example.org/guide?a=1"
    assert " ".join(link["rel"]) == LINK_REL
    assert link.get("target") is None


def test_sanitize_html_keeps_allowlisted_structure() -> None:
    markup = (
        "<h3>Stack</h3><ul><li><strong>Python</strong></li><li><em>SQL</em></li></ul>"
        "<ol><li>one</li></ol><blockquote>q</blockquote><pre><code>x = 1</code></pre>"
        "<p>a<br>b</p>"
    )
    assert sanitize_html(markup) == markup


def test_sanitize_html_demotes_page_level_headings() -> None:
    out = sanitize_html('<h1 id="x">About</h1><h2 class="y">Role</h2><h4>Detail</h4>')
    assert out == "<h3>About</h3><h3>Role</h3><h4>Detail</h4>"


def test_sanitize_html_escapes_stray_angle_brackets_in_text() -> None:
    assert sanitize_html("<p>1 < 2 & 3 > 2</p>") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"


def test_sanitize_html_removes_bidi_and_zero_width_characters() -> None:
    assert sanitize_html("<p>\u202eab\u200bc</p>") == "<p>abc</p>"


def test_sanitize_html_caps_length_and_keeps_markup_well_formed() -> None:
    markup = "<p>" + "word &amp; <b>bold</b> " * 3000 + "</p>"
    out = sanitize_html(markup, max_len=1000)
    assert len(out) < 1100
    assert out.endswith("\u2026</p>")
    # Re-sanitising well-formed output changes nothing.
    assert sanitize_html(out, max_len=2000) == out
    assert out.count("<b>") == out.count("</b>")


def test_sanitize_html_handles_empty_and_rejects_non_text() -> None:
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""
    with pytest.raises(TypeError):
        sanitize_html(["<p>x</p>"])


def test_is_safe_href() -> None:
    assert is_safe_href("https://example.org/a")
    assert not is_safe_href("https://example.org/a b")
    assert not is_safe_href("mailto:jobs@example.org")


# --- html_to_text --------------------------------------------------------------


def test_html_to_text_separates_blocks_and_drops_scripts() -> None:
    markup = (
        "<h3>Role</h3><p>Build <b>models</b>.</p><ul><li>one</li><li>two</li></ul>"
        "<script>alert(1)</script><style>p{}</style>"
    )
    assert html_to_text(markup) == "Role Build models. one two"


def test_html_to_text_separates_table_cells_and_line_breaks() -> None:
    markup = "<table><tr><td>a</td><td>b</td></tr></table><p>x<br>y</p>"
    assert html_to_text(markup) == "a b x y"


def test_html_to_text_decodes_entities_into_plain_text() -> None:
    assert html_to_text("<p>R&amp;D &lt;team&gt;</p>") == "R&D <team>"


def test_html_to_text_of_nothing_is_empty() -> None:
    assert html_to_text(None) == ""
    assert html_to_text("") == ""


# Pieces that random descriptions are made of: tags sanitising keeps, drops
# or rewrites, entities, stray brackets and quotes.
_PIECES = [
    "<p>", "</p>", "<b>", "</b>", '<a href="https://a.example/x?q=1&amp;r=2">',
    '<a href="https://a.example/">y">', "</a>", "&amp;", "&lt;", "&#60;", "&copy",
    "<", ">", '"', "'", "x", " ", "\n", "<br>", "<br/>", "<li>", "<ul>", "</ul>",
    "<img src=x>", "<script>", "</script>", "<span>", "<h2>", "</h2>", "<tr>",
    "<td>", "<!-- c -->", "<div title='x>y'>", "\u202e", "\u00a0", "<pre>  a\n",
]  # fmt: skip


def test_sanitised_text_reads_sanitised_markup_as_the_parser_does() -> None:
    rng = random.Random(7)  # noqa: S311 (test data, not secrets)
    samples = [
        "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))
        for _ in range(3000)
    ]
    root = Path(__file__).resolve().parents[2]
    for path in [
        *root.glob("data/roles/*.json"),
        *root.glob("tests/fixtures/roles/*.json"),
    ]:
        data = json.loads(path.read_text(encoding="utf-8"))
        samples += [r["description_html"] for r in data["roles"] + data["closed"]]
    samples.append("<p>" + "word " * 7000 + "</p>")  # past the length cap
    for raw in samples:
        markup = sanitize_html(raw)
        assert sanitised_text(markup) == html_to_text(markup), raw


def test_sanitised_text_hands_unfamiliar_markup_to_the_parser() -> None:
    # Not nh3's form (upper case, a dropped element): the pattern would
    # misread it, so the parser reads it.
    for markup in ("<P>a</P><P>b</P>", "<script>x</script>y", "<p>a</p><style>"):
        assert sanitised_text(markup) == html_to_text(markup)
    assert sanitised_text("<p>a</p><p>b &lt;c&gt;</p>") == "a b <c>"
