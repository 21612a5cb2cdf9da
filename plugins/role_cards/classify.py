"""Sorting roles into disciplines, seniority levels and employment types.

The rules are data, not code: ``data/role_taxonomy.toml`` holds ordered
keyword lists an author can edit (the file's comments explain how they are
read). This module loads and checks that file once per change and applies it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeGuard

from .model import Discipline, EmploymentType, Seniority

DEFAULT_TAXONOMY_PATH = (
    Path(__file__).resolve().parents[2] / "data" / "role_taxonomy.toml"
)

# What each section classifies and the fields its rules may look at.
SECTIONS: dict[str, tuple[type[StrEnum], frozenset[str]]] = {
    "discipline": (Discipline, frozenset({"title", "department", "tags", "skills"})),
    "seniority": (Seniority, frozenset({"title", "department", "tags", "skills"})),
    "employment_type": (EmploymentType, frozenset({"value"})),
}

# Joins list fields so that a phrase never matches across two tags.
_JOIN = " ; "
_SEPARATORS = re.compile(r"[-_/\s]+")


class TaxonomyError(ValueError):
    """The taxonomy file is unusable; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Rule:
    value: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """An ordered rule list: the first rule matching the first field wins."""

    fields: tuple[str, ...]
    default: str
    rules: tuple[Rule, ...]

    def match(self, values: Mapping[str, str]) -> str:
        for field in self.fields:
            text = normalise(values.get(field, ""))
            if not text:
                continue
            for rule in self.rules:
                if rule.pattern.search(text):
                    return rule.value
        return self.default


@dataclass(frozen=True, slots=True)
class Taxonomy:
    discipline: RuleSet
    seniority: RuleSet
    employment_type: RuleSet


def normalise(text: str) -> str:
    """Lower case, with hyphens, underscores, slashes and runs of space as one space."""
    return _SEPARATORS.sub(" ", text).strip().lower()


def keyword_pattern(keywords: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any keyword as whole words (``word*``: as a prefix)."""
    parts = []
    for keyword in keywords:
        prefix = keyword.endswith("*")
        body = re.escape(normalise(keyword.rstrip("*")))
        parts.append(body if prefix else body + r"(?!\w)")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def load_taxonomy(path: Path | str = DEFAULT_TAXONOMY_PATH) -> Taxonomy:
    """The taxonomy in ``path``, read again only when the file changes."""
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise TaxonomyError(
            f"{resolved}: cannot read the taxonomy file ({exc})"
        ) from exc
    return _load(str(resolved), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int) -> Taxonomy:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: not valid TOML ({exc}); fix the syntax") from exc
    sets = {name: _rule_set(path, name, data.get(name)) for name in SECTIONS}
    return Taxonomy(**sets)


def _rule_set(path: str, name: str, section: Any) -> RuleSet:
    enum, allowed_fields = SECTIONS[name]
    if not isinstance(section, dict):
        raise TaxonomyError(f"{path}: [{name}] is missing; add the section")
    fields = section.get("fields")
    if not _str_list(fields) or not set(fields) <= allowed_fields:
        raise TaxonomyError(
            f"{path}: {name}.fields must be a list drawn from "
            f"{', '.join(sorted(allowed_fields))}; got {fields!r}"
        )
    default = _enum_value(path, f"{name}.default", section.get("default"), enum)
    rules = section.get("rules")
    if not isinstance(rules, list) or not rules:
        raise TaxonomyError(f"{path}: [[{name}.rules]] is missing; add at least one")
    parsed = tuple(
        _rule(path, f"{name}.rules[{i}]", rule, enum) for i, rule in enumerate(rules)
    )
    return RuleSet(fields=tuple(fields), default=default, rules=parsed)


def _rule(path: str, key: str, rule: Any, enum: type[StrEnum]) -> Rule:
    if not isinstance(rule, dict):
        raise TaxonomyError(f"{path}: {key} must be a table with value and keywords")
    value = _enum_value(path, f"{key}.value", rule.get("value"), enum)
    keywords = rule.get("keywords")
    if not _str_list(keywords) or not all(normalise(k.rstrip("*")) for k in keywords):
        raise TaxonomyError(
            f"{path}: {key}.keywords must be a non-empty list of non-empty strings"
        )
    return Rule(value=value, pattern=keyword_pattern(keywords))


def _enum_value(path: str, key: str, value: Any, enum: type[StrEnum]) -> str:
    allowed = [member.value for member in enum]
    if value not in allowed:
        raise TaxonomyError(
            f"{path}: {key} is {value!r}; use one of {', '.join(allowed)}"
        )
    return str(value)


def _str_list(value: Any) -> TypeGuard[list[str]]:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) for v in value)
    )


def classify(
    title: str,
    *,
    tags: Iterable[str] = (),
    skills: Iterable[str] = (),
    department: str = "",
    taxonomy: Taxonomy | None = None,
) -> tuple[Discipline, Seniority]:
    """The discipline and seniority of a role, by the taxonomy's rules."""
    taxonomy = taxonomy or load_taxonomy()
    values = {
        "title": title,
        "department": department,
        "tags": _JOIN.join(tags),
        "skills": _JOIN.join(skills),
    }
    discipline = Discipline(taxonomy.discipline.match(values))
    seniority = Seniority(taxonomy.seniority.match(values))
    return discipline, seniority


def employment_type(
    value: object, *, taxonomy: Taxonomy | None = None
) -> EmploymentType:
    """A source's employment-type string (or list of them) as an EmploymentType.

    For a list, the first entry the rules recognise wins.
    """
    taxonomy = taxonomy or load_taxonomy()
    items = value if isinstance(value, list | tuple) else [value]
    rules = taxonomy.employment_type
    for item in items:
        if isinstance(item, str):
            found = rules.match({"value": item})
            if found != rules.default:
                return EmploymentType(found)
    return EmploymentType(rules.default)
