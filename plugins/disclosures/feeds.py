"""Feeds: which entries carry referral links, and their disclosure prefix.

A feed entry travels without the page around it, so an entry whose content
or summary carries a referral link (or whose own link is one) starts with
the disclosure sentence. Atom is the site's format (content types html,
xhtml and text); RSS 2.0 items are handled the same way so a feed added
later cannot slip past. Feeds are parsed and rewritten with ElementTree;
only feeds that change are re-serialised, and their prolog is kept as is.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

from .html import REQUIRED_REL, apply_edits, rel_edits, scan_html
from .rules import is_referral_url, prefilter_for
from .settings import DisclosuresSettings

ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"
RSS_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_A = f"{{{ATOM_NS}}}"
_X = f"{{{XHTML_NS}}}"
_TAG_RE = re.compile(r"<[^>]*>")
_ROOT_START_RE = re.compile(r"<(?![?!])")
_WORD_RE = re.compile(r"[^\s<>\"'()]+")


class FeedSyntaxError(ValueError):
    """The file looks like a feed but is not well-formed XML."""


@dataclass
class Field:
    """An element holding an entry's text: content, summary or description."""

    element: ET.Element
    kind: str  # "html", "xhtml" or "text"


@dataclass
class Entry:
    element: ET.Element
    label: str
    link: str | None
    link_hrefs: list[str]
    fields: list[Field] = field(default_factory=list)


@dataclass
class Feed:
    root: ET.Element
    flavour: str  # "atom" or "rss"
    entries: list[Entry]


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _atom_kind(element: ET.Element) -> str:
    kind = element.get("type", "text").lower()
    if kind in ("html", "text/html"):
        return "html"
    if kind in ("xhtml", "application/xhtml+xml"):
        return "xhtml"
    return "text"


def _atom_entries(root: ET.Element) -> Iterator[Entry]:
    for node in root.iter(_A + "entry"):
        links = node.findall(_A + "link")
        alternate = next(
            (
                ln.get("href")
                for ln in links
                if ln.get("rel", "alternate") == "alternate"
            ),
            None,
        )
        yield Entry(
            element=node,
            label=_text(node.find(_A + "title")) or _text(node.find(_A + "id")),
            link=alternate,
            link_hrefs=[ln.get("href", "") for ln in links],
            fields=[
                Field(child, _atom_kind(child))
                for child in node
                if child.tag in (_A + "content", _A + "summary")
            ],
        )


def _rss_entries(root: ET.Element) -> Iterator[Entry]:
    for node in root.iter("item"):
        link = _text(node.find("link")) or None
        yield Entry(
            element=node,
            label=_text(node.find("title")) or _text(node.find("guid")),
            link=link,
            link_hrefs=[link] if link else [],
            fields=[
                Field(child, "html")
                for child in node
                if child.tag in ("description", f"{{{RSS_CONTENT_NS}}}encoded")
            ],
        )


def parse_feed(text: str) -> Feed | None:
    """The feed in ``text``; None when it is XML but not Atom or RSS."""
    start = _ROOT_START_RE.search(text)
    if "<!DOCTYPE" in text[: start.start() if start else len(text)].upper():
        # Feeds never need a DTD; refusing one rules out entity expansion.
        raise FeedSyntaxError("the feed declares a DOCTYPE; feeds must not")
    builder = ET.TreeBuilder(insert_comments=True, insert_pis=True)
    # The text is this build's own output and carries no DTD (refused above).
    parser = ET.XMLParser(target=builder)  # noqa: S314
    try:
        parser.feed(text)
        root = parser.close()
    except ET.ParseError as error:
        raise FeedSyntaxError(str(error)) from error
    if root.tag == _A + "feed":
        return Feed(root, "atom", list(_atom_entries(root)))
    if root.tag == "rss":
        return Feed(root, "rss", list(_rss_entries(root)))
    return None


def field_referrals(item: Field, settings: DisclosuresSettings) -> list[str]:
    """Hrefs of the referral links inside one field."""
    rules = settings.rules
    if item.kind == "xhtml":
        return [
            anchor.get("href", "")
            for anchor in item.element.iter()
            if anchor.tag in (_X + "a", _X + "area")
            and is_referral_url(anchor.get("href", ""), rules)
        ]
    text = item.element.text or ""
    if not prefilter_for(rules).may_match(text):
        return []
    if item.kind == "text":
        return [w for w in _WORD_RE.findall(text) if is_referral_url(w, rules)]
    scan = scan_html(text, rules=rules, marker=settings.marker)
    return [link.href for link in scan.links]


def unmarked_referrals(item: Field, settings: DisclosuresSettings) -> list[str]:
    """Hrefs of referral links in an HTML field whose rel lacks "sponsored"."""
    if item.kind == "xhtml":
        return [
            anchor.get("href", "")
            for anchor in item.element.iter()
            if anchor.tag in (_X + "a", _X + "area")
            and is_referral_url(anchor.get("href", ""), settings.rules)
            and "sponsored" not in anchor.get("rel", "").lower().split()
        ]
    if item.kind == "text":
        return []
    scan = scan_html(item.element.text or "", rules=settings.rules, marker="")
    return [link.href for link in scan.links if "sponsored" not in link.rel_tokens]


