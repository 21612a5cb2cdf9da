"""Items 2, 3 and 6: snapshots checked on read, locked on write; against a real
server on 127.0.0.1 where a refresh is involved.

A snapshot is a file anyone with commit access can edit. Each case seeds a
good snapshot from the server, edits one field by hand, and checks that the
source's roles never reach the board, and that the warning names the file,
the role and the field.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from role_cards import snapshot as snapshot_module
from role_cards.loader import BoardError, load_board
from role_cards.refresh import refresh

from .micro1_shapes import (
    NOW,
    PATH,
    SEEDED,
    SIX,
    handler,
    job,
    paged,
    seed,
    settings_for,
)


@pytest.fixture
def seeded(tmp_path, httpserver):
    settings = seed(tmp_path, httpserver)
    return settings, settings.snapshot_path("micro1")


def edit_first_role(path, **fields) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["roles"][0].update(fields)
    path.write_text(json.dumps(data), encoding="utf-8")
    return data["roles"][0]["id"]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("apply_target", "javascript:alert(document.domain)//", "refused: scheme"),
        ("apply_target", "https://evil.example/post/1", "is not an allowed host"),
        ("job_url", "https://jobs.micro1.ai:8443/post/1", "port 8443"),
        ("pay", {"min": "lots", "max": 90, "currency": "USD", "interval": "hour"},
         "pay minimum 'lots' is not a number"),
        ("skills", "Python", "is text, not a list"),
        ("title", 42, "is a number, not text"),
        ("seniority", "wizardry", "is 'wizardry', not one of"),
        ("posted_at", "last tuesday", "not an ISO 8601 date"),
        ("slug", "../../index", "is not lower-case letters"),
        ("id", "greenhouse:1", "is not micro1:"),
    ],
)  # fmt: skip
def test_a_bad_field_keeps_the_source_off_the_board(
    seeded, caplog, field, value, problem
):
    settings, path = seeded
    role_id = edit_first_role(path, **{field: value})
    with caplog.at_level(logging.WARNING):
        board = load_board(settings, now=NOW)
    assert board.roles == []
    assert [n.kind for n in board.notices] == ["failed"]
    warning = caplog.text
    assert str(path) in warning
    assert repr(role_id) in warning or field == "id"
    assert f"field {field!r}" in warning
    assert problem in warning
    assert "Traceback" not in warning


def test_a_bad_field_stops_a_publish_build_with_a_message(seeded):
    settings, path = seeded
    edit_first_role(path, apply_target="javascript:alert(1)//")
    publish = settings.__class__(**{**_fields(settings), "allow_samples": False})
    with pytest.raises(BoardError, match="refusing to publish an empty role board"):
        load_board(publish, now=NOW)


def _fields(settings):
    return {name: getattr(settings, name) for name in settings.__slots__}


def test_hostile_text_in_a_snapshot_is_cleaned_and_sanitised_on_read(seeded):
    settings, path = seeded
    edit_first_role(
        path,
        title="Lawyer \u202egnp.exe",
        description_html='<p onclick="x()">Hi<script>alert(1)</script>'
        '<a href="https://jobs.micro1.ai/x#referralCode=abc">ours?</a></p>',
    )
    board = load_board(settings, now=NOW)
    role = next(r for r in board.roles if r.title.startswith("Lawyer"))
    assert role.title == "Lawyer gnp.exe"
    assert "<script" not in role.description_html
    assert "onclick" not in role.description_html
    assert "href" not in role.description_html  # the other code's link is unlinked


def test_a_snapshot_fetched_in_the_future_is_not_used(seeded, caplog):
    settings, path = seeded
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fetched_at"] = "2029-12-31T00:00:00Z"
    path.write_text(json.dumps(data), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        board = load_board(settings, now=NOW)
    assert board.roles == []
    assert "fetched_at 2029-12-31T00:00:00Z is in the future" in caplog.text
    assert all("days ago" not in n.message for n in board.notices)


def test_a_good_fetch_replaces_a_bad_snapshot(seeded):
    settings, path = seeded
    edit_first_role(path, skills="Python")
    entry = refresh(settings, now=NOW).entry("micro1")
    assert (entry.status, entry.roles) == ("fresh", 6)
    assert entry.reason == "replaced an unreadable snapshot"
    assert len(load_board(settings, now=NOW).roles) == 6


# --- item 3: locked writes, lost updates, leftovers ---------------------------


@pytest.fixture
def threaded_server():
    """Two refreshes at once need a server that answers both at once."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_an_older_refresh_finishing_last_keeps_the_newer_snapshot(
    tmp_path, threaded_server
):
    httpserver = threaded_server
    """A starts first and stalls; B starts later, lists ten jobs and writes;
    then A's six arrive. Without the lock A overwrote B: four roles vanished."""
    settings = settings_for(tmp_path, httpserver.url_for(PATH), page_limit=100)
    ten = [job(n) for n in range(1, 11)]
    release = threading.Event()
    first = threading.Event()

    def pager(number: int, limit: int):
        if not first.is_set():
            first.set()
            release.wait(10)  # refresh A stalls here
            return paged(SIX)(number, limit)
        return paged(ten)(number, limit)

    httpserver.expect_request(PATH, method="POST").respond_with_handler(handler(pager))
    results = {}
    older = threading.Thread(
        target=lambda: results.update(a=refresh(settings, now=NOW)), daemon=True
    )
    older.start()
    assert first.wait(5)
    later = NOW + timedelta(minutes=5)
    assert refresh(settings, now=later).entry("micro1").roles == 10
    release.set()
    older.join(10)
    entry = results["a"].entry("micro1")
    assert entry.status == "stale"
    assert "another refresh wrote micro1.json" in entry.reason
    kept = snapshot_module.read_snapshot(settings.snapshot_path("micro1"), now=later)
    assert kept is not None
    assert (len(kept.roles), kept.fetched_at) == (10, later)


