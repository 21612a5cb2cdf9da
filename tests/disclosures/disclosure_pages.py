"""Shared helpers of the disclosures tests: sample pages and tiny-site settings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from disclosures.feeds import parse_feed
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "tests" / "fixtures" / "disclosures" / "theme"
SENTENCE = "The site is paid if someone referred through a link here is hired."
CODE = "00000000-0000-4000-8000-000000000000"
REFERRAL = (
    f"https://refer.micro1.ai/referral/jobs?referralCode={CODE}&utm_source=referral"
)
BOX = '<aside class="disclosure" data-disclosure aria-label="Disclosure">BOX</aside>'
DISCLOSURE_PAGE = "Title: Disclosure\nSlug: disclosure\n\nHow the site is paid.\n"


def page(main: str, *, header: str = "", footer: str | None = None) -> str:
    """A whole HTML page with the given <main> content."""
    if footer is None:
        footer = '<a href="/disclosure/">Disclosure</a>'
    return (
        '<!doctype html>\n<html lang="en">\n<head><title>t</title></head>\n<body>\n'
        f'<header>{header}</header>\n<main id="main">{main}</main>\n'
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    )


def site_settings(tmp_path: Path, **override: Any) -> dict[str, Any]:
    """Settings for a tiny site in tmp_path built with the test theme."""
    base: dict[str, Any] = {
        "PATH": str(tmp_path / "content"),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "THEME": str(THEME),
        "PLUGINS": ["disclosures"],
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "SITEURL": "",
        "FEED_DOMAIN": "https://example.test",
        "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "ARTICLE_URL": "{slug}/",
        "ARTICLE_SAVE_AS": "{slug}/index.html",
        "PAGE_URL": "{slug}/",
        "PAGE_SAVE_AS": "{slug}/index.html",
        "DIRECT_TEMPLATES": ["index"],
        "TAG_SAVE_AS": "",
        "TAGS_SAVE_AS": "",
        "CATEGORY_SAVE_AS": "",
        "CATEGORIES_SAVE_AS": "",
        "ARCHIVES_SAVE_AS": "",
        "AUTHOR_SAVE_AS": "",
        "AUTHORS_SAVE_AS": "",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "DISCLOSURES_PAGE_URL": "disclosure/",
        "DISCLOSURES_SENTENCE": SENTENCE,
    }
    base.update(override)
    return read_settings(None, override=base)


def article(slug: str, body: str, *, summary: str = "A short summary.") -> str:
    return (
        f"Title: {slug.replace('-', ' ').title()}\nDate: 2026-11-01 10:00\n"
        f"Category: Hiring\nTags: vetting\nSlug: {slug}\nSummary: {summary}\n\n{body}"
    )


def main_of(html_text: str) -> str:
    match = re.search(r"<main\b.*?</main>", html_text, re.DOTALL)
    assert match, "no <main> in the page"
    return match.group(0)


def feed_root(text: str) -> ET.Element:
    """The root of a feed, parsed the way the plugin parses feeds (no DTD)."""
    feed = parse_feed(text)
    assert feed is not None, "not an Atom or RSS feed"
    return feed.root
