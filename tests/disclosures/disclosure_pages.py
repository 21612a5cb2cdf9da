"""Shared helpers of the disclosures tests: sample pages and tiny-site settings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import sitebuild
from disclosures.feeds import parse_feed

ROOT = sitebuild.ROOT
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


# A tiny site on the test theme: only what the disclosures tests look at.
TINY_SITE: dict[str, Any] = {
    "THEME": str(THEME),
    "PLUGINS": ["disclosures"],
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
    "DISCLOSURES_PAGE_URL": "disclosure/",
    "DISCLOSURES_SENTENCE": SENTENCE,
}


def site_settings(tmp_path: Path, **override: Any) -> dict[str, Any]:
    """Settings for the tiny site in tmp_path."""
    return sitebuild.site_settings(tmp_path, conf=None, **{**TINY_SITE, **override})


def build(tmp_path: Path, files: dict[str, str], **override: Any) -> Path:
    """Build the tiny site (with its Disclosure page) from ``files``."""
    files = {"pages/disclosure.md": DISCLOSURE_PAGE, **files}
    return sitebuild.build(tmp_path, files, conf=None, **{**TINY_SITE, **override})


def main_of(html_text: str) -> str:
    match = re.search(r"<main\b.*?</main>", html_text, re.DOTALL)
    assert match, "no <main> in the page"
    return match.group(0)


def feed_root(text: str) -> ET.Element:
    """The root of a feed, parsed the way the plugin parses feeds (no DTD)."""
    feed = parse_feed(text)
    assert feed is not None, "not an Atom or RSS feed"
    return feed.root
