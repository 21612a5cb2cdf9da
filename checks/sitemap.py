"""Sitemap gate: every URL in sitemap.xml is a page of the site, none is
noindex, and each ``lastmod`` is the content's own date: one of the dates the
page itself states (its published or modified time, the dates it lists), not
the time of the build.
"""

from __future__ import annotations

import json
from datetime import datetime
from xml.etree import ElementTree

from .site import GateResult, Site

GATE = "sitemap"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DATE_KEYS = ("datePosted", "dateModified", "datePublished", "validThrough")


def _instant(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def page_dates(site: Site, page: str) -> set[datetime]:
    """Every date the page states, as aware instants."""
    soup = site.soup(page)
    values = [str(t["datetime"]) for t in soup.find_all("time", datetime=True)]
    for meta in soup.find_all("meta"):
        if str(meta.get("property", "")).endswith(("_time",)):
            values.append(str(meta.get("content", "")))
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        if isinstance(data, dict):
            values += [str(data[k]) for k in DATE_KEYS if isinstance(data.get(k), str)]
    return {d for d in map(_instant, values) if d is not None}


def _is_noindex(site: Site, page: str) -> bool:
    robots = site.soup(page).find("meta", attrs={"name": "robots"})
    content = str(robots.get("content", "")) if robots is not None else ""
    return "noindex" in content.lower()


def _check_url(result: GateResult, site: Site, loc: str, lastmod: str | None) -> None:
    page = site.resolve("index.html", loc) if site.is_local(loc) else None
    if page is None:
        result.fail(
            "sitemap.xml",
            f"lists {loc}, which is no page of the site",
            "drop the URL from the sitemap or build the page",
        )
        return
    if _is_noindex(site, page):
        result.fail(
            page,
            f"is in sitemap.xml ({loc}) but says noindex",
            "leave noindex pages out of the sitemap (SITEMAP exclude)",
        )
    if lastmod is None:
        return
    stamp = _instant(lastmod)
    if stamp is None or stamp not in page_dates(site, page):
        result.fail(
            page,
            f"sitemap lastmod {lastmod} is not a date the page states",
            "set lastmod from the content's date (Date/Modified metadata), "
            "not the build time, or leave the page out of the sitemap",
        )


def check(site: Site) -> GateResult:
    result = GateResult(GATE)
    if "sitemap.xml" not in site.files:
        result.fail("sitemap.xml", "is missing", "enable pelican.plugins.sitemap")
        return result
    try:
        tree = ElementTree.fromstring(site.text("sitemap.xml"))  # noqa: S314 -- our own output
    except ElementTree.ParseError as error:
        result.fail("sitemap.xml", f"does not parse: {error}", "fix the sitemap")
        return result
    urls = tree.findall("s:url", NS)
    for url in urls:
        loc = (url.findtext("s:loc", default="", namespaces=NS) or "").strip()
        _check_url(result, site, loc, url.findtext("s:lastmod", namespaces=NS))
    result.summary = f"{len(urls)} URLs, {len(result.problems)} problems"
    return result
