"""One night's roles, carried over from the last snapshot.

``merge`` carries roles from one night to the next: a role keeps its slug
(its URL) for as long as it exists, a role that disappears becomes "closed"
for ROLE_CARDS_CLOSED_DAYS, and a closed role that comes back is open again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .model import Role
from .snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Diff:
    """Role ids added, removed (closed) and changed since the previous snapshot."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def summary(self) -> str:
        return f"+{len(self.added)} -{len(self.removed)} ~{len(self.changed)}"


@dataclass(frozen=True, slots=True)
class Merged:
    roles: tuple[Role, ...]  # open, newest first
    closed: tuple[Role, ...]  # newest closure first
    diff: Diff


def merge(
    previous: Snapshot | None,
    fresh_roles: Iterable[Role],
    now: datetime,
    closed_days: int,
) -> Merged:
    """Tonight's roles, carried over from the previous snapshot.

    Sample snapshots carry nothing over: fictional roles must not turn into
    "closed" roles next to real ones.
    """
    if previous is not None and previous.sample:
        previous = None
    old_open = {r.id: r for r in previous.roles} if previous else {}
    old_closed = {r.id: r for r in previous.closed} if previous else {}
    roles: dict[str, Role] = {}
    added, changed = [], []
    for fresh in fresh_roles:
        if fresh.id in roles:
            continue  # the parser reports duplicates; the first one wins
        before = old_open.get(fresh.id) or old_closed.get(fresh.id)
        # A known role keeps its slug, so its URL stays the same every night.
        slug = before.slug if before is not None else fresh.slug
        role = fresh.replace(slug=slug, closed_at=None)
        roles[role.id] = role
        if role.id not in old_open:
            added.append(role.id)
        elif role != old_open[role.id]:  # a Role is its stored fields here
            changed.append(role.id)
    removed = [rid for rid in old_open if rid not in roles]
    closed = [old_open[rid].replace(closed_at=now) for rid in removed]
    cutoff = now - timedelta(days=closed_days)
    closed += [
        role
        for rid, role in old_closed.items()
        if rid not in roles and role.closed_at is not None and role.closed_at >= cutoff
    ]
    return Merged(
        roles=tuple(sort_open(roles.values())),
        closed=tuple(sort_closed(closed)),
        diff=Diff(tuple(added), tuple(removed), tuple(changed)),
    )


def sort_open(roles: Iterable[Role]) -> list[Role]:
    """Newest posting first; ties by id so the order is stable."""
    return sorted(roles, key=lambda r: (-r.posted_at.timestamp(), r.id))


def sort_closed(roles: Iterable[Role]) -> list[Role]:
    """Most recently closed first."""
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(roles, key=lambda r: (-(r.closed_at or epoch).timestamp(), r.id))
