"""Roles read back from a snapshot, checked with the rules fetched roles pass.

A snapshot is a file in the repository: anyone with commit access, or a bad
merge, can edit it. So every stored role is checked on read, field by field,
before it can reach a page: the JSON type of each field against the Role
model's annotations (so a field added to Role is type-checked without a line
here), then the same functions ``build_role`` applies to fetched data: URLs
through the source's allowlist, text cleaned, description HTML sanitised,
pay, skills and countries checked. What comes out is what a fetch would have
produced; a field that fails raises ``StoredFieldError`` naming the role and
the field.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from .model import STORED_FIELDS, Pay, Role
from .referral import UnsafeURL, validate_target
from .sanitize import clean_text, sanitised_text, sanitize_html
from .sources.common import (
    COMPANY_MAX,
    EARLIEST,
    MAX_SKILLS,
    REGION_MAX,
    TITLE_MAX,
    ItemProblem,
    RawPay,
    check_pay,
    check_source_id,
    clean_countries,
    clean_list,
)

TEXT_LIMITS = {"title": TITLE_MAX, "company": COMPANY_MAX, "region": REGION_MAX}
# Plain text fields without a limit of their own (fields added to Role later).
TEXT_MAX = 2000
URL_FIELDS = ("job_url", "apply_target")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class StoredFieldError(ValueError):
    """One stored field breaks the rules; the message names role and field."""


def check_item(data: object, *, source: str, hosts: tuple[str, ...]) -> Role:
    """The role stored as ``data``, checked; StoredFieldError if it cannot be used."""
    if not isinstance(data, dict):
        raise StoredFieldError(f"a role is {type(data).__name__}, not an object")
    label = f"role {str(data.get('id'))[:80]!r}"
    for name in STORED_FIELDS:
        if name not in data:
            if _required(name):
                raise StoredFieldError(f"{label}: field {name!r} is missing")
            continue
        problem = _checker(_hints()[name])(data[name])
        if problem:
            raise StoredFieldError(f"{label}: field {name!r} {problem}")
    try:
        role = Role.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise StoredFieldError(f"{label}: unreadable ({exc})") from None
    return _checked(role, data, label, source=source, hosts=hosts)


def _checked(
    role: Role,
    data: Mapping[str, Any],
    label: str,
    *,
    source: str,
    hosts: tuple[str, ...],
) -> Role:
    changes: dict[str, Any] = {}
    name = "id"
    try:
        name = "source_id"
        source_id = check_source_id(role.source_id)
        name = "id"
        if role.source != source or role.id != f"{source}:{source_id}":
            raise ItemProblem(f"is not {source}:{source_id} of source {source!r}")
        name = "slug"
        if len(role.slug) > 100 or not _SLUG.fullmatch(role.slug):
            raise ItemProblem("is not lower-case letters, digits and hyphens")
        for name in URL_FIELDS:
            changes[name] = _url(getattr(role, name), hosts)
        for name in _text_fields():
            limit = TEXT_LIMITS.get(name, TEXT_MAX)
            changes[name] = clean_text(getattr(role, name), max_len=limit)
        name = "posted_at"
        if role.posted_at < EARLIEST:
            raise ItemProblem(f"{role.posted_at:%Y-%m-%d} is impossible")
        name = "description_html"
        html = sanitize_html(role.description_html)
        changes.update(description_html=html, description_text=sanitised_text(html))
        name = "pay"
        checked = _pay(data.get("pay"))
        # 80 and 80.0 are one figure: keep the file's spelling when they agree.
        changes["pay"] = role.pay if role.pay == checked else checked
        name = "skills"
        changes["skills"] = clean_list(role.skills, max_items=MAX_SKILLS)
        name = "countries"
        changes["countries"] = clean_countries(role.countries)
    except ItemProblem as problem:
        raise StoredFieldError(f"{label}: field {name!r} {problem.message}") from None
    return role.replace(**changes)


def _url(value: str, hosts: tuple[str, ...]) -> str:
    try:
        return validate_target(value, hosts)
    except UnsafeURL as exc:
        raise ItemProblem(f"{str(value)[:80]!r} refused: {exc}") from None


def _pay(raw: object) -> Pay | None:
    if not raw:
        return None
    assert isinstance(raw, dict)  # checked against the annotation already
    pay = check_pay(
        RawPay(raw.get("min"), raw.get("max"), raw.get("currency"), raw.get("interval"))
    )
    if pay is None:
        raise ItemProblem("states no amount, currency or interval")
    return pay


# --- types, read from the Role model ------------------------------------------


@functools.cache
def _hints() -> dict[str, Any]:
    return typing.get_type_hints(Role)


@functools.cache
def _text_fields() -> tuple[str, ...]:
    """Stored plain-text fields: every ``str`` field that is not an id or URL."""
    skip = {"id", "source", "source_id", "slug", *URL_FIELDS, "description_html"}
    skip.add("description_text")  # rebuilt from the sanitised HTML
    return tuple(
        name for name in STORED_FIELDS if _hints()[name] is str and name not in skip
    )


def _required(name: str) -> bool:
    field = next(f for f in dataclasses.fields(Role) if f.name == name)
    return (
        field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    )


Check = Callable[[object], str]


@functools.cache
def _checker(hint: Any) -> Check:
    """A function saying what is wrong with a JSON value for ``hint`` ('' if
    nothing): the annotation is read once, not once per role and field."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return _union([_checker(a) for a in args if a is not type(None)], args)
    if typing.get_origin(hint) is tuple:
        return _list_of(_checker(args[0]))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _one_of(tuple(member.value for member in hint))
    expected = _JSON_FORM.get(hint)
    if expected is None:
        return lambda value: ""  # no JSON form rule here: Role.from_dict decides
    return _plain(*expected, dated=hint is datetime)


def _union(options: list[Check], args: tuple[Any, ...]) -> Check:
    optional = type(None) in args

    def check(value: object) -> str:
        if value is None and optional:
            return ""
        problems = [option(value) for option in options]
        return "" if "" in problems else problems[0]

    return check


def _list_of(item_check: Check) -> Check:
    def check(value: object) -> str:
        if not isinstance(value, list):
            return f"is {_json_kind(value)}, not a list"
        for item in value:
            problem = item_check(item)
            if problem:
                return f"holds an item that {problem}"
        return ""

    return check


def _one_of(allowed: tuple[Any, ...]) -> Check:
    def check(value: object) -> str:
        if value not in allowed:
            shown = ", ".join(map(str, allowed))
            return f"is {str(value)[:40]!r}, not one of: {shown}"
        return ""

    return check


def _plain(kinds: tuple[type, ...], what: str, *, dated: bool) -> Check:
    def check(value: object) -> str:
        if isinstance(value, bool) and bool not in kinds:
            return f"is a boolean, not {what}"
        if not isinstance(value, kinds):
            return f"is {_json_kind(value)}, not {what}"
        if dated and not _is_iso(value):
            return f"is {str(value)[:40]!r}, not an ISO 8601 date"
        return ""

    return check


_JSON_FORM: dict[Any, tuple[tuple[type, ...], str]] = {
    str: ((str,), "text"),
    bool: ((bool,), "true or false"),
    int: ((int,), "a whole number"),
    float: ((int, float), "a number"),
    datetime: ((str,), "an ISO 8601 date"),
    Pay: ((dict,), "an object"),
}


def _is_iso(value: object) -> bool:
    try:
        datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        str: "text",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
