"""Picking roles to show beside others: similar roles, matches and tag picks.

This module owns which roles a page lists besides the board itself: the
similar open roles of a role page, the roles a ``[roles ...]`` block asks for,
and the roles that end an article, chosen by its tags.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from .model import Role, Seniority
from .view_settings import DEFAULT_RELATED_LIMIT, SIMILAR_LIMIT


def skill_set(role: Role) -> frozenset[str]:
    return frozenset(skill.casefold() for skill in role.skills)


class SimilarRoles:
    """Similar open roles for each role page: same field first, then most
    shared skills, then newest.

    Candidates are bounded: the newest few of the role's field, and the
    newest few of that field sharing each of its skills (of any field when
    its own has too few). Scoring a handful per role keeps the whole board
    linear in the number of roles, where comparing every pair within a
    field grew with its square.
    """

    def __init__(self, open_roles: Sequence[Role], *, per_bucket: int = 8) -> None:
        self._per_bucket = per_bucket
        self._skills: dict[str, frozenset[str]] = {}
        self._rank: dict[str, int] = {}  # position on the board, for stable ties
        self._by_field: dict[str, list[Role]] = {}
        self._by_skill: dict[tuple[str | None, str], list[Role]] = {}
        for rank, role in enumerate(open_roles):
            skills = skill_set(role)
            self._skills[role.id] = skills
            self._rank[role.id] = rank
            self._add(self._by_field, role.field, role)
            for skill in skills:
                self._add(self._by_skill, (role.field, skill), role)
                self._add(self._by_skill, (None, skill), role)

    def _add(self, index: dict[Any, list[Role]], key: Any, role: Role) -> None:
        # Roles come newest first: each bucket keeps its newest, one spare for
        # the role itself.
        bucket = index.setdefault(key, [])
        if len(bucket) <= self._per_bucket:
            bucket.append(role)

    def pick(self, role: Role, *, limit: int = SIMILAR_LIMIT) -> list[Role]:
        """Up to ``limit`` open roles like ``role`` (open or closed), never itself."""
        mine = self._skills.get(role.id) or skill_set(role)
        candidates: dict[str, Role] = {}
        groups = [self._by_field.get(role.field, ())]
        groups += [self._by_skill.get((role.field, skill), ()) for skill in mine]
        for group in groups:
            for other in group:
                if other.id != role.id:
                    candidates.setdefault(other.id, other)
        if len(candidates) < limit:  # too few of its own field: add skills
            for skill in mine:
                for other in self._by_skill.get((None, skill), ()):
                    if other.id != role.id:
                        candidates.setdefault(other.id, other)

        def score(other: Role) -> tuple[bool, int, datetime, int]:
            shared = len(mine & self._skills[other.id])
            same = other.field == role.field
            return (same, shared, other.posted_at, -self._rank[other.id])

        return heapq.nlargest(limit, candidates.values(), key=score)


def match_roles(
    roles: Sequence[Role],
    *,
    field: str | None = None,
    seniority: Seniority | None = None,
    keyword: str = "",
    limit: int = DEFAULT_RELATED_LIMIT,
) -> list[Role]:
    """The newest open roles passing every given criterion (roles come newest first)."""
    words = keyword.casefold().split()
    picked = []
    for role in roles:
        if field is not None and role.field != field:
            continue
        if seniority is not None and role.seniority != seniority:
            continue
        if words:
            haystack = " ".join([role.title, role.company, *role.skills]).casefold()
            if not all(word in haystack for word in words):
                continue
        picked.append(role)
        if len(picked) == limit:
            break
    return picked


def roles_for_tags(
    tags: Iterable[str],
    roles: Sequence[Role],
    *,
    mapping: Mapping[str, str | None],
    limit: int,
    exclude: Iterable[str] = (),
) -> list[Role]:
    """Roles for an article's tags: its mapped fields in turn, else the newest.

    Several mapped fields take turns (newest of each first), so an article
    tagged law and finance ends with both. A tag mapped to None asks for the
    newest roles of any field; unmapped tags ask for nothing.
    """
    skip = set(exclude)
    pool = [role for role in roles if role.id not in skip]
    chosen: list[str] = []
    newest = False
    for tag in tags:
        key = tag.lower()
        if key not in mapping:
            continue
        value = mapping[key]
        if value is None:
            newest = True
        elif value not in chosen:
            chosen.append(value)
    if not chosen:
        return pool[:limit] if newest else []
    queues = [[r for r in pool if r.field == f] for f in chosen]
    picked: list[Role] = []
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked
