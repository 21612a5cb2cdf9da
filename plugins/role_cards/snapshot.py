"""Last-known-good role snapshots: ``data/roles/<source>.json``, read, merged, written.

A snapshot is the durable copy of one source's roles. It is only ever
replaced by a fetch that passed validation, and the replacement is atomic
(temporary file in the same directory, fsync, os.replace), so a crash or a
failed fetch leaves the previous file byte for byte. A file that cannot be
read is reported and treated as missing; it is never deleted or moved.

A snapshot is also a file people edit, so reading one checks every role with
the rules fetched data passes (``stored``), and a date of fetching in the
future is an error: one bad field and the whole file is unusable, named.
Writers hold ``lock(directory)`` (``fcntl.flock``) while they compare, write
and rename, so two refreshes cannot interleave.

How one night's roles follow from the last is ``merging``'s part.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .clean_record import CleanRecord
from .model import Role, _iso, _parse_iso
from .settings import DEFAULT_APPLY_HOSTS
from .stored import StoredFieldError, check_item

SNAPSHOT_VERSION = 1
# A snapshot "fetched" further ahead than this is a hand edit or a broken clock.
CLOCK_SLACK = timedelta(hours=1)
LOCK_NAME = ".lock"
LOCK_WAIT = 30.0  # seconds a writer waits for another refresh to finish


class SnapshotError(Exception):
    """A snapshot file is unreadable or does not have the expected shape."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"role_cards: {path}: {problem}; fix the file or delete it and run "
            "`invoke refresh-roles`"
        )
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One source's last-known-good roles; closed roles carry ``closed_at``."""

    source: str
    kind: str
    sample: bool
    fetched_at: datetime
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    closed: tuple[Role, ...] = ()
    # Read from a file whose every role the check left as it was: writing
    # these roles again needs no second check (``proven``).
    clean: bool = field(default=False, compare=False)

    def proven(self) -> frozenset[Role]:
        """The roles known to pass the read check unchanged (none unless clean)."""
        return frozenset((*self.roles, *self.closed)) if self.clean else frozenset()

    def age_days(self, now: datetime) -> float:
        return (now - self.fetched_at).total_seconds() / 86400

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SNAPSHOT_VERSION,
            "source": self.source,
            "kind": self.kind,
            "sample": self.sample,
            "fetched_at": _iso(self.fetched_at),
            "validators": self.validators,
            "roles": [role.to_dict() for role in self.roles],
            "closed": [_closed_dict(role) for role in self.closed],
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        hosts: tuple[str, ...] | None = None,
        check: bool = True,
        known: Collection[Role] = (),
    ) -> Snapshot:
        """Rebuild from the file form, every role checked (``stored``).

        ``hosts`` are the source's allowed URL hosts (default: its kind's).
        ``check=False`` only for data proven clean already (``clean_record``);
        a role equal to one in ``known`` (roles that passed the check as they
        are) is not checked again.
        KeyError/TypeError/ValueError on a bad shape, StoredFieldError on a
        bad role.
        """
        if data.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"version is {data.get('version')!r}, expected 1")
        source, kind = _text(data, "source"), _text(data, "kind")
        allowed = DEFAULT_APPLY_HOSTS.get(kind, ()) if hosts is None else hosts

        def role(item: Any, closed_at: datetime | None = None) -> Role:
            if not check:
                return _closed(Role.from_dict(item), closed_at)
            if known and isinstance(item, dict):
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    as_read = _closed(Role.from_dict(item), closed_at)
                    if as_read in known:
                        return as_read
            return _closed(check_item(item, source=source, hosts=allowed), closed_at)

        closed = []
        for item in _list(data, "closed"):
            when = item.get("closed_at") if isinstance(item, dict) else None
            if not isinstance(when, str):
                raise StoredFieldError(
                    f"closed role {str(item)[:60]!r}: field 'closed_at' is not a date"
                )
            closed.append(role(item, _parse_iso(when)))
        sample = data["sample"]
        if not isinstance(sample, bool):
            raise TypeError("sample is not true or false")
        return cls(
            source=source,
            kind=kind,
            sample=sample,
            fetched_at=_parse_iso(_text(data, "fetched_at")),
            validators=_validators(data.get("validators")),
            roles=tuple(role(item) for item in _list(data, "roles")),
            closed=tuple(closed),
        )


def _closed(role: Role, closed_at: datetime | None) -> Role:
    return role if closed_at is None else role.replace(closed_at=closed_at)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise TypeError(f"{key} is not a non-empty string")
    return value


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise TypeError(f"{key} is not a list")
    return value


def _validators(value: object) -> dict[str, dict[str, str]]:
    if not value:
        return {}
    ok = isinstance(value, dict) and all(
        isinstance(v, dict) and all(isinstance(x, str) for x in (*v, *v.values()))
        for v in value.values()
    )
    if not ok:
        raise TypeError("validators is not an object of text objects")
    assert isinstance(value, dict)
    return {str(k): dict(v) for k, v in value.items()}


def _closed_dict(role: Role) -> dict[str, Any]:
    if role.closed_at is None:
        raise ValueError(f"{role.id}: a closed role needs closed_at")
    return {**role.to_dict(), "closed_at": _iso(role.closed_at)}