def test_a_later_refresh_over_a_changed_snapshot_merges_again(
    tmp_path, threaded_server
):
    """A reads the snapshot, B writes ten roles, then A (started later than
    B's fetch time) writes its six: the four it lacks are closed, not lost."""
    httpserver = threaded_server
    settings = settings_for(tmp_path, httpserver.url_for(PATH), page_limit=100)
    path = settings.snapshot_path("micro1")
    ten = [job(n) for n in range(1, 11)]
    httpserver.expect_request(PATH, method="POST").respond_with_handler(
        handler(paged(SIX))
    )
    refresh(settings, now=SEEDED)
    httpserver.clear()
    release = threading.Event()
    first = threading.Event()

    def pager(number: int, limit: int):
        if not first.is_set():
            first.set()
            release.wait(10)
            return paged(SIX)(number, limit)
        return paged(ten)(number, limit)

    httpserver.expect_request(PATH, method="POST").respond_with_handler(handler(pager))
    results = {}
    worker = threading.Thread(
        target=lambda: results.update(a=refresh(settings, now=NOW)), daemon=True
    )
    worker.start()
    assert first.wait(5)
    refresh(settings, now=NOW - timedelta(minutes=5))
    release.set()
    worker.join(10)
    assert results["a"].entry("micro1").status == "fresh"
    merged = snapshot_module.read_snapshot(path, now=NOW)
    assert merged is not None
    assert len(merged.roles) == 6
    assert len(merged.closed) == 4  # roles 7-10 get their "closed" pages


def test_a_refresh_gives_up_when_another_holds_the_lock(
    seeded, httpserver, monkeypatch
):
    settings, path = seeded
    before = path.read_bytes()
    monkeypatch.setattr(snapshot_module, "LOCK_WAIT", 0.3)
    with open(path.parent / ".lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        entry = refresh(settings, now=NOW).entry("micro1")
    assert entry.status == "stale"
    assert "snapshot not written: another refresh has held" in entry.reason
    assert path.read_bytes() == before


def test_temporary_files_of_a_killed_run_are_removed(seeded):
    settings, path = seeded
    leftover = path.parent / ".micro1.json.k1ll3d.tmp"
    leftover.write_bytes(b'{"half": ')
    assert refresh(settings, now=NOW).entry("micro1").status == "fresh"
    assert not leftover.exists()
    assert sorted(p.name for p in path.parent.iterdir()) == [".lock", "micro1.json"]


# --- item 6: a full disk under reports/ ----------------------------------------


def test_a_full_disk_under_reports_is_one_line(seeded, caplog):
    settings, _ = seeded
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full to fill a disk")
    settings.report_dir.mkdir(parents=True, exist_ok=True)
    for name in ("roles-fetch.json", "roles-fetch.md"):
        target = settings.report_dir / name
        target.unlink(missing_ok=True)
        target.symlink_to("/dev/full")  # every write: ENOSPC, as on a full disk
    with caplog.at_level(logging.ERROR):
        report = refresh(settings, now=NOW)
    assert report.entry("micro1").status == "fresh"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].getMessage() == (
        f"role_cards: the fetch report was not written to {settings.report_dir}: "
        "No space left on device (the snapshots are unaffected)"
    )
    assert errors[0].exc_info is None


def test_a_hand_edited_link_never_reaches_a_built_page(tmp_path, caplog):
    """The whole site, built from the shipped snapshot with one apply_target
    edited to a script URL: no page carries it, and the log names the field."""
    from pathlib import Path

    from pelican import Pelican
    from pelican.settings import read_settings

    root = Path(__file__).resolve().parents[2]
    snapshots = tmp_path / "roles"
    snapshots.mkdir()
    shipped = json.loads((root / "data/roles/micro1.json").read_text("utf-8"))
    shipped["roles"][0]["apply_target"] = "javascript:alert(document.domain)//"
    (snapshots / "micro1.json").write_text(json.dumps(shipped), encoding="utf-8")
    settings = read_settings(
        str(root / "pelicanconf.py"),
        override={
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "ROLE_CARDS_SNAPSHOT_DIR": str(snapshots),
            "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
        },
    )
    with caplog.at_level(logging.WARNING):
        Pelican(settings).run()
    pages = list((tmp_path / "out").rglob("*.html"))
    assert len(pages) > 10
    assert not [p for p in pages if "javascript:alert" in p.read_text("utf-8")]
    assert "field 'apply_target'" in caplog.text
