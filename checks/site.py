"""The built site as the gates see it: its pages, their template, parsed HTML.

A page's template is read from ``<body data-template="...">`` (set by each
theme template), so the gates need no knowledge of URL layouts or field names.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

PAGE_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".atom", ".xml", ".rss")


@dataclass(frozen=True)
class Problem:
    """One failure: the page (output-relative path), what is wrong, the fix."""

    gate: str
    page: str
    what: str
    fix: str

    def format(self) -> str:
        return f"- {self.page}\n    problem: {self.what}\n    fix: {self.fix}"


@dataclass
class GateResult:
    """What one gate checked and found; ``figures`` go into the summary line."""

    gate: str
    summary: str = ""
    problems: list[Problem] = field(default_factory=list)

    def fail(self, page: str, what: str, fix: str) -> None:
        self.problems.append(Problem(self.gate, page, what, fix))

    @property
    def ok(self) -> bool:
        return not self.problems


class Site:
    """An output folder: file lookup by URL path, and each page parsed once."""

    def __init__(self, root: Path, *, site_url: str = "") -> None:
        self.root = root
        self.site_url = site_url.rstrip("/")
        self.files = sorted(
            p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
        )
        self._file_set = set(self.files)

    @property
    def pages(self) -> list[str]:
        return [f for f in self.files if f.endswith(PAGE_SUFFIXES)]

    @property
    def feeds(self) -> list[str]:
        return [
            f
            for f in self.files
            if f.endswith(FEED_SUFFIXES) and not f.startswith("sitemap")
        ]

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8", errors="replace")

    @functools.cache  # noqa: B019 -- one Site per run
    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(relative), "html.parser")

    def template(self, relative: str) -> str:
        body = self.soup(relative).body
        value = body.get("data-template") if body is not None else None
        return value if isinstance(value, str) and value else "unknown"

    def pages_by_template(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for page in self.pages:
            found.setdefault(self.template(page), []).append(page)
        return found

    def is_local(self, url: str) -> bool:
        """Whether a URL points into this site (relative, or under SITEURL)."""
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc:
            return True
        if self.site_url and url.startswith(self.site_url + "/"):
            return True
        return bool(self.site_url) and url == self.site_url

    def resolve(self, page: str, url: str) -> str | None:
        """The output file a local URL on ``page`` serves, or None if missing.

        Directories serve their index.html, as every static host does.
        """
        parts = urlsplit(url)
        path = unquote(parts.path)
        if self.site_url and url.startswith(self.site_url):
            path = unquote(urlsplit(url[len(self.site_url) :]).path) or "/"
        if not path:
            return page
        if path.startswith("/"):
            target = path.lstrip("/")
        else:
            target = posixpath.join(posixpath.dirname(page), path)
        target = posixpath.normpath(target) if target else ""
        if target in ("", "."):
            target = ""
        if target.startswith(".."):
            return None
        candidates = [target] if target else []
        if not target or path.endswith("/") or target not in self._file_set:
            candidates.append(
                posixpath.join(target, "index.html") if target else "index.html"
            )
        for candidate in candidates:
            if candidate in self._file_set:
                return candidate
        return None
