"""The pass on two processes reports exactly what the serial pass reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from disclosures import output, verified
from disclosures.check import DisclosureCheckError
from disclosures.settings import DisclosuresSettings

from tests.disclosures.disclosure_pages import BOX, REFERRAL, page
from tests.disclosures.test_disclosures_feeds import atom, entry, feed_settings

LINK = f'<a href="{REFERRAL.replace("&", "&amp;")}">apply</a>'


def pages(tmp_path: Path, count: int, *, broken: set[int]) -> dict[str, str]:
    files = {}
    for n in range(count):
        path = tmp_path / f"p{n}.html"
        # A link in the header comes before any box: a problem no edit fixes.
        header = LINK if n in broken else ""
        path.write_text(page(f"<!--rmtly:disclosure--><p>{LINK}</p>", header=header))
        files[str(path)] = f"content/p{n}.md"
    return files


def run(files: dict[str, str], settings: DisclosuresSettings) -> list[str]:
    try:
        output.run_pass(
            files,
            {},
            settings=settings,
            output_path=str(Path(next(iter(files))).parent),
            box=BOX,
            lookup=lambda link: None,
        )
    except DisclosureCheckError as error:
        return [problem.format() for problem in error.problems]
    return []


def test_two_processes_find_the_same_problems_in_the_same_order(
    tmp_path: Path, settings: DisclosuresSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial_dir, parallel_dir = tmp_path / "serial", tmp_path / "parallel"
    serial_dir.mkdir()
    parallel_dir.mkdir()
    broken = {1, 7}
    monkeypatch.setattr(output, "PARALLEL_PAGES", 10**9)
    serial = run(pages(serial_dir, 10, broken=broken), settings)
    monkeypatch.setattr(output, "PARALLEL_PAGES", 2)
    files = pages(parallel_dir, 10, broken=broken)
    parallel = run(files, settings)
    assert len(serial) == 2
    assert [p.replace("parallel", "serial") for p in parallel] == serial
    # Both halves were edited on disk: the box landed on every page.
    assert all("data-disclosure" in Path(path).read_text() for path in files)


def test_a_page_verified_once_is_not_verified_again(
    tmp_path: Path, settings: DisclosuresSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {}
    for n in range(3):
        path = tmp_path / "out" / f"p{n}.html"
        path.parent.mkdir(exist_ok=True)
        sponsored = LINK.replace("<a ", '<a rel="sponsored noopener" ')
        path.write_text(page(f"<!--rmtly:disclosure-->{BOX}<p>{sponsored}</p>"))
        files[str(path)] = f"content/p{n}.md"
    calls: list[str] = []
    real = verified.verify

    def counting(text: str, **kwargs: object) -> int | None:
        calls.append(text)
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(verified, "verify", counting)

    def run_once() -> output.PassReport:
        return output.run_pass(
            files,
            {},
            settings=settings,
            output_path=str(tmp_path / "out"),
            box=BOX,
            lookup=lambda link: None,
            cache_dir=str(tmp_path / "cache"),
        )

    first = run_once()
    assert (first.verified, len(calls)) == (3, 3)
    second = run_once()
    assert (second.verified, second.links, len(calls)) == (3, 3, 3)
    # A changed page is verified afresh.
    changed = next(iter(files))
    Path(changed).write_text(Path(changed).read_text() + "\n")
    run_once()
    assert len(calls) == 4


def test_a_feed_that_passed_as_written_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = feed_settings()
    out = tmp_path / "out"
    out.mkdir()
    link = f'<a href="{REFERRAL}">apply</a>'
    disclosed = output.disclose_feed(
        atom(entry("e", f"<p>{link}</p>")), settings=settings
    )
    written = {"ready.atom": disclosed, "bare.atom": atom(entry("b", f"<p>{link}</p>"))}
    calls: list[str] = []
    real = output.check_feed

    def counting(text: str, **kwargs: object) -> object:
        calls.append(str(kwargs["output"]))
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output, "check_feed", counting)

    def build_once() -> output.PassReport:
        # As a build does: the feeds are written anew, then the pass runs.
        for name, text in written.items():
            (out / name).write_text(text)
        return output.run_pass(
            {},
            {str(out / name): "generated feed" for name in written},
            settings=settings,
            output_path=str(out),
            box=BOX,
            lookup=lambda link: None,
            cache_dir=str(tmp_path / "cache"),
        )

    first = build_once()
    assert sorted(calls) == ["bare.atom", "ready.atom"]
    assert (first.feeds, first.links, first.rewritten) == (2, 2, 1)
    second = build_once()
    # The disclosed feed is known by its text; the bare one is edited and
    # checked again, since its text as written never passed unedited.
    assert sorted(calls) == ["bare.atom", "bare.atom", "ready.atom"]
    assert (second.feeds, second.links, second.rewritten) == (2, 2, 1)
    assert output.read_text(out / "bare.atom") == output.disclose_feed(
        written["bare.atom"], settings=settings
    )
