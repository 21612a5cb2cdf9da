"""The ``[roles ...]`` shortcode: finding it in a source file and parsing it.

One syntax, a line of its own with a blank line before and after::

    [roles field="law" limit=3]

Anything else that starts like a shortcode (``[roles`` or ``[role`` in a
sentence, a list, a quote, a heading; ``[role ...]``; an upper-case
``[Roles ...]``; a missing ``]``) is an author's mistake that would print as
literal text, so it stops the build with the file, the line and the fix.
Fenced and indented code blocks and inline code spans are documentation and
left alone. Unknown keys and values get a "did you mean" from the allowed ones.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .classify import load_taxonomy
from .model import Seniority
from .view_settings import MAX_CARDS as MAX_LIMIT

DEFAULT_LIMIT = 3
# The facet a role is filed under: FACET_KEY is what authors write, and
# FACET_ALIASES are older spellings still understood ("discipline" was the
# facet's name before fields came from data/role_taxonomy.toml).
FACET_KEY = "field"
FACET_ALIASES = ("discipline",)
KEYS = (FACET_KEY, "seniority", "keyword", "limit")
EXAMPLE = '[roles field="law" limit=3]'

# A source line: up to three spaces (four would be a code block), the brackets.
SOURCE_LINE_RE = re.compile(r"^ {0,3}\[roles(?:\s(?P<args>[^\]\n]*))?\]\s*$")
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
# Anything that starts like a shortcode, any case: "[roles", "[role", "[Roles".
CANDIDATE_RE = re.compile(r"\[roles?(?=[\s\]=]|$)", re.IGNORECASE)
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
LINK_AFTER_RE = re.compile(r"[^\]\n]*\]\s*[(\[]")
ARG_RE = re.compile(
    r"""\s*(?P<key>[A-Za-z_][\w-]*)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=]+))"""
)
# Typographic quotes (as a "smarty" extension writes them) back to plain ones.
QUOTES = str.maketrans(
    dict.fromkeys("\u201c\u201d\u201e\u2033", '"')
    | dict.fromkeys("\u2018\u2019\u201a\u2032", "'")
)


class ShortcodeError(ValueError):
    """A [roles ...] line or a Roles: value is wrong; the message starts file:line."""


@dataclass(frozen=True, slots=True)
class RolesQuery:
    """A parsed ``[roles ...]``: what to pick and how many."""

    field: str | None = None  # a field slug of the taxonomy
    seniority: Seniority | None = None
    keyword: str = ""
    limit: int = DEFAULT_LIMIT


@dataclass(slots=True)
class Occurrence:
    line: int  # 1-based line in the source file; 0 when only seen in the HTML
    raw: str  # the arguments text as written
    query: RolesQuery
    used: bool = field(default=False)


def did_you_mean(value: str, allowed: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest allowed value, or ``""``."""
    close = difflib.get_close_matches(value.lower(), list(allowed), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- Parsing ----------------------------------------------------------------


def parse_args(raw: str, *, where: str) -> RolesQuery:
    """Parse ``key=value`` pairs; raise ShortcodeError naming ``where`` on any fault."""
    text = raw.translate(QUOTES).strip()
    shown = f"[roles {text}]" if text else "[roles]"
    values: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        match = ARG_RE.match(text, pos)
        if not match:
            raise ShortcodeError(
                f"{where}: cannot read {text[pos:].strip()!r} in {shown}; write "
                f"key=value pairs, e.g. {EXAMPLE}"
            )
        key = match["key"].lower()
        key = FACET_KEY if key in FACET_ALIASES else key
        if key not in KEYS:
            hint = did_you_mean(key, KEYS + FACET_ALIASES)
            raise ShortcodeError(
                f"{where}: unknown key {key!r}{hint} in {shown}; "
                f"use one of: {', '.join(KEYS)}"
            )
        if key in values:
            raise ShortcodeError(f"{where}: {key!r} is given twice in {shown}")
        value = next(
            v for v in (match["dq"], match["sq"], match["bare"]) if v is not None
        )
        values[key] = value
        pos = match.end()
    return _query(values, where=where, shown=shown)


def _query(values: dict[str, str], *, where: str, shown: str) -> RolesQuery:
    field = _field(values.get(FACET_KEY), where, shown)
    seniority = _enum(Seniority, "seniority", values.get("seniority"), where, shown)
    limit = DEFAULT_LIMIT
    if "limit" in values:
        raw = values["limit"].strip()
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
            raise ShortcodeError(
                f"{where}: limit {raw!r} in {shown} is out of range; use a whole "
                f"number from 1 to {MAX_LIMIT}"
            )
        limit = int(raw)
    keyword = " ".join(values.get("keyword", "").split())
    if "keyword" in values and not keyword:
        raise ShortcodeError(
            f"{where}: empty keyword in {shown}; give words or drop it"
        )
    return RolesQuery(field, seniority, keyword, limit)


def _field(value: str | None, where: str, shown: str) -> str | None:
    if value is None:
        return None
    known = load_taxonomy().field.slugs
    slug = value.strip().lower()
    if slug not in known:
        hint = did_you_mean(slug, known)
        raise ShortcodeError(
            f"{where}: unknown field {value!r}{hint} in {shown}; use one of: "
            f"{', '.join(known)} (the fields in data/role_taxonomy.toml)"
        )
    return slug


def _enum(enum: Any, key: str, value: str | None, where: str, shown: str) -> Any:
    if value is None:
        return None
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = [member.value for member in enum]
        hint = did_you_mean(value.strip(), allowed)
        raise ShortcodeError(
            f"{where}: unknown {key} {value!r}{hint} in {shown}; use one of: "
            + ", ".join(allowed)
        ) from None


# --- Scanning a source file -------------------------------------------------


def scan_source(text: str, *, path: str) -> list[Occurrence]:
    """Every ``[roles ...]`` line outside code, parsed, with its line number.

    Raises ShortcodeError on the first thing that looks like a shortcode but
    is not one on a line of its own.
    """
    found = []
    lines = text.splitlines()
    for number, line in _prose_lines(lines):
        candidate = _candidate(line)
        if candidate is None:
            continue
        where = f"{path}:{number}"
        match = SOURCE_LINE_RE.match(line)
        if not match:
            raise ShortcodeError(f"{where}: {_misuse(line, candidate)}")
        _check_blank_around(lines, number, where, line.strip())
        raw = match["args"] or ""
        found.append(Occurrence(number, raw, parse_args(raw, where=where)))
    return found


def _prose_lines(lines: list[str]) -> Iterable[tuple[int, str]]:
    """(line number, line) outside fenced and indented code blocks."""
    fence = ""
    previous_blank = True  # no paragraph is open
    in_indented_code = False
    for number, line in enumerate(lines, start=1):
        marker = FENCE_RE.match(line)
        if marker:
            token = marker["fence"]
            if not fence:
                fence = token
            elif token[0] == fence[0] and len(token) >= len(fence):
                fence = ""
            previous_blank = True  # no paragraph open: indented code may follow
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        in_indented_code = (indented and (previous_blank or in_indented_code)) or (
            in_indented_code and blank
        )
        previous_blank = blank
        if fence or in_indented_code or blank:
            continue
        yield number, CODE_SPAN_RE.sub(lambda m: " " * len(m[0]), line)


def _candidate(line: str) -> re.Match[str] | None:
    """The first shortcode-like text on a line; Markdown links do not count."""
    for match in CANDIDATE_RE.finditer(line):
        if not LINK_AFTER_RE.match(line, match.end()):
            return match
    return None


def _misuse(line: str, candidate: re.Match[str]) -> str:
    """What is wrong with a shortcode-like text, and how to fix it."""
    rest = line[candidate.start() :]
    closing = rest.find("]")
    shown = rest[: closing + 1] if closing >= 0 else rest.strip()
    word = candidate[0][1:]
    if closing < 0:
        return f"{shown!r} has no closing ']'; write it whole, e.g. {EXAMPLE}"
    if word != "roles":
        return (
            f"{shown} is not a shortcode (did you mean '[roles'?); "
            f"write it in lower case as [roles ...], e.g. {EXAMPLE}"
        )
    before = line[: candidate.start()].strip()
    where = "a quote" if before.startswith(">") else "a sentence"
    if before[:1] in {"-", "*", "+"} or before[:1].isdigit():
        where = "a list"
    elif before.startswith("#"):
        where = "a heading"
    return (
        f"{shown} is inside {where}, so it would print as text; put it on a "
        "line of its own with a blank line before and after"
    )


def _check_blank_around(lines: list[str], number: int, where: str, shown: str) -> None:
    for neighbour in (number - 2, number):  # 0-based indexes of the lines around
        text = lines[neighbour] if 0 <= neighbour < len(lines) else ""
        if text.strip() and not FENCE_RE.match(text):
            raise ShortcodeError(
                f"{where}: {shown} must be a paragraph of its own; put a blank "
                "line before and after it"
            )