def visible_text(item: Field) -> str:
    """The field's text as a reader shows it, whitespace collapsed."""
    if item.kind == "xhtml":
        raw = " ".join(item.element.itertext())
    elif item.kind == "html":
        raw = html.unescape(_TAG_RE.sub(" ", item.element.text or ""))
    else:
        raw = item.element.text or ""
    return " ".join(raw.split())


def starts_with_sentence(item: Field, sentence: str) -> bool:
    return visible_text(item).startswith(" ".join(sentence.split()))


def fields_to_disclose(entry: Entry, settings: DisclosuresSettings) -> list[Field]:
    """Fields of an entry that must start with the sentence."""
    if any(is_referral_url(href, settings.rules) for href in entry.link_hrefs):
        return entry.fields
    return [item for item in entry.fields if field_referrals(item, settings)]


def entry_needs_field(entry: Entry, settings: DisclosuresSettings) -> bool:
    """The entry's own link is a referral link but it has no text to prefix."""
    return not entry.fields and any(
        is_referral_url(href, settings.rules) for href in entry.link_hrefs
    )


def _prefix_html(settings: DisclosuresSettings) -> str:
    sentence = html.escape(settings.sentence, quote=False)
    href = html.escape(settings.feed_page_href)
    return f'<p class="disclosure">{sentence} <a href="{href}">Disclosure</a></p>'


def _disclose_xhtml(element: ET.Element, settings: DisclosuresSettings) -> bool:
    changed = False
    for anchor in element.iter():
        if anchor.tag in (_X + "a", _X + "area") and is_referral_url(
            anchor.get("href", ""), settings.rules
        ):
            tokens = anchor.get("rel", "").split()
            lowered = {token.lower() for token in tokens}
            missing = [token for token in REQUIRED_REL if token not in lowered]
            if missing:
                anchor.set("rel", " ".join(tokens + missing))
                changed = True
    if starts_with_sentence(Field(element, "xhtml"), settings.sentence):
        return changed
    # Atom wants one xhtml <div> in the content; the prefix goes inside it.
    container = next((c for c in element if c.tag == _X + "div"), element)
    paragraph = ET.Element(_X + "p", {"class": "disclosure"})
    paragraph.text = settings.sentence + " "
    link = ET.SubElement(paragraph, _X + "a", {"href": settings.feed_page_href})
    link.text = "Disclosure"
    paragraph.tail, container.text = container.text, None
    container.insert(0, paragraph)
    return True


def disclose_field(item: Field, settings: DisclosuresSettings) -> bool:
    """Give the field's referral links rel and start it with the sentence.

    Returns whether the field changed.
    """
    if item.kind == "xhtml":
        return _disclose_xhtml(item.element, settings)
    original = item.element.text or ""
    text = original
    if item.kind == "html":
        scan = scan_html(text, rules=settings.rules, marker="")
        text = item.element.text = apply_edits(text, rel_edits(scan))
        if not starts_with_sentence(item, settings.sentence):
            text = _prefix_html(settings) + text
    elif not starts_with_sentence(item, settings.sentence):
        prefix = f"{settings.sentence} Disclosure: {settings.feed_page_href}"
        text = f"{prefix}\n\n{text}"
    item.element.text = text
    return text != original


def _add_summary(entry: Entry, flavour: str) -> None:
    if flavour == "atom":
        element = ET.SubElement(entry.element, _A + "summary", {"type": "html"})
        entry.fields.append(Field(element, "html"))
    else:
        entry.fields.append(Field(ET.SubElement(entry.element, "description"), "html"))


def _unqualify(root: ET.Element, uri: str) -> bool:
    """Write ``uri`` as the default namespace (ElementTree's own option
    refuses documents with unqualified attributes, which Atom has)."""
    if any(isinstance(el.tag, str) and el.tag[:1] != "{" for el in root.iter()):
        return False  # an element outside any namespace: keep prefixes
    prefix = f"{{{uri}}}"
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix) :]
    root.set("xmlns", uri)
    return True


def serialise(original: str, root: ET.Element) -> str:
    """The rewritten feed, keeping the original prolog and trailing space."""
    start = _ROOT_START_RE.search(original)
    prolog = original[: start.start()] if start else ""
    trailing = original[len(original.rstrip()) :]
    if isinstance(root.tag, str) and root.tag.startswith(_A):
        _unqualify(root, ATOM_NS)
    return prolog + ET.tostring(root, encoding="unicode") + trailing


def disclose_feed(text: str, *, settings: DisclosuresSettings) -> str:
    """The feed with every referral-carrying entry disclosed (same text if none)."""
    try:
        feed = parse_feed(text)
    except FeedSyntaxError:
        return text  # the check reports it, with the parser's message
    if feed is None:
        return text
    changed = False
    for entry in feed.entries:
        if entry_needs_field(entry, settings):
            _add_summary(entry, feed.flavour)
            changed = True
        for item in fields_to_disclose(entry, settings):
            changed = disclose_field(item, settings) or changed
    return serialise(text, feed.root) if changed else text
