"""Checking a parser's result before it may go into a source's snapshot.

``validate_roles`` keeps the roles that belong in the source's snapshot (the
right type and source, not marked as samples, ids and slugs unique) and says
why each other one was dropped, in the parsers' words; what to do with the
roles that pass is ``refresh``'s decision.
"""

from __future__ import annotations

from typing import Any

from .model import Role
from .settings import SourceConfig
from .sources.common import ParseResult, PayloadError


def validate_roles(result: Any, source: SourceConfig) -> tuple[list[Role], list[str]]:
    """Roles fit for this source's snapshot, and the parser's problems plus ours."""
    if not isinstance(result, ParseResult):
        raise PayloadError(f"parser returned {type(result).__name__}, not ParseResult")
    problems = [str(p) for p in result.problems]
    roles: list[Role] = []
    ids: set[str] = set()
    slugs: set[str] = set()
    for role in result.roles:
        problem = _role_problem(role, source, ids, slugs)
        if problem:
            problems.append(problem)
            continue
        ids.add(role.id)
        slugs.add(role.slug)
        roles.append(role)
    return roles, problems


def _role_problem(
    role: Any, source: SourceConfig, ids: set[str], slugs: set[str]
) -> str:
    """Why a parsed role cannot go into this source's snapshot ('' if it can).

    Problem lines read like the parsers': source name, job id, what is wrong.
    """
    if not isinstance(role, Role):
        return f"{source.name}: parser returned {type(role).__name__}, not Role"
    where = f"{source.name} job {role.source_id}"
    if role.source != source.name or role.id != f"{source.name}:{role.source_id}":
        return f"{where}: belongs to source {role.source!r}, not {source.name!r}"
    if role.sample:
        return f"{where}: a fetched role is marked as a sample"
    if role.id in ids:
        return f"{where}: duplicate id; kept the first"
    if role.slug in slugs:
        return f"{where}: slug {role.slug!r} already used by another role"
    return ""
