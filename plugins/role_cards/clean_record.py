"""Snapshots already proven clean, so the next build does not check them again.

Reading a snapshot checks every role with the rules fetched roles pass
(``stored.py``): in an author's rebuild that check costs more than anything
else. Its outcome depends only on the file's bytes, the source's allowed
hosts and this plugin's code (with nh3, the sanitiser). When the check
passed and changed nothing (every role came out exactly as the file spells
it), the hash of those inputs is recorded under the cache folder, and a
later read of the same bytes builds the roles without checking them again.
Any edit to the file, another host list or other code gives another hash,
and the full check runs. The record holds no data, only the hash: a lost or
damaged cache folder costs time, never correctness.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from importlib import metadata
from pathlib import Path

logger = logging.getLogger(__name__)

PLUGIN_DIR = Path(__file__).resolve().parent
FOLDER = "role_cards-clean"
_NAME = re.compile(r"[^A-Za-z0-9_.-]")


@functools.cache
def code_digest() -> str:
    """A hash of this plugin's code and the sanitiser's version."""
    digest = hashlib.sha256()
    for path in sorted(PLUGIN_DIR.rglob("*.py")):
        digest.update(path.relative_to(PLUGIN_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(metadata.version("nh3").encode())
    return digest.hexdigest()


class CleanRecord:
    """Hashes of snapshot files that checked clean, one file per source."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = Path(cache_dir) / FOLDER

    @staticmethod
    def key(raw: bytes, hosts: tuple[str, ...]) -> str:
        digest = hashlib.sha256(code_digest().encode())
        digest.update("\0".join(hosts).encode())
        digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _path(self, source: str) -> Path:
        return self.folder / f"{_NAME.sub('_', source)}.sha256"

    def knows(self, source: str, key: str) -> bool:
        try:
            return self._path(source).read_text(encoding="ascii").strip() == key
        except (OSError, UnicodeDecodeError):
            return False

    def remember(self, source: str, key: str) -> None:
        path = self._path(source)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(key + "\n", encoding="ascii")
            temporary.replace(path)
        except OSError as exc:  # a read-only cache is only a slower next build
            logger.debug("role_cards: cannot record %s as checked: %s", path, exc)


def clean_record(cache_dir: Path | None) -> CleanRecord | None:
    """The record under ``cache_dir`` (Pelican's CACHE_PATH), or None without one."""
    return CleanRecord(cache_dir) if cache_dir is not None else None
