"""A page's edits proposed from its text alone, then proven by the check's parse.

Most pages the pass rewrites are theme pages that need two kinds of edit:
the box after the disclosure marker and ``rel`` on referral links. Those can
be proposed without parsing the page first. The check parses the edited
page anyway, and a proposal stands only if every edit landed where that
parse says it should: the box is the first visible ``data-disclosure``
element inside ``<main>``, and the parser's referral links sit exactly at
the edited start tags, no more and no fewer. Anything unusual (a box already
on the page, a differently spelled marker, a referral link before it, markup
the pattern misreads) gets no proposal or fails the proof, and the page
takes the full path: parse, edit, parse again.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from .html import (
    ATTR_RE,
    REQUIRED_REL,
    TAG_NAME_RE,
    Scan,
    apply_edits,
    scan_html,
    with_rel,
)
from .rules import Rule, is_referral_url, prefilter_for
from .settings import DisclosuresSettings

# A start tag of <a> or <area>, quoted attribute values may hold ">".
_ANCHOR_RE = re.compile(r"""<(?:a|area)(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
_BOX_ATTRIBUTE_RE = re.compile("data-disclosure", re.I)


@dataclass(frozen=True)
class BoxShape:
    """The rendered box and where the parser finds things inside it."""

    html: str
    anchor: int  # offset of its first visible data-disclosure element
    links: tuple[int, ...]  # offsets of referral links inside it


@dataclass(frozen=True)
class Proposal:
    """The edited page, and where its parse must find the box and the links."""

    text: str
    box_offset: int
    link_offsets: tuple[int, ...]

    def landed(self, scan: Scan) -> bool:
        """Whether ``scan`` (of ``self.text``) sees every edit where it was made."""
        box = scan.first_visible_box()
        return (
            box is not None
            and box.offset == self.box_offset
            and tuple(link.offset for link in scan.links) == self.link_offsets
        )


def box_shape(box: str, settings: DisclosuresSettings) -> BoxShape | None:
    """The box's shape, or None when it cannot serve the quick path."""
    scan = scan_html(box, rules=settings.rules, marker=settings.marker)
    # A fragment has no <main>, so "visible" here means not hidden.
    visible = next((b for b in scan.boxes if not b.hidden), None)
    if visible is None:
        return None
    return BoxShape(box, visible.offset, tuple(link.offset for link in scan.links))


def _attributes(tag_text: str) -> dict[str, str]:
    """Attribute values of a start tag (first occurrence wins, as in HTML)."""
    values: dict[str, str] = {}
    name = TAG_NAME_RE.match(tag_text)
    position = name.end() if name else 0
    while (attr := ATTR_RE.match(tag_text, position)) and attr.end() > position:
        value = attr.group("value") or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        values.setdefault(attr.group("name").lower(), html.unescape(value))
        position = attr.end()
    return values


def _referral_tags(
    text: str, settings: DisclosuresSettings
) -> list[tuple[int, str, list[str]]]:
    """(offset, start tag, missing rel tokens) of every referral link tag."""
    found = []
    for match in _ANCHOR_RE.finditer(text):
        tag_text = match.group(0)
        missing = _missing_rel(tag_text, settings.rules)
        if missing is not None:
            found.append((match.start(), tag_text, list(missing)))
    return found


@functools.lru_cache(maxsize=32768)
def _missing_rel(tag_text: str, rules: tuple[Rule, ...]) -> tuple[str, ...] | None:
    """The rel tokens a referral link's start tag lacks; None if not one.

    Cached: the theme's links are on every page, and a role's apply link on
    each page that lists the role as similar.
    """
    if not prefilter_for(rules).may_match(tag_text):
        return None  # no href in this tag can be a referral link
    attrs = _attributes(tag_text)
    href = attrs.get("href")
    if href is None or not prefilter_for(rules).may_be_referral_url(href):
        return None
    if not is_referral_url(href, rules):
        return None
    present = {token.lower() for token in attrs.get("rel", "").split()}
    return tuple(token for token in REQUIRED_REL if token not in present)


def propose(
    text: str, *, settings: DisclosuresSettings, box: BoxShape
) -> Proposal | None:
    """The disclosed page for the common case, or None to take the full path."""
    if _BOX_ATTRIBUTE_RE.search(text):
        return None
    marker = f"<!--{settings.marker}-->"
    marker_end = text.find(marker) + len(marker)
    tags = _referral_tags(text, settings)
    if marker_end < len(marker) or not tags or tags[0][0] < marker_end:
        return None
    edits = [(marker_end, marker_end, box.html)]
    shift = len(box.html)
    offsets = [marker_end + offset for offset in box.links]
    for offset, tag_text, missing in tags:
        offsets.append(offset + shift)
        if missing:
            new_tag = with_rel(tag_text, missing)
            edits.append((offset, offset + len(tag_text), new_tag))
            shift += len(new_tag) - len(tag_text)
    return Proposal(apply_edits(text, edits), marker_end + box.anchor, tuple(offsets))


# Any start of an <a> or <area> tag, however malformed: a page whose link
# tags the pattern above does not all read is not verified the quick way.
_ANCHOR_START_RE = re.compile(r"<(?:a|area)(?=[\s/>])", re.I)


def verify(text: str, *, settings: DisclosuresSettings) -> int | None:
    """The referral-link count of a page already disclosed, or None if unproven.

    For pages rendered with their box and ``rel`` (role pages): every link
    tag is read by the pattern, every referral link carries ``sponsored`` and
    ``noopener``, and the parser, run only up to the first ``data-disclosure``
    start tag, sees a visible box inside ``<main>`` before the first of them.
    Nothing after the box can change what the parser says about the box, so
    the proof holds for the whole page without parsing the rest. Anything
    else returns None and the page takes the full path (which also names
    the problem).
    """
    found = _BOX_ATTRIBUTE_RE.search(text)
    if found is None:
        return None
    tags = _referral_tags(text, settings)
    if not tags or any(missing for _, _, missing in tags):
        return None
    if len(_ANCHOR_START_RE.findall(text)) != len(_ANCHOR_RE.findall(text)):
        return None
    tag_end = text.find(">", found.end()) + 1
    if tag_end == 0 or tag_end > tags[0][0]:
        return None
    prefix = _without_plain_head(text[:tag_end])
    if not _box_first(prefix, settings.rules, settings.marker):
        return None
    return len(tags)


# A <head> of nothing but <meta>, <link> and a <title> of plain text, every
# attribute value double-quoted and free of "<", ">" and quotes: no comment,
# no script, no <base>, nothing the scanner records. The scanner leaves such
# a head exactly as it leaves an empty one, whatever the values say.
_PLAIN_HEAD_RE = re.compile(
    r"""<head>(?:\s*(?:<(?:meta|link)(?:\s+[a-z][a-z:-]*="[^"<>]*")*\s*/?>"""
    r"""|<title>[^<]*</title>))*\s*</head>"""
)
_EMPTY_HEAD = "<head></head>"


def _without_plain_head(prefix: str) -> str:
    """The prefix with a plain head emptied: role pages differ in their head
    (title, description, share image) and in little else before the box, so
    the emptied prefixes of thousands of pages are a handful of texts."""
    start = prefix.find("<head>")
    found = _PLAIN_HEAD_RE.match(prefix, start) if start != -1 else None
    if found is None:
        return prefix
    return prefix[:start] + _EMPTY_HEAD + prefix[found.end() :]


@functools.lru_cache(maxsize=64)
def _box_first(prefix: str, rules: tuple[Rule, ...], marker: str) -> bool:
    """Whether the parser sees a visible box in <main>, and no referral link,
    in a page's text up to its first ``data-disclosure`` start tag."""
    scan = scan_html(prefix, rules=rules, marker=marker)
    return scan.first_visible_box() is not None and not scan.links
