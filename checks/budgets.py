"""Budgets gate: what one page costs a reader, per template.

A page's weight is its HTML plus every stylesheet and script it loads from the
site, each gzipped as a static host serves it. Templates without a budget are
measured and reported, not judged.
"""

from __future__ import annotations

import functools
import gzip

from .links import _loaded
from .site import GateResult, Site

GATE = "budgets"
KIB = 1024


@functools.cache
def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(site: Site, page: str) -> int:
    """HTML + CSS + JS of one page, gzipped, in bytes."""
    total = _gzip_size((site.root / page).read_bytes())
    seen: set[str] = set()
    for tag in site.soup(page).find_all(["link", "script"]):
        for url in _loaded(tag):
            target = site.resolve(page, url) if site.is_local(url) else None
            if target and target.endswith((".css", ".js")) and target not in seen:
                seen.add(target)
                total += _gzip_size((site.root / target).read_bytes())
    return total


def check(site: Site, *, budgets: dict[str, int]) -> GateResult:
    result = GateResult(GATE)
    largest: dict[str, tuple[int, str]] = {}
    for template, pages in sorted(site.pages_by_template().items()):
        for page in pages:
            weight = page_weight(site, page)
            if weight > largest.get(template, (-1, ""))[0]:
                largest[template] = (weight, page)
            limit = budgets.get(template)
            if limit is not None and weight > limit:
                result.fail(
                    page,
                    f"weighs {weight / KIB:.1f} KB gzipped (HTML + CSS + JS), over "
                    f"the {limit / KIB:.0f} KB budget for {template} pages",
                    "make the page lighter (fewer cards per page, less CSS/JS) "
                    "or raise CHECKS_BUDGETS only with a reason",
                )
    parts = [
        f"{template} {size / KIB:.1f}"
        + (f" of {budgets[template] / KIB:.0f}" if template in budgets else "")
        + f" KB ({page})"
        for template, (size, page) in sorted(largest.items())
    ]
    result.summary = "largest per template: " + "; ".join(parts)
    return result
