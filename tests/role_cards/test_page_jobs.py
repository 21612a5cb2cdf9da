"""Role pages rendered in two processes: the same files, in order, proven once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from disclosures import build as disclosures_build
from disclosures import verified
from role_cards import page_jobs
from sitebuild import build

from tests.fixtures.roles.helpers import board, write_snapshots
from tests.role_cards.test_pages import write_pages

DISCLOSURE = {"pages/disclosure.md": "Title: Disclosure\n\nHow rmtly is paid.\n"}


def _build_site(tmp_path: Path) -> Path:
    """The whole site, every plugin, on fixture snapshots; its output folder."""
    sources = write_snapshots(tmp_path / "snapshots", now=datetime.now(UTC))
    return build(
        tmp_path,
        DISCLOSURE,
        ROLE_CARDS_SOURCES=sources,
        ROLE_CARDS_SNAPSHOT_DIR=str(tmp_path / "snapshots"),
    )


def _role_pages(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted((out / "roles").glob("*/index.html"))
    }


def test_two_processes_write_the_pages_one_would(tmp_path, monkeypatch):
    role_board = board()
    monkeypatch.setattr(page_jobs, "PARALLEL_PAGES", 10**9)
    serial_out, serial = write_pages(tmp_path / "serial", role_board)
    monkeypatch.setattr(page_jobs, "PARALLEL_PAGES", 2)
    parallel_out, parallel = write_pages(tmp_path / "parallel", role_board)
    pages = _role_pages(parallel_out)
    # Every open and closed role page, plus the field pages.
    assert len(pages) > len(role_board.roles) + len(role_board.closed)
    assert pages == _role_pages(serial_out)

    def order(written, out):
        return [Path(p).relative_to(out).as_posix() for p in written.pages]

    assert order(parallel, parallel_out) == order(serial, serial_out)
    assert not list(parallel_out.rglob("*.tmp"))


def test_pages_proven_when_rendered_are_only_confirmed_by_the_pass(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(page_jobs, "PARALLEL_PAGES", 2)
    proofs: list[str] = []
    real = verified.verify

    def counting(text, **kwargs):
        proofs.append(text)
        return real(text, **kwargs)

    # Patched before the build forks: both processes count into their own
    # copy, so the parent sees only its own half, and the pass's share.
    monkeypatch.setattr(verified, "verify", counting)
    out = _build_site(tmp_path)
    noted = disclosures_build.REGISTRY.noted
    role_pages = {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
        for path in (out / "roles").glob("*/index.html")
        if 'class="page-role"' in path.read_text(encoding="utf-8")
    }
    assert len(role_pages) > 4
    for output, text in role_pages.items():
        assert verified.page_key(output, text) in noted
    # This process proved its half of the role pages when rendering them,
    # each once; the pass proved none of them again.
    proven_here = [text for text in proofs if 'class="page-role"' in text]
    assert len(proven_here) == len(set(proven_here))
    assert set(proven_here) < set(role_pages.values())
    assert abs(len(proven_here) - len(role_pages) / 2) <= 1


def test_a_rendered_page_without_its_box_is_left_to_the_full_pass(tmp_path):
    out = _build_site(tmp_path)
    page = next((out / "roles").glob("*/index.html"))
    text = page.read_text(encoding="utf-8")
    assert disclosures_build.verify_rendered(str(page), text) is not None
    start = text.index("<aside")
    bare = text[:start] + text[text.index("</aside>", start) + len("</aside>") :]
    assert disclosures_build.verify_rendered(str(page), bare) is None


def test_nothing_is_proven_when_the_plugin_is_off(tmp_path):
    disclosures_build.REGISTRY.reset(None)
    assert disclosures_build.verify_rendered(str(tmp_path / "x.html"), "<p>") is None
    disclosures_build.note_verified("key", 1)
    assert disclosures_build.REGISTRY.noted == {}


def test_a_page_left_half_written_is_removed_by_the_next_build(tmp_path, caplog):
    out = tmp_path / "out"  # where write_pages builds
    role_dir = out / "roles" / "left-behind"
    role_dir.mkdir(parents=True)
    leftover = role_dir / "index.html.4242.tmp"
    leftover.write_text("<html>half a page")
    # Names like the writer's but not its: none of them is removed.
    kept = [
        role_dir / "index.html.tmp",
        role_dir / "index.html.42a.tmp",
        role_dir / "page.html.4242.tmp",
        role_dir / "index.html.4242.tmp.bak",
        out / "roles" / "index.html.4242.tmp",
        out / "elsewhere" / "index.html.4242.tmp",
    ]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not a role page")
    with caplog.at_level(logging.INFO, logger=page_jobs.__name__):
        write_pages(tmp_path, board())
    assert not leftover.exists()
    assert all(path.read_text() == "not a role page" for path in kept)
    messages = [r.getMessage() for r in caplog.records]
    assert [m for m in messages if "temporary" in m] == [
        "role_cards: removed the temporary role pages an interrupted build left "
        "in the output folder: 1"
    ]
