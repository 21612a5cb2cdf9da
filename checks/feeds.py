"""Feeds gate: every feed parses cleanly with feedparser, has its own
``atom:id`` (or RSS link), and in a publish build links only absolutely,
because a feed is read away from the site and a relative link resolves
against the reader's URL, not ours.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser

from .site import GateResult, Site

GATE = "feeds"


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _feed_links(parsed: feedparser.FeedParserDict) -> list[str]:
    links = [str(link.get("href", "")) for link in parsed.feed.get("links", [])]
    for entry in parsed.entries:
        links += [str(link.get("href", "")) for link in entry.get("links", [])]
        if entry.get("id"):
            links.append(str(entry["id"]))
    return [link for link in links if link and not link.startswith("tag:")]


def check(site: Site, *, publish: bool) -> GateResult:
    result = GateResult(GATE)
    owners: dict[str, str] = {}
    entries = 0
    for feed in site.feeds:
        # Parsed from the bytes on disk: no URL, so feedparser fetches nothing.
        parsed = feedparser.parse((site.root / feed).read_bytes())
        if parsed.bozo:
            result.fail(
                feed,
                f"does not parse cleanly: {parsed.bozo_exception}",
                "fix the feed template or the entry content it names",
            )
            continue
        entries += len(parsed.entries)
        feed_id = str(parsed.feed.get("id") or parsed.feed.get("link") or "")
        if not feed_id:
            result.fail(feed, "has no atom:id", "give the feed an id (its own URL)")
        elif feed_id in owners:
            result.fail(
                feed,
                f"reuses the atom:id {feed_id!r} of {owners[feed_id]}",
                "give each feed its own id: its own absolute URL",
            )
        else:
            owners[feed_id] = feed
        if publish:
            for link in _feed_links(parsed):
                if not _is_absolute(link):
                    result.fail(
                        feed,
                        f"relative link {link!r} in a publish build",
                        "set SITEURL/FEED_DOMAIN so feed links are absolute",
                    )
                    break
    result.summary = (
        f"{len(site.feeds)} feeds, {entries} entries, {len(result.problems)} problems"
    )
    return result
