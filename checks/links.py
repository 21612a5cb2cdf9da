"""Links gate: every internal link, anchor and asset exists; nothing is
loaded from another host.

Links a reader follows (``<a href>``) may point anywhere; what a page loads by
itself (scripts, stylesheets, images, frames, media, icons, preloads, CSS
``url()``) must come from the site, so no reader is tracked by a third party.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import Tag

from .site import GateResult, Site

GATE = "links"
# Attributes whose URL the browser fetches on its own.
LOADED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
    "mask-icon",
}
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


def _urls(value: str, attribute: str) -> list[str]:
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def _ids(site: Site, page: str) -> set[str]:
    soup = site.soup(page)
    ids = {str(t["id"]) for t in soup.find_all(id=True)}
    ids |= {str(t["name"]) for t in soup.find_all("a", attrs={"name": True})}
    return ids


def _loaded(tag: Tag) -> list[str]:
    urls: list[str] = []
    for attribute in LOADED.get(tag.name, ()):
        value = tag.get(attribute)
        if isinstance(value, str) and value.strip():
            urls += _urls(value, attribute)
    if tag.name == "link":
        rels = set(tag.get_attribute_list("rel"))
        href = tag.get("href")
        if rels & LOADING_RELS and isinstance(href, str):
            urls.append(href)
    style = tag.get("style")
    if isinstance(style, str):
        urls += CSS_URL_RE.findall(style)
    return urls


def _check_local(
    result: GateResult, site: Site, page: str, url: str, kind: str
) -> None:
    target = site.resolve(page, url)
    if target is None:
        result.fail(
            page,
            f"{kind} {url} points to no file in the built site",
            "fix the URL or add the file it names",
        )
        return
    fragment = urlsplit(url).fragment
    if fragment and target.endswith(".html") and fragment not in _ids(site, target):
        result.fail(
            page,
            f"{kind} {url}: no element with id {fragment!r} on {target}",
            "point the anchor at an existing id or add that id",
        )


def _check_page(result: GateResult, site: Site, page: str) -> int:
    soup = site.soup(page)
    checked = 0
    for tag in soup.find_all(True):
        for url in _loaded(tag):
            checked += 1
            if url.startswith("data:"):
                continue
            if not site.is_local(url):
                result.fail(
                    page,
                    f"<{tag.name}> loads {url} from another host",
                    "serve the file from the site (theme/static) or drop it",
                )
            else:
                _check_local(result, site, page, url, f"<{tag.name}> asset")
        href = tag.get("href") if tag.name == "a" else None
        if isinstance(href, str) and not href.startswith(SKIPPED_SCHEMES):
            checked += 1
            if site.is_local(href):
                _check_local(result, site, page, href.strip(), "link")
    return checked


def _check_css(result: GateResult, site: Site, sheet: str) -> None:
    for url in CSS_URL_RE.findall(site.text(sheet)):
        if url.startswith(("data:", "#")):
            continue
        if not site.is_local(url):
            result.fail(
                sheet,
                f"stylesheet loads {url} from another host",
                "serve the file from the site (theme/static) or drop it",
            )
        elif site.resolve(sheet, url) is None:
            result.fail(
                sheet,
                f"stylesheet url({url}) points to no file",
                "fix the URL or add the file it names",
            )


def check(site: Site) -> GateResult:
    result = GateResult(GATE)
    urls = sum(_check_page(result, site, page) for page in site.pages)
    sheets = [f for f in site.files if f.endswith(".css")]
    for sheet in sheets:
        _check_css(result, site, sheet)
    result.summary = (
        f"{len(site.pages)} pages, {len(sheets)} stylesheets, {urls} URLs checked, "
        f"{len(result.problems)} broken or off-site"
    )
    return result
