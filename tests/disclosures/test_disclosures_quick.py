"""The quick path: proposals match the full path, or are refused and proven wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from disclosures import output, quick
from disclosures.check import DisclosureCheckError, check_page
from disclosures.html import disclose_page, scan_html
from disclosures.quick import box_shape, propose, verify
from disclosures.settings import DisclosuresSettings

from tests.disclosures.disclosure_pages import BOX, REFERRAL, page

ESCAPED = REFERRAL.replace("&", "&amp;")
MARKER = "<!--rmtly:disclosure-->"
LINK = f'<a href="{ESCAPED}">apply</a>'


def full_path(text: str, settings: DisclosuresSettings) -> str:
    return disclose_page(text, rules=settings.rules, marker=settings.marker, box=BOX)


def quick_path(text: str, settings: DisclosuresSettings) -> str | None:
    """The proposal's text when its edits landed, else None."""
    shape = box_shape(BOX, settings)
    assert shape is not None
    proposal = propose(text, settings=settings, box=shape)
    if proposal is None:
        return None
    scan = scan_html(proposal.text, rules=settings.rules, marker=settings.marker)
    return proposal.text if proposal.landed(scan) else None


@pytest.mark.parametrize(
    "main",
    [
        f"{MARKER}<p>{LINK}</p>",
        f"<h1>T</h1>{MARKER}<p>one {LINK} two <a rel=nofollow href='{ESCAPED}'>x</a>",
        f'{MARKER}<p><a rel="sponsored noopener" href="{ESCAPED}">done</a></p>',
        f'{MARKER}<p><a title="a > b" href="{ESCAPED}">gt in a value</a></p>',
        f"{MARKER}<p><A HREF={ESCAPED}>upper case</A><area href='{ESCAPED}'></p>",
        f'{MARKER}<p><a href="https://example.com/">plain</a> {LINK}</p>',
    ],
)
def test_a_landed_proposal_is_exactly_the_full_paths_result(
    settings: DisclosuresSettings, main: str
) -> None:
    text = page(main)
    quick = quick_path(text, settings)
    assert quick is not None
    assert quick == full_path(text, settings)


@pytest.mark.parametrize(
    ("main", "header"),
    [
        (f"{BOX}{MARKER}<p>{LINK}</p>", ""),  # a box is there already
        (f"<!-- rmtly:disclosure --><p>{LINK}</p>", ""),  # spelled differently
        (f"<p>{LINK}</p>{MARKER}", ""),  # link before the marker
        (f"{MARKER}<p>no links</p>", ""),
        (f"<p>{LINK}</p>", ""),  # no marker: the box goes first in <main>
        (f"<p>{LINK}</p>", MARKER),  # marker in the header, outside <main>
        (f"<div hidden>{MARKER}</div><p>{LINK}</p>", ""),  # hidden marker
        (f"{MARKER}<!-- {LINK} --><p>{LINK}</p>", ""),  # a link in a comment
        (f"{MARKER}<script>x = '{LINK}'</script>", ""),  # a link in a script
        (f"{MARKER}<style>/* {LINK} */</style>", ""),  # a link in a style
    ],
)
def test_anything_unusual_takes_the_full_path(
    settings: DisclosuresSettings, main: str, header: str
) -> None:
    assert quick_path(page(main, header=header), settings) is None


def _write_pages(root: Path, count: int) -> dict[str, str]:
    pages = {}
    for number in range(count):
        path = root / f"p{number}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(page(f"{MARKER}<p>{LINK}</p>"), encoding="utf-8")
        pages[str(path)] = f"content/articles/p{number}.md"
    return pages


def _run(root: Path, pages: dict[str, str], settings: DisclosuresSettings):
    return output.run_pass(
        pages,
        {},
        settings=settings,
        output_path=str(root),
        box=BOX,
        lookup=lambda link: None,
    )


def test_the_pass_uses_the_quick_path_and_writes_the_full_paths_result(
    tmp_path: Path, settings: DisclosuresSettings
) -> None:
    pages = _write_pages(tmp_path, 3)
    expected = full_path(page(f"{MARKER}<p>{LINK}</p>"), settings)
    report = _run(tmp_path, pages, settings)
    assert (report.rewritten, report.quick, report.links) == (3, 3, 3)
    for path in pages:
        assert Path(path).read_text(encoding="utf-8") == expected


