"""The Pelican side of share_images: settings, planning, then output."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator

from .cards import plan
from .draw import HEIGHT, WIDTH
from .store import ImageStore

logger = logging.getLogger(__name__)

# Default: a folder in Pelican's CACHE_PATH (pelicanconf: .cache).
DEFAULT_SUBDIR = "share-images"
_STORES: dict[int, ImageStore] = {}


class ShareImagesError(ValueError):
    """A share_images setting is unusable; the message names the key."""


@dataclass(frozen=True, slots=True)
class ShareImage:
    path: str  # site path, e.g. "images/share/3f...png"
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def cache_dir(settings: dict[str, Any]) -> Path:
    value = settings.get("SHARE_IMAGES_CACHE_DIR") or Path(
        settings.get("CACHE_PATH") or "cache", DEFAULT_SUBDIR
    )
    if not isinstance(value, str | Path) or not str(value).strip():
        raise ShareImagesError(
            f"share_images: SHARE_IMAGES_CACHE_DIR must be a folder path, got {value!r}"
        )
    return Path(value)


def on_initialized(pelican: Any) -> None:
    cache_dir(pelican.settings)


def _contents(generators: list[Any]) -> list[Any]:
    found: list[Any] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found += generator.articles + generator.translations
            found += generator.drafts
        elif isinstance(generator, PagesGenerator):
            found += generator.pages + generator.hidden_pages
    return found


def on_all_generators_finalized(generators: list[Any]) -> None:
    """Draw what is missing and put every page's image in the context."""
    if not generators:
        return
    context = generators[0].context
    started = time.perf_counter()
    store = ImageStore(cache_dir(generators[0].settings))
    images = {
        planned.path: ShareImage(store.path_for(planned.card), planned.alt)
        for planned in plan(context, _contents(generators))
    }
    store.draw_missing()
    context["share_images"] = images
    context["share_logo"] = store.logo(context.get("SITENAME", "rmtly"))
    _STORES[id(context)] = store
    logger.info(
        "share_images: %d images, %d drawn, the rest from %s, in %.2f s",
        len(images),
        store.drawn,
        store.cache_dir,
        time.perf_counter() - started,
    )


def on_finalized(pelican: Any) -> None:
    """Link the images this build used into output/."""
    for key, store in list(_STORES.items()):
        store.publish(Path(pelican.output_path))
        del _STORES[key]
