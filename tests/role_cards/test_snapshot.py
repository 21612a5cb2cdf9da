"""Snapshots: the file format, atomic writes, corrupt files, and the nightly merge."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from role_cards.merging import merge
from role_cards.model import (
    EmploymentType,
    LocationType,
    Role,
    Seniority,
)
from role_cards.snapshot import (
    Snapshot,
    SnapshotError,
    dump_snapshot,
    read_snapshot,
    write_snapshot,
)

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "roles" / "micro1.json"


def role(number: int, *, title: str = "", days_old: int = 1, **changes: object) -> Role:
    source_id = f"job-{number}"
    base = Role(
        id=f"micro1:{source_id}",
        source="micro1",
        source_id=source_id,
        slug=f"role-{number}-0000000{number % 10}",
        title=title or f"ML Engineer {number}",
        company="Test Company",
        job_url=f"https://jobs.micro1.ai/post/{source_id}",
        apply_target=f"https://jobs.micro1.ai/post/{source_id}",
        field="sciences-research",
        seniority=Seniority.MID,
        employment_type=EmploymentType.CONTRACT,
        location_type=LocationType.REMOTE,
        region="Worldwide",
        posted_at=NOW - timedelta(days=days_old, hours=number),
        description_html="<p>Work.</p>",
        description_text="Work.",
    )
    return base.replace(**changes)


def snapshot(roles: list[Role], closed: list[Role] = (), **changes: object) -> Snapshot:
    base = Snapshot(
        source="micro1",
        kind="micro1",
        sample=False,
        fetched_at=NOW - timedelta(days=1),
        validators={"https://x.example/jobs": {"etag": '"abc"'}},
        roles=tuple(roles),
        closed=tuple(closed),
    )
    return dataclasses.replace(base, **changes)


def test_write_then_read_round_trips(tmp_path):
    closed = role(9).replace(closed_at=NOW - timedelta(days=2))
    original = snapshot([role(1), role(2)], [closed])
    path = tmp_path / "micro1.json"
    size = write_snapshot(path, original)
    assert size == path.stat().st_size
    again = read_snapshot(path)
    assert again == original
    assert again.closed[0].closed_at == NOW - timedelta(days=2)
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert data["closed"][0]["closed_at"] == "2026-11-19T06:00:00Z"
    assert "apply_url" not in data["roles"][0]  # decided per build, never stored


def test_missing_snapshot_reads_as_none(tmp_path):
    assert read_snapshot(tmp_path / "nothing.json") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"version": 1, "source": ', "is not valid JSON"),
        ("[1, 2]", "is not a JSON object"),
        ('{"version": 2}', "unexpected shape (version is 2, expected 1)"),
        (
            '{"version": 1, "source": "micro1", "kind": "micro1", "sample": false, '
            '"fetched_at": "2026-11-20T00:00:00Z", "closed": []}',
            "lacks the key 'roles'",
        ),
        (
            '{"version": 1, "source": "micro1", "kind": "micro1", "sample": false, '
            '"fetched_at": "yesterday", "roles": [], "closed": []}',
            "unexpected shape",
        ),
    ],
)
def test_corrupt_snapshot_is_reported_with_its_path(tmp_path, text, problem):
    path = tmp_path / "micro1.json"
    path.write_text(text)
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(path)
    message = str(caught.value)
    assert message.startswith(f"role_cards: {path}: ")
    assert problem in message
    assert "run `invoke refresh-roles`" in message
    assert path.read_text() == text  # reading never touches the file


def test_write_is_atomic_when_replace_fails(tmp_path, monkeypatch):
    path = tmp_path / "micro1.json"
    write_snapshot(path, snapshot([role(1)]))
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_snapshot(path, snapshot([role(1), role(2)]))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["micro1.json"]


def test_write_leaves_no_temporary_files_and_is_readable(tmp_path):
    path = tmp_path / "deep" / "micro1.json"
    write_snapshot(path, snapshot([role(1)]))
    assert [p.name for p in path.parent.iterdir()] == ["micro1.json"]
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ([role(1), role(1)], "listed twice"),
        ([role(1), role(2, slug="role-1-00000001")], "is already used"),
        ([role(1, source="other", id="other:job-1")], "belongs to source 'other'"),
        ([role(1, sample=True)], "sample flag differs"),
    ],
)
def test_inconsistent_snapshots_are_not_written(tmp_path, roles, message):
    path = tmp_path / "micro1.json"
    with pytest.raises(ValueError, match=message):
        write_snapshot(path, snapshot(roles))
    assert not path.exists()


def test_merge_keeps_slugs_closes_missing_and_reports_the_diff():
    previous = snapshot([role(1), role(2), role(3)])
    renamed = role(
        2, title="Senior ML Engineer 2", slug="senior-ml-engineer-2-aaaaaaaa"
    )
    merged = merge(previous, [renamed, role(3), role(4)], NOW, closed_days=30)
    assert [r.id for r in merged.roles] == [
        "micro1:job-2",
        "micro1:job-3",
        "micro1:job-4",
    ]
    kept = {r.id: r for r in merged.roles}
    assert kept["micro1:job-2"].slug == "role-2-00000002"  # the old URL stays
    assert kept["micro1:job-2"].title == "Senior ML Engineer 2"
    assert [(r.id, r.closed_at) for r in merged.closed] == [("micro1:job-1", NOW)]
    assert merged.diff.added == ("micro1:job-4",)
    assert merged.diff.removed == ("micro1:job-1",)
    assert merged.diff.changed == ("micro1:job-2",)
    assert merged.diff.summary() == "+1 -1 ~1"


def test_merge_prunes_old_closed_roles_and_reopens_returning_ones():
    old = role(1).replace(closed_at=NOW - timedelta(days=31))
    recent = role(2).replace(closed_at=NOW - timedelta(days=29))
    back = role(3, slug="role-3-keepme00").replace(closed_at=NOW - timedelta(days=3))
    previous = snapshot([role(4)], [old, recent, back])
    merged = merge(previous, [role(4), role(3)], NOW, closed_days=30)
    assert [r.id for r in merged.closed] == ["micro1:job-2"]
    reopened = next(r for r in merged.roles if r.id == "micro1:job-3")
    assert reopened.closed_at is None
    assert reopened.slug == "role-3-keepme00"
    assert merged.diff.added == ("micro1:job-3",)


def test_merge_sorts_newest_first_and_closed_by_closure():
    previous = snapshot([role(1, days_old=5), role(2, days_old=1), role(3, days_old=3)])
    merged = merge(
        previous, [role(n, days_old=d) for n, d in ((1, 5), (2, 1), (3, 3))], NOW, 30
    )
    assert [r.id for r in merged.roles] == [
        "micro1:job-2",
        "micro1:job-3",
        "micro1:job-1",
    ]
    later = merge(snapshot(list(merged.roles)), [role(1, days_old=5)], NOW, 30)
    assert later.diff.removed == ("micro1:job-2", "micro1:job-3")


def test_merge_never_turns_samples_into_closed_roles():
    samples = snapshot([role(1, sample=True), role(2, sample=True)], sample=True)
    merged = merge(samples, [role(5)], NOW, closed_days=30)
    assert [r.id for r in merged.roles] == ["micro1:job-5"]
    assert merged.closed == ()
    assert merged.diff.removed == ()


def test_dump_is_stable_json_with_a_trailing_newline():
    data = dump_snapshot(snapshot([role(1)]))
    assert data.endswith(b"}\n")
    assert data == dump_snapshot(read_snapshot_bytes(data))


def read_snapshot_bytes(data: bytes) -> Snapshot:
    return Snapshot.from_dict(json.loads(data))


def test_the_shipped_sample_snapshot_covers_the_board():
    shipped = read_snapshot(SHIPPED)
    assert shipped.sample
    assert shipped.fetched_at.date().isoformat() == "2026-11-21"
    assert shipped.validators == {}
    roles = shipped.roles
    assert 12 <= len(roles) <= 16
    assert all(r.sample and r.source == "micro1" for r in roles + shipped.closed)
    assert all("(sample)" in r.company for r in roles)
    # In micro1's real shape: many fields, a reward and openings on each.
    assert len({r.field for r in roles}) >= 10
    assert all(r.reward and r.openings and r.description_html for r in roles)
    assert any(r.high_demand for r in roles)
    assert any(r.questions for r in roles)
    assert any(r.pay_per_task for r in roles)
    assert all(r.valid_through is None for r in roles)
    ages = sorted((shipped.fetched_at - r.posted_at).days for r in roles)
    assert ages[1] < 7 <= ages[-1]  # a couple are new, the rest spread back weeks
    for r in roles:
        assert r.job_url == r.apply_target
        assert r.job_url == f"https://jobs.micro1.ai/post/{r.source_id}"
    (closed,) = shipped.closed
    assert timedelta(days=1) < shipped.fetched_at - closed.closed_at < timedelta(days=7)
    # It is exactly what the writer would produce: no hand edits drift in.
    assert SHIPPED.read_bytes() == dump_snapshot(shipped)