def test_the_check_reads_what_is_on_disk_not_what_was_meant(
    tmp_path: Path, settings: DisclosuresSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _write_pages(tmp_path, 1)
    write_text = output.write_text

    def lossy_write(path: str, text: str) -> None:
        write_text(path, text.replace(BOX, ""))  # the disk drops the box

    monkeypatch.setattr(output, "write_text", lossy_write)
    with pytest.raises(DisclosureCheckError) as caught:
        _run(tmp_path, pages, settings)
    (problem,) = caught.value.problems
    assert (
        problem.what == "the page has a referral link but no disclosure box before it"
    )
    assert problem.source == "content/articles/p0.md"


# --- verify(): pages rendered with their box and rel ------------------------

SPONSORED = f'<a rel="sponsored noopener" href="{ESCAPED}">apply</a>'


def test_a_page_rendered_disclosed_is_verified_without_a_full_parse(
    settings: DisclosuresSettings,
) -> None:
    text = page(f"{MARKER}{BOX}<p>{SPONSORED} and {SPONSORED}</p>")
    assert verify(text, settings=settings) == 2
    # The full check agrees: no problems, the same count.
    findings = check_page(text, settings=settings, output="x.html", source="s")
    assert findings.problems == []
    assert findings.referral_links == 2


@pytest.mark.parametrize(
    ("main", "header"),
    [
        (f"{MARKER}<p>{SPONSORED}</p>", ""),  # no box
        (f"{MARKER}{BOX}<p>{LINK}</p>", ""),  # rel missing
        (f'{MARKER}{BOX}<p><a rel="sponsored" href="{ESCAPED}">x</a></p>', ""),
        (f"{MARKER}<p>{SPONSORED}</p>{BOX}", ""),  # link before the box
        (f"<div hidden>{BOX}</div><p>{SPONSORED}</p>", ""),  # hidden box
        (f"{MARKER}{BOX}<p>{SPONSORED}</p>", SPONSORED),  # link before <main>
        (f'{MARKER}{BOX}<p>{SPONSORED}<a href="{ESCAPED}</p>', ""),  # odd tag
    ],
)
def test_anything_unproven_is_left_to_the_full_path(
    settings: DisclosuresSettings, main: str, header: str
) -> None:
    assert verify(page(main, header=header), settings=settings) is None


def test_a_header_box_outside_main_is_not_enough(
    settings: DisclosuresSettings,
) -> None:
    text = page(f"<p>{SPONSORED}</p>", header=BOX)
    assert verify(text, settings=settings) is None


def _with_head(head: str) -> str:
    main = f"{MARKER}{BOX}<p>{SPONSORED}</p>"
    return page(main).replace("<head><title>t</title></head>", head)


def test_a_role_page_head_of_meta_link_and_title_is_proven(
    settings: DisclosuresSettings,
) -> None:
    head = (
        '<head>\n<meta charset="utf-8">\n<title>Lawyer &amp; Co · rmtly</title>\n'
        '<meta name="description" content="It&#39;s remote; \'quoted\'">\n'
        '<link rel="canonical" href="https://rmtly.org/roles/x/">\n</head>'
    )
    assert verify(_with_head(head), settings=settings) == 1


def _box_first_in_full(text: str, settings: DisclosuresSettings) -> bool:
    """What verify's parse says when the whole prefix is read, head and all."""
    end = text.find(">", text.find("data-disclosure")) + 1
    scan = scan_html(text[:end], rules=settings.rules, marker=settings.marker)
    return scan.first_visible_box() is not None and not scan.links


@pytest.mark.parametrize(
    ("head", "plain"),
    [
        ('<head><meta charset="utf-8"><title>t</title></head>', True),
        (
            '<head>\n<link rel="icon" href="/f.svg" type="image/svg+xml"/>\n</head>',
            True,
        ),
        # Anything the pattern cannot vouch for is read in full.
        ("<head><title>t</title><template></head>", False),
        ("<head><title><div hidden></title></head><div hidden>", False),
        ('<head><meta name="x" content="<div hidden>"></head><div hidden>', False),
        ("<head><title>t</title><!-- </head>", False),
        ("<head><style></head><body><main>", False),
        ("<head><meta name=x content=y></head><div hidden>", False),
        ('<head><base href="https://elsewhere.example/"></head>', False),
        (f"<head><title>t</title></head>{SPONSORED}", True),  # a link before main
        (f"<head><title>t</title>{SPONSORED}</head>", False),  # a link in the head
    ],
)
def test_verify_reads_the_head_only_when_the_pattern_cannot_vouch_for_it(
    settings: DisclosuresSettings, head: str, plain: bool
) -> None:
    text = _with_head(head)
    emptied = quick._without_plain_head(text[: text.index("data-disclosure")])
    assert ("<head></head>" in emptied) is plain
    proven = verify(text, settings=settings) is not None
    assert proven is _box_first_in_full(text, settings)
