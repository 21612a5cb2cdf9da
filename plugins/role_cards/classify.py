"""Sorting roles into fields, seniority levels and employment types.

The rules are data, not code: ``data/role_taxonomy.toml`` holds the fields a
reader browses by (their labels, the source domains each one takes, ordered
keyword lists) and the seniority and employment-type rules. An author can add,
rename or merge fields there; the file's comments explain how it is read. This
module loads and checks that file once per change and applies it.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeGuard

from .model import EmploymentType, Seniority

DEFAULT_TAXONOMY_PATH = (
    Path(__file__).resolve().parents[2] / "data" / "role_taxonomy.toml"
)

# The parts of a role keyword rules may look at.
ROLE_PARTS = frozenset({"title", "department", "tags", "skills"})
# What each enum section classifies and the parts its rules may look at.
SECTIONS: dict[str, tuple[type[StrEnum], frozenset[str]]] = {
    "seniority": (Seniority, ROLE_PARTS),
    "employment_type": (EmploymentType, frozenset({"value"})),
}
# Joins list fields so that a phrase never matches across two tags.
_JOIN = " ; "
_SEPARATORS = re.compile(r"[-_/\s]+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class TaxonomyError(ValueError):
    """The taxonomy file is unusable; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Rule:
    value: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """An ordered rule list: the first rule matching the first part wins."""

    fields: tuple[str, ...]
    default: str
    rules: tuple[Rule, ...]

    def first_match(self, values: Mapping[str, str]) -> str | None:
        for part in self.fields:
            text = normalise(values.get(part, ""))
            if not text:
                continue
            for rule in self.rules:
                if rule.pattern.search(text):
                    return rule.value
        return None

    def match(self, values: Mapping[str, str]) -> str:
        found = self.first_match(values)
        return self.default if found is None else found


@dataclass(frozen=True, slots=True)
class Field:
    """One field readers browse by: its slug (URL), label, and whether it is vague."""

    slug: str
    label: str
    vague: bool = False  # a catch-all: its roles get a second look by keyword


@dataclass(frozen=True, slots=True)
class FieldChoice:
    """A role's field and how it was decided ("domain", "keywords" or "default")."""

    field: str
    how: str
    unknown_domain: str = ""  # a source domain the taxonomy does not map


@dataclass(frozen=True, slots=True)
class FieldSet:
    """The fields in reader order, the domain map and the keyword fallback."""

    fields: tuple[Field, ...]
    domains: Mapping[str, str]  # source domain slug -> field slug
    keywords: RuleSet

    def get(self, slug: str) -> Field | None:
        return next((f for f in self.fields if f.slug == slug), None)

    def label(self, slug: str) -> str:
        found = self.get(slug)
        return found.label if found else slug

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(f.slug for f in self.fields)

    def choose(self, values: Mapping[str, str], domain: str) -> FieldChoice:
        """A stated domain decides, unless it maps to a vague field: then the
        keyword rules get a say first, and the domain's field is the fallback."""
        key = normalise(domain).replace(" ", "-")
        mapped = self.domains.get(key)
        if mapped is not None and not self._vague(mapped):
            return FieldChoice(mapped, "domain")
        found = self.keywords.first_match(values)
        unknown = key if key and mapped is None else ""
        if found is not None:
            return FieldChoice(found, "keywords", unknown)
        return FieldChoice(mapped or self.keywords.default, "default", unknown)

    def _vague(self, slug: str) -> bool:
        found = self.get(slug)
        return found is not None and found.vague


@dataclass(frozen=True, slots=True)
class Taxonomy:
    field: FieldSet
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
    name = os.fspath(path)
    resolved = _resolved(name, "" if os.path.isabs(name) else os.getcwd())
    try:
        stat = os.stat(resolved)
    except OSError as exc:
        raise TaxonomyError(
            f"{resolved}: cannot read the taxonomy file ({exc})"
        ) from exc
    return _load(resolved, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _resolved(path: str, cwd: str) -> str:
    """``path`` made absolute once (callers ask for the taxonomy per role)."""
    return str(Path(cwd, path).resolve())


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int) -> Taxonomy:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: not valid TOML ({exc}); fix the syntax") from exc
    sets = {name: _rule_set(path, name, data.get(name)) for name in SECTIONS}
    return Taxonomy(field=_field_set(path, data.get("field")), **sets)


def _section(path: str, name: str, section: Any) -> tuple[tuple[str, ...], list[Any]]:
    """A section's ``fields`` (checked) and its list of rules (not yet checked)."""
    allowed = SECTIONS[name][1] if name in SECTIONS else ROLE_PARTS
    if not isinstance(section, dict):
        raise TaxonomyError(f"{path}: [{name}] is missing; add the section")
    parts = section.get("fields")
    if not _str_list(parts) or not set(parts) <= allowed:
        raise TaxonomyError(
            f"{path}: {name}.fields must be a list drawn from "
            f"{', '.join(sorted(allowed))}; got {parts!r}"
        )
    rules = section.get("rules")
    if not isinstance(rules, list) or not rules:
        raise TaxonomyError(f"{path}: [[{name}.rules]] is missing; add at least one")
    return tuple(parts), rules


