"""Snapshots that checked clean are not checked again, and nothing else is trusted."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from role_cards import clean_record, stored
from role_cards.clean_record import CleanRecord
from role_cards.snapshot import read_snapshot, write_snapshot

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "roles" / "micro1.json"


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    path = tmp_path / "roles" / "micro1.json"
    path.parent.mkdir()
    shutil.copyfile(SHIPPED, path)
    return path


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the roles the full check looked at, in order."""
    seen: list[str] = []
    real = stored.check_item

    def counting(data, **kwargs):
        seen.append(str(data.get("id")))
        return real(data, **kwargs)

    monkeypatch.setattr("role_cards.snapshot.check_item", counting)
    return seen


def _edit_first(path: Path, **changes: object) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["roles"][0].update(changes)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_a_clean_snapshot_is_checked_once_and_then_read_as_it_is(
    tmp_path, snapshot_file, checks
):
    clean = CleanRecord(tmp_path / "cache")
    first = read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert first is not None
    assert first.roles
    assert len(checks) == len(first.roles) + len(first.closed)
    checks.clear()
    again = read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert checks == []
    assert again == first


def test_an_edit_after_the_record_is_checked_and_sanitised(
    tmp_path, snapshot_file, checks
):
    clean = CleanRecord(tmp_path / "cache")
    read_snapshot(snapshot_file, now=NOW, clean=clean)
    _edit_first(
        snapshot_file,
        description_html='<p onclick="x()">Hi</p><script>alert(1)</script>',
    )
    checks.clear()
    edited = read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert edited is not None
    assert checks
    assert edited.roles[0].description_html == "<p>Hi</p>"
    # Not recorded: the check changed the role, so the next read checks again.
    checks.clear()
    read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert checks


def test_a_refused_edit_is_refused_on_every_read(tmp_path, snapshot_file):
    clean = CleanRecord(tmp_path / "cache")
    read_snapshot(snapshot_file, now=NOW, clean=clean)
    _edit_first(snapshot_file, apply_target="javascript:alert(1)//")
    for _ in range(2):
        with pytest.raises(Exception, match="apply_target"):
            read_snapshot(snapshot_file, now=NOW, clean=clean)


def test_other_code_or_other_hosts_check_again(
    tmp_path, snapshot_file, checks, monkeypatch
):
    clean = CleanRecord(tmp_path / "cache")
    read_snapshot(snapshot_file, now=NOW, clean=clean)
    checks.clear()
    read_snapshot(snapshot_file, now=NOW, clean=clean, hosts=("jobs.micro1.ai",))
    assert checks, "another host list is another key"
    checks.clear()
    monkeypatch.setattr(clean_record, "code_digest", lambda: "other code")
    read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert checks, "other code is another key"


def test_a_damaged_or_unwritable_record_costs_only_a_check(
    tmp_path, snapshot_file, checks
):
    folder = tmp_path / "cache" / clean_record.FOLDER
    folder.mkdir(parents=True)
    (folder / "micro1.sha256").write_bytes(b"\xff\xfe not a key")
    clean = CleanRecord(tmp_path / "cache")
    assert read_snapshot(snapshot_file, now=NOW, clean=clean) is not None
    assert checks
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go")
    checks.clear()
    unwritable = CleanRecord(blocked)
    assert read_snapshot(snapshot_file, now=NOW, clean=unwritable) is not None
    assert read_snapshot(snapshot_file, now=NOW, clean=unwritable) is not None
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert len(checks) == 2 * (len(data["roles"]) + len(data["closed"]))


def test_a_snapshot_written_by_a_refresh_is_not_checked_again_on_read(tmp_path, checks):
    shipped = read_snapshot(SHIPPED, now=NOW)
    assert shipped is not None
    clean = CleanRecord(tmp_path / "cache")
    path = tmp_path / "roles" / "micro1.json"
    checks.clear()
    write_snapshot(path, shipped, clean=clean)
    written = len(checks)  # the write proves the file reads back the same
    assert written == len(shipped.roles) + len(shipped.closed)
    assert read_snapshot(path, now=NOW, clean=clean) == shipped
    assert len(checks) == written


def test_writing_a_clean_snapshot_again_checks_only_the_roles_that_changed(
    tmp_path, snapshot_file, checks
):
    clean = CleanRecord(tmp_path / "cache")
    read_snapshot(snapshot_file, now=NOW, clean=clean)
    previous = read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert previous is not None
    assert previous.clean
    assert previous.proven() == {*previous.roles, *previous.closed}
    first, *rest = previous.roles
    changed = first.replace(title=f"{first.title} (updated)")
    tonight = replace(previous, roles=(changed, *rest))
    checks.clear()
    write_snapshot(snapshot_file, tonight, clean=clean, known=previous.proven())
    assert checks == [changed.id]
    assert read_snapshot(snapshot_file, now=NOW, clean=clean) == tonight


def test_a_known_role_does_not_vouch_for_a_different_one(tmp_path, snapshot_file):
    clean = CleanRecord(tmp_path / "cache")
    previous = read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert previous is not None
    first, *rest = previous.roles
    hostile = first.replace(apply_target="https://evil.example/apply")
    with pytest.raises(ValueError, match=r"apply_target.*evil\.example"):
        write_snapshot(
            snapshot_file,
            replace(previous, roles=(hostile, *rest)),
            clean=clean,
            known=previous.proven(),
        )
    assert read_snapshot(snapshot_file, now=NOW, clean=clean) == previous


def test_a_snapshot_the_check_changed_proves_nothing(tmp_path, snapshot_file):
    clean = CleanRecord(tmp_path / "cache")
    _edit_first(snapshot_file, description_html="<p onclick='x()'>Hi</p>")
    edited = read_snapshot(snapshot_file, now=NOW, clean=clean)
    assert edited is not None
    assert not edited.clean
    assert edited.proven() == frozenset()
