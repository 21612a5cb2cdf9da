"""Metadata checks on content sources, run before Pelican reads them.

Pelican skips a file whose metadata it cannot use and only logs it; a site
that silently loses an article is worse than a failed build. These checks
read each Markdown file's metadata header themselves, so a problem is
reported with the file, the line and the fix, all problems at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.utils import get_date

META_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*:\s?(?P<value>.*)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATUSES = {"article": {"published", "draft"}, "page": {"published", "draft", "hidden"}}
DATE_FIX = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM"
# The summary the README's example and older `invoke new-post` files carry:
# an article that still has it was never given one.
PLACEHOLDER_SUMMARY = "one or two plain sentences for lists, feeds and search"


class ContentError(ValueError):
    """One or more content files have unusable metadata."""


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def read_header(text: str) -> dict[str, tuple[int, str]]:
    """The Markdown metadata header: lower-cased key -> (line number, value)."""
    header: dict[str, tuple[int, str]] = {}
    last = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = META_LINE.match(line)
        if match:
            last = match["key"].lower()
            header[last] = (number, match["value"].strip())
        elif last and line.startswith((" ", "\t")):
            line_no, value = header[last]
            header[last] = (line_no, f"{value} {line.strip()}".strip())
        else:
            break
    return header


def check_file(path: str, text: str, kind: str) -> list[Problem]:
    """Every metadata problem of one source file (kind: article or page)."""
    header = read_header(text)
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(path, header.get(key, (1, ""))[0], message))

    for key in ("title",) + (
        ("date", "summary", "category") if kind == "article" else ()
    ):
        if key not in header:
            problem(
                key,
                f"no {key.capitalize()}: add a line '{key.capitalize()}: ...' "
                "to the metadata at the top of the file",
            )
        elif not header[key][1]:
            problem(key, f"{key.capitalize()} is empty; give it a value")
    summary = header.get("summary", (0, ""))[1]
    if summary.lower().startswith(PLACEHOLDER_SUMMARY):
        problem(
            "summary",
            "Summary is still the placeholder; write one or two sentences that "
            "say what the article gives its reader",
        )
    for key in ("date", "modified"):
        if header.get(key, (0, ""))[1]:
            try:
                get_date(header[key][1])
            except ValueError:
                problem(
                    key,
                    f"{key.capitalize()} {header[key][1]!r} does not parse; {DATE_FIX}",
                )
    if kind == "page" and "summary" in header and not header["summary"][1]:
        problem("summary", "Summary is empty; give it a sentence or remove the line")
    slug = header.get("slug", (0, None))[1]
    if slug is not None and not SLUG_RE.match(slug):
        problem(
            "slug",
            f"Slug {slug!r} must be lower-case words joined by hyphens, "
            "e.g. 'hiring-remote-ai-engineers'",
        )
    status = header.get("status", (0, None))[1]
    if status is not None and status.lower() not in STATUSES[kind]:
        allowed = ", ".join(sorted(STATUSES[kind]))
        problem("status", f"Status {status!r} is not one of: {allowed}")
    return problems


def read_source(full: str) -> tuple[str, Problem | None]:
    """A source file's text, or the problem that stops it being read as UTF-8."""
    path = os.path.relpath(full)
    try:
        data = Path(full).read_bytes()
    except OSError as exc:
        return "", Problem(path, 1, f"cannot be read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        return "", Problem(
            path,
            line,
            f"byte 0x{byte} at column {column} is not UTF-8; save the file as "
            "UTF-8 (most editors: File > Save with encoding > UTF-8)",
        )


def check_sources(generator: Any, kind: str, paths_key: str, excludes_key: str) -> None:
    settings = generator.settings
    files = generator.get_files(
        settings[paths_key],
        exclude=settings[excludes_key],
        extensions=("md", "markdown"),
    )
    problems: list[Problem] = []
    for relative in sorted(files):
        full = os.path.join(generator.path, relative)
        text, problem = read_source(full)
        if problem is not None:
            problems.append(problem)
        else:
            problems += check_file(os.path.relpath(full), text, kind)
    if problems:
        listing = "\n  ".join(str(p) for p in problems)
        raise ContentError(f"rmtly_site: fix these content files:\n  {listing}")


def check_article_sources(generator: Any) -> None:
    check_sources(generator, "article", "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def check_page_sources(generator: Any) -> None:
    check_sources(generator, "page", "PAGE_PATHS", "PAGE_EXCLUDES")
