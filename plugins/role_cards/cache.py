"""A content-hash cache of role pages, so an author's rebuild skips them.

With ROLE_CARDS_FETCH off, a role page is a function of its inputs: the
snapshots, the theme's templates, this plugin's code, the settings and the
site's navigation. One hash of all of them is the cache key. When the key is
the one stored beside the cached pages, each page is copied from the cache
instead of being rendered; any change to an input gives a new key and the
folder is filled again. Nothing is cached while fetching (the nightly
build): its inputs are the network's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

KEY_FILE = "KEY"
# Settings values that print the same from one build to the next.
_PLAIN = (str, int, float, bool, list, dict, tuple, type(None))
PLUGIN_DIR = Path(__file__).resolve().parent


def _files(folder: Path, pattern: str) -> Iterable[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file())


def _navigation(context: Any) -> list[Any]:
    """What base.html can print from the context besides the settings."""
    pages = [(str(p.url), str(p.title)) for p in context.get("pages") or ()]
    categories = [str(c) for c, _ in context.get("categories") or ()]
    return [pages, categories]


def cache_key(generator: Any) -> str:
    """One hash of everything a role page is made from."""
    digest = hashlib.sha256()
    settings = generator.settings
    role_settings = generator.role_settings
    inputs: list[Path] = [
        *_files(Path(role_settings.snapshot_dir), "*.json"),
        *_files(PLUGIN_DIR, "*.py"),
    ]
    theme = settings.get("THEME")
    if theme:
        inputs += _files(Path(theme) / "templates", "*.html")
    for path in inputs:
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    plain = {k: v for k, v in settings.items() if isinstance(v, _PLAIN)}
    digest.update(json.dumps(plain, sort_keys=True, default=str).encode())
    digest.update(json.dumps(_navigation(generator.context), default=str).encode())
    return digest.hexdigest()


class PageCache:
    """Rendered role pages by URL, valid for one key."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        key_file = folder / KEY_FILE
        self.valid = key_file.is_file() and key_file.read_text() == key
        if not self.valid and folder.exists():
            shutil.rmtree(folder)
        self.hits = 0
        self.stored = 0

    def _path(self, url: str) -> Path:
        return self.folder / url / "index.html"

    def restore(self, url: str, destination: str) -> bool:
        """Copy the cached page to ``destination``; False when there is none."""
        if not self.valid:
            return False
        cached = self._path(url)
        if not cached.is_file():
            return False
        self.hits += 1
        with contextlib.suppress(OSError):
            if os.path.samefile(cached, destination):
                return True  # the last build wrote it and stored it: no copy
        data = cached.read_bytes()
        try:
            with open(destination, "rb") as current:
                if current.read() == data:
                    return True  # the last build's page is this one: no write
        except OSError:
            pass
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with open(destination, "wb") as handle:
            handle.write(data)
        return True

    def store(self, url: str, written: str) -> None:
        cached = self._path(url)
        cached.parent.mkdir(parents=True, exist_ok=True)
        try:
            # A second name for the written file, not a copy. Safe because
            # nothing writes into a cached page: a changed key empties the
            # folder before any page is written again.
            os.link(written, cached)
        except OSError:  # another file system, or no hard links
            shutil.copyfile(written, cached)
        self.stored += 1

    def finish(self) -> None:
        """Mark the folder valid for this key (only once every page is in)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / KEY_FILE).write_text(self.key)
        logger.info(
            "role_cards: page cache: %d pages reused, %d rendered",
            self.hits,
            self.stored,
        )


def page_cache(generator: Any) -> PageCache | None:
    """The cache for this build, or None (fetching, or ROLE_CARDS_PAGE_CACHE off)."""
    role_settings = generator.role_settings
    if role_settings.fetch or not role_settings.page_cache:
        return None
    folder = Path(generator.settings.get("CACHE_PATH") or "cache") / "role_cards"
    return PageCache(folder, cache_key(generator))
