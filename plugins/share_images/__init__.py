"""share_images: a 1200x630 PNG share image for every article, page, field
page and role page, drawn at build time with Pillow and cached by content.

Templates read ``share_images[canonical path]`` (a ShareImage: path, alt,
width, height) for og:image, twitter:image and the Article JSON-LD, and
``share_logo`` for publisher.logo.
"""

from __future__ import annotations

from pelican import signals

from .build import on_all_generators_finalized, on_finalized, on_initialized


def register() -> None:
    # initialized: settings are final; checked once before anything is read.
    signals.initialized.connect(on_initialized)
    # all_generators_finalized: every article and the role board are in the
    # context and nothing is written yet, so templates can print the images.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # finalized: output/ exists and will not be emptied again.
    signals.finalized.connect(on_finalized)