def read_snapshot(
    path: Path,
    *,
    hosts: tuple[str, ...] | None = None,
    now: datetime | None = None,
    clean: CleanRecord | None = None,
) -> Snapshot | None:
    """The snapshot at ``path``, checked; None if there is none, SnapshotError if
    unusable. ``hosts``: the source's allowed URL hosts (default: its kind's).
    With ``clean``, bytes that checked clean before are not checked again."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SnapshotError(path, f"cannot be read ({exc.strerror})") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SnapshotError(path, f"is not UTF-8 ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            path, f"is not valid JSON ({exc.msg} at line {exc.lineno})"
        ) from exc
    if not isinstance(data, dict):
        raise SnapshotError(path, "is not a JSON object")
    try:
        snapshot = _from_dict(data, raw, hosts, clean)
    except StoredFieldError as exc:
        raise SnapshotError(path, f"{exc}; no role of this file is used") from exc
    except KeyError as exc:
        raise SnapshotError(path, f"lacks the key {exc.args[0]!r}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise SnapshotError(path, f"has an unexpected shape ({exc})") from exc
    now = now or datetime.now(UTC)
    if snapshot.fetched_at > now + CLOCK_SLACK:
        raise SnapshotError(
            path,
            f"fetched_at {_iso(snapshot.fetched_at)} is in the future (now is "
            f"{_iso(now.replace(microsecond=0))}); no role of this file is used",
        )
    return snapshot


def _from_dict(
    data: dict[str, Any],
    raw: bytes,
    hosts: tuple[str, ...] | None,
    clean: CleanRecord | None,
) -> Snapshot:
    """Checked, unless ``clean`` knows these bytes; recorded when they pass as
    they are (the check changed no role)."""
    if clean is None:
        return Snapshot.from_dict(data, hosts=hosts)
    source = _text(data, "source")
    allowed = (
        DEFAULT_APPLY_HOSTS.get(_text(data, "kind"), ()) if hosts is None else hosts
    )
    key = clean.key(raw, allowed)
    if clean.knows(source, key):
        return replace(Snapshot.from_dict(data, hosts=allowed, check=False), clean=True)
    snapshot = Snapshot.from_dict(data, hosts=allowed)
    if Snapshot.from_dict(data, hosts=allowed, check=False) == snapshot:
        clean.remember(source, key)
        return replace(snapshot, clean=True)
    return snapshot


def dump_snapshot(
    snapshot: Snapshot,
    *,
    hosts: tuple[str, ...] | None = None,
    known: Collection[Role] = (),
) -> bytes:
    """The file form, checked: it must read back as the same snapshot.

    Roles in ``known`` passed the read check unchanged already (a clean
    snapshot's ``proven``); only their JSON round trip is checked again.
    """
    check_snapshot(snapshot)
    data = snapshot.to_dict()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    again = Snapshot.from_dict(json.loads(text), hosts=hosts, known=known)
    # Equal roles have equal stored fields; only unequal ones (a role that
    # carries build-time fields) need their stored forms compared.
    if again != snapshot and again.to_dict() != data:
        raise ValueError(f"role_cards: {snapshot.source}: snapshot does not round-trip")
    return text.encode("utf-8")


def check_snapshot(snapshot: Snapshot) -> None:
    """Refuse to write a snapshot whose roles contradict each other."""
    ids: set[str] = set()
    slugs: set[str] = set()
    for role in (*snapshot.roles, *snapshot.closed):
        where = f"role_cards: {snapshot.source}: role {role.id}"
        if role.source != snapshot.source or not role.id.startswith(f"{role.source}:"):
            raise ValueError(f"{where}: belongs to source {role.source!r}")
        if role.id in ids:
            raise ValueError(f"{where}: listed twice")
        if role.slug in slugs:
            raise ValueError(f"{where}: slug {role.slug!r} is already used")
        if role.sample != snapshot.sample:
            raise ValueError(f"{where}: sample flag differs from the snapshot's")
        ids.add(role.id)
        slugs.add(role.slug)


def write_snapshot(
    path: Path,
    snapshot: Snapshot,
    *,
    hosts: tuple[str, ...] | None = None,
    clean: CleanRecord | None = None,
    known: Collection[Role] = (),
) -> int:
    """Write atomically; returns the number of bytes written.

    The bytes have passed the read check unchanged (``dump_snapshot``, which
    skips the roles in ``known``), so ``clean`` records them: the build that
    follows does not check them again.
    """
    data = dump_snapshot(snapshot, hosts=hosts, known=known)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; the file is committed
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    if clean is not None:
        allowed = DEFAULT_APPLY_HOSTS.get(snapshot.kind, ()) if hosts is None else hosts
        clean.remember(snapshot.source, clean.key(data, allowed))
    return len(data)


class LockTimeout(OSError):  # noqa: N818 (an OSError, caught as one)
    """Another refresh held the snapshot directory for longer than LOCK_WAIT."""


@contextlib.contextmanager
def lock(directory: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the snapshot directory's lock; leftover temporary files are removed.

    Every writer holds it from comparing the snapshot to writing it, so a
    temporary file found while holding it was left by a run that was killed.
    """
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_NAME, "a+b") as handle:
        wait = LOCK_WAIT if wait is None else wait
        give_up = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise LockTimeout(
                        f"another refresh has held {directory / LOCK_NAME} for "
                        f"{wait:g} s"
                    ) from None
                time.sleep(0.05)
        try:
            remove_leftovers(directory)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_leftovers(directory: Path) -> list[Path]:
    """Delete temporary snapshot files (``.<name>.json.*.tmp``) in ``directory``."""
    removed = []
    for leftover in directory.glob(".*.json.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def fingerprint(path: Path) -> tuple[int, int, int] | None:
    """What identifies one version of a file: inode, size, modification time."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not every platform can open a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
