"""Pages known to be disclosed without the full pass.

Two ways: the page's text at its place was verified before (its hash is in
``VerifiedCache``, kept under the cache folder, or was noted by the
generator that rendered it this build), or the quick proof holds on text
rendered with its box and ``rel`` (``rendered_links``: the page links to the
Disclosure page where the theme writes it, and ``quick.verify`` proves the
box and the links). Anything else takes the pass's full path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from .check import PageLinks
from .quick import verify
from .rules import prefilter_for
from .settings import DisclosuresSettings


def rendered_links(
    text: str, output: str, settings: DisclosuresSettings, page_links: PageLinks
) -> int | None:
    """The referral-link count of a page rendered disclosed, or None if unproven.

    ``output`` is the page's path in the output folder (relative hrefs to the
    Disclosure page resolve against it).
    """
    if not prefilter_for(settings.rules).may_match(text):
        return None
    if not page_links.quick_find(text, page_links.base(output)):
        return None
    return verify(text, settings=settings)


def page_key(output: str, text: str) -> str:
    """The page's place and exact text, hashed (the check depends on both)."""
    digest = hashlib.sha256(output.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


class VerifiedCache:
    """Pages verified by earlier builds, in the cache folder, per settings and box."""

    def __init__(self, cache_dir: str | None, settings: DisclosuresSettings, box: str):
        self.path: Path | None = None
        if cache_dir:
            tag = hashlib.sha256(f"{settings!r}\0{box}".encode()).hexdigest()[:16]
            self.path = Path(cache_dir) / "disclosures" / f"verified-{tag}.json"

    def load(self) -> dict[str, int]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache is only a slower build
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, int)}

    def save(self, pages: Mapping[str, int]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(pages), encoding="utf-8")