def _rule_set(path: str, name: str, section: Any) -> RuleSet:
    enum = SECTIONS[name][0]
    parts, rules = _section(path, name, section)
    allowed = [member.value for member in enum]
    default = _one_of(path, f"{name}.default", section.get("default"), allowed)
    parsed = []
    for i, rule in enumerate(rules):
        key = f"{name}.rules[{i}]"
        table = _table(path, key, rule)
        value = _one_of(path, f"{key}.value", table.get("value"), allowed)
        parsed.append(Rule(value, _keywords(path, key, table.get("keywords"))))
    return RuleSet(fields=parts, default=default, rules=tuple(parsed))


def _field_set(path: str, section: Any) -> FieldSet:
    parts, rules = _section(path, "field", section)
    fields: list[Field] = []
    domains: dict[str, str] = {}
    keyword_rules: list[Rule] = []
    for i, rule in enumerate(rules):
        key = f"field.rules[{i}]"
        field, pattern, own = _field_rule(path, key, _table(path, key, rule))
        if field.slug in {f.slug for f in fields}:
            raise TaxonomyError(
                f"{path}: {key}.value {field.slug!r} is used twice; merge the two "
                "rules (their domains and keywords) into one"
            )
        for domain in own:
            if domain in domains:
                raise TaxonomyError(
                    f"{path}: {key}.domains: {domain!r} is already mapped to "
                    f"{domains[domain]!r}; a domain belongs to one field"
                )
            domains[domain] = field.slug
        fields.append(field)
        if pattern is not None:
            keyword_rules.append(Rule(field.slug, pattern))
    slugs = [f.slug for f in fields]
    default = _one_of(path, "field.default", section.get("default"), slugs)
    keywords = RuleSet(fields=parts, default=default, rules=tuple(keyword_rules))
    return FieldSet(fields=tuple(fields), domains=domains, keywords=keywords)


def _field_rule(
    path: str, key: str, table: dict[str, Any]
) -> tuple[Field, re.Pattern[str] | None, list[str]]:
    slug = table.get("value")
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise TaxonomyError(
            f"{path}: {key}.value is {slug!r}; write a URL slug of lower-case "
            'letters, digits and hyphens, e.g. "sciences-research"'
        )
    label = table.get("label")
    if not isinstance(label, str) or not label.strip():
        raise TaxonomyError(
            f"{path}: {key}.label is missing; add the name readers see, "
            'e.g. label = "Law"'
        )
    vague = table.get("vague", False)
    if not isinstance(vague, bool):
        raise TaxonomyError(f"{path}: {key}.vague must be true or false")
    own = table.get("domains", [])
    if not isinstance(own, list) or not all(isinstance(d, str) and d for d in own):
        raise TaxonomyError(
            f'{path}: {key}.domains must be a list of domain slugs, e.g. ["law"]'
        )
    words = table.get("keywords")
    pattern = None if words is None else _keywords(path, key, words)
    if pattern is None and not own and not vague:
        raise TaxonomyError(
            f"{path}: {key} ({slug}) has neither domains nor keywords, so no role "
            "can ever land in it; add one or the other"
        )
    domains = [normalise(d).replace(" ", "-") for d in own]
    return Field(slug, label.strip(), vague), pattern, domains


def _table(path: str, key: str, rule: Any) -> dict[str, Any]:
    if not isinstance(rule, dict):
        raise TaxonomyError(f"{path}: {key} must be a table with value and keywords")
    return rule


def _keywords(path: str, key: str, keywords: Any) -> re.Pattern[str]:
    if not _str_list(keywords) or not all(normalise(k.rstrip("*")) for k in keywords):
        raise TaxonomyError(
            f"{path}: {key}.keywords must be a non-empty list of non-empty strings"
        )
    return keyword_pattern(keywords)


def _one_of(path: str, key: str, value: Any, allowed: list[str]) -> str:
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


def role_parts(
    title: str,
    *,
    tags: Iterable[str] = (),
    skills: Iterable[str] = (),
    department: str = "",
) -> dict[str, str]:
    return {
        "title": title,
        "department": department,
        "tags": _JOIN.join(tags),
        "skills": _JOIN.join(skills),
    }


def classify(
    title: str,
    *,
    tags: Iterable[str] = (),
    skills: Iterable[str] = (),
    department: str = "",
    taxonomy: Taxonomy | None = None,
) -> tuple[FieldChoice, Seniority]:
    """The field (and how it was chosen) and seniority of a role, by the rules.

    ``department`` is the source's own domain or department name (micro1's
    ``domain_slug``): the taxonomy maps it to a field when it knows it.
    """
    taxonomy = taxonomy or load_taxonomy()
    values = role_parts(title, tags=tags, skills=skills, department=department)
    field = taxonomy.field.choose(values, department)
    seniority = Seniority(taxonomy.seniority.match(values))
    return field, seniority


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
