"""The share-image cache: each image is drawn once, named by what it shows.

An image's file name is the hash of its card (every text on it and the
drawing's version), so a rebuild with nothing new draws nothing: it finds
every file in the cache folder and links it into the output. The cache lives
outside output/ (a publish build deletes output/ first) and is safe to
delete; a nightly job keeps it between runs to skip the drawing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .draw import ShareCard, draw, draw_logo

logger = logging.getLogger(__name__)

SHARE_DIR = "images/share"
# Below this many new images, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
LOGO_PATH = "images/logo.png"


def image_name(card: ShareCard) -> str:
    return hashlib.sha256(card.key().encode("utf-8")).hexdigest()[:20] + ".png"


class ImageStore:
    """Draws missing images into the cache and links used ones into output."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.used: set[str] = set()
        self.drawn = 0
        self._present: set[str] | None = None
        self._missing: dict[str, ShareCard] = {}

    def path_for(self, card: ShareCard) -> str:
        """The site path of the card's image; draw_missing() draws it if new."""
        name = image_name(card)
        if name not in self._cached():
            self._missing[name] = card
        self.used.add(name)
        return f"{SHARE_DIR}/{name}"

    def draw_missing(self) -> int:
        """Draw every image the cache lacks, on every core when there are many."""
        missing = list(self._missing.items())
        self._missing.clear()
        if len(missing) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
            with ProcessPoolExecutor() as pool:
                pngs = pool.map(draw, [card for _, card in missing], chunksize=16)
                for (name, _), png in zip(missing, pngs, strict=True):
                    self._store(name, png)
        else:
            for name, card in missing:
                self._store(name, draw(card))
        return len(missing)

    def _store(self, name: str, png: bytes) -> None:
        _write_atomic(self.cache_dir / name, png)
        self._cached().add(name)
        self.drawn += 1

    def logo(self, site: str) -> str:
        name = "logo-" + hashlib.sha256(site.encode()).hexdigest()[:12] + ".png"
        if name not in self._cached():
            _write_atomic(self.cache_dir / name, draw_logo(site))
            self._cached().add(name)
        self._logo = name
        return LOGO_PATH

    def _cached(self) -> set[str]:
        if self._present is None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            self._present = set(os.listdir(self.cache_dir))
        return self._present

    def publish(self, output_path: Path) -> int:
        """Link (or copy) every image used by this build into output/."""
        target = output_path / SHARE_DIR
        target.mkdir(parents=True, exist_ok=True)
        _place(self.cache_dir, target, self.used)
        if getattr(self, "_logo", None):
            _place_one(self.cache_dir / self._logo, output_path / LOGO_PATH)
        return len(self.used)


def _place(source: Path, target: Path, names: Iterable[str]) -> None:
    for name in names:
        _place_one(source / name, target / name)


def _place_one(source: Path, target: Path) -> None:
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)  # same file system: no bytes copied
    except OSError:
        shutil.copyfile(source, target)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename: a killed build leaves no half PNG."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
