"""HTML pages: find referral links, disclosure boxes and markers; splice edits.

The scanner is a stdlib ``HTMLParser`` that records source offsets, so edits
(a ``rel`` on a link, the box after the marker) are spliced into the original
text and the rest of the page stays byte-identical. Re-serialising through a
tree (BeautifulSoup) would reformat markup the theme chose.

The ``<!--rmtly:disclosure-->`` marker is never removed: pages without a
referral link stay byte-identical, and on the others the box follows it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .rules import Rule, is_referral_url, prefilter_for

REQUIRED_REL = ("sponsored", "noopener")
LINK_TAGS = frozenset({"a", "area"})
# Elements that send the reader to a URL without an href: a form submits to
# its action, a submit button (or input) to its formaction. Only <form> may
# carry rel; the others get the disclosure but no rel.
FORM_TARGETS = {"form": "action", "button": "formaction", "input": "formaction"}
LANDMARKS = frozenset({"main", "header", "footer", "nav"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"source", "track", "wbr"}
)
# Start tags that end an open <p> (HTML's implied </p>), so a box after an
# unclosed paragraph is not taken to be inside it.
CLOSES_P = frozenset(
    {"address", "article", "aside", "blockquote", "details", "dialog", "div"}
    | {"dl", "fieldset", "figcaption", "figure", "footer", "form", "header"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "main", "menu", "nav", "ol"}
    | {"p", "pre", "section", "table", "ul"}
)
_STYLE_HIDES = ("display:none", "visibility:hidden", "visibility:collapse")
TAG_NAME_RE = re.compile(r"<[^\s/>]+")
ATTR_RE = re.compile(
    r"""[\s/]*(?P<name>[^\s/>][^\s/=>]*)"""
    r"""(?:\s*=\s*(?P<value>'[^']*'|"[^"]*"|(?!['"])[^>\s]*))?"""
)


@dataclass(frozen=True)
class Link:
    """A referral link: its start tag's place in the text and its attributes."""

    offset: int
    tag_text: str
    href: str
    rel: str | None
    in_main: bool
    region: str
    tag: str = "a"

    @property
    def takes_rel(self) -> bool:
        return self.tag in LINK_TAGS or self.tag == "form"

    @property
    def rel_tokens(self) -> set[str]:
        return {token.lower() for token in (self.rel or "").split()}

    @property
    def missing_rel(self) -> list[str]:
        if not self.takes_rel:
            return []
        return [token for token in REQUIRED_REL if token not in self.rel_tokens]


@dataclass(frozen=True)
class Box:
    """An element carrying ``data-disclosure``."""

    offset: int
    tag: str
    in_main: bool
    hidden: str | None
    region: str


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    in_main: bool
    hidden: str | None


@dataclass
class Scan:
    links: list[Link] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    main_open_end: int | None = None
    is_document: bool = False

    def first_visible_box(self) -> Box | None:
        return next((b for b in self.boxes if b.in_main and not b.hidden), None)


@dataclass(slots=True)
class _Open:
    tag: str
    hidden: str | None
    hidden_above: str | None
    own_hiding: str | None
    in_main: bool
    region: str

    @property
    def place(self) -> tuple[bool, str]:
        return self.in_main, self.region


_ROOT = _Open("", None, None, None, False, "")
# Tags whose state differs from their parent's even without attributes.
_STATEFUL_TAGS = LANDMARKS | {"template", "noscript", "details", "dialog", "summary"}
_LIST_ITEMS = frozenset({"li", "dt", "dd"})
_RECORDED_TAGS = frozenset({"html", "body", "main"})


def _own_hiding(tag: str, attrs: dict[str, str]) -> str | None:
    """Why this element hides itself and its content, if it does."""
    if "hidden" in attrs:
        return f"<{tag} hidden>"
    if attrs.get("aria-hidden", "").strip().lower() == "true":
        return f'<{tag} aria-hidden="true">'
    style = "".join(attrs.get("style", "").lower().split())
    for hiding in _STYLE_HIDES:
        if hiding in style:
            return f'<{tag} style="{hiding}">'
    if tag in ("template", "noscript"):
        return f"inside <{tag}>"
    if tag in ("details", "dialog") and "open" not in attrs:
        return f"inside a closed <{tag}>"
    return None


class _Scanner(HTMLParser):
    def __init__(self, text: str, *, rules: Sequence[Rule], marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self._text = text
        self._rules = rules
        self._prefilter = prefilter_for(tuple(rules))
        self._marker = marker
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._stack: list[_Open] = []
        self.scan = Scan()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _close(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                del self._stack[index:]
                return

    def _implied_closes(self, tag: str) -> None:
        if tag in CLOSES_P and self._stack and self._stack[-1].tag == "p":
            self._stack.pop()
        elif tag == "li" or tag in ("dt", "dd"):
            siblings = ("li",) if tag == "li" else ("dt", "dd")
            lists = ("ul", "ol", "menu") if tag == "li" else ("dl",)
            for index in range(len(self._stack) - 1, -1, -1):
                open_tag = self._stack[index].tag
                if open_tag in lists:
                    break
                if open_tag in siblings:
                    del self._stack[index:]
                    break

    def _push(self, tag: str, attrs: dict[str, str]) -> _Open:
        parent = self._stack[-1] if self._stack else _ROOT
        if not attrs and tag not in _STATEFUL_TAGS:
            # The common case (<p>, <em>, <li>...): inherit everything.
            element = _Open(tag, parent.hidden, parent.hidden, None, *parent.place)
        else:
            above = parent.hidden
            if parent.tag == "details" and tag == "summary":
                # A closed <details> still shows its <summary>.
                above = parent.hidden_above if parent.own_hiding else parent.hidden
            own = _own_hiding(tag, attrs)
            in_main = tag == "main" or parent.in_main
            region = tag if tag in LANDMARKS else parent.region
            element = _Open(tag, above or own, above, own, in_main, region)
        if tag not in VOID_TAGS:
            self._stack.append(element)
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if tag in CLOSES_P or tag in _LIST_ITEMS:
            self._implied_closes(tag)
        element = self._push(tag, values)
        if not values and tag not in _RECORDED_TAGS:
            return
        scan = self.scan
        if tag in ("html", "body"):
            scan.is_document = True
        elif tag == "main" and scan.main_open_end is None:
            scan.main_open_end = self._offset() + len(self.get_starttag_text() or "")
        if "data-disclosure" in values:
            scan.boxes.append(
                Box(
                    self._offset(), tag, element.in_main, element.hidden, element.region
                )
            )
        attribute = "href" if tag in LINK_TAGS else FORM_TARGETS.get(tag, "")
        if attribute and attribute in values:
            href = values[attribute]
            if attribute == "href":
                scan.hrefs.append(href)
            if self._prefilter.may_be_referral_url(href) and is_referral_url(
                href, self._rules
            ):
                scan.links.append(
                    Link(
                        offset=self._offset(),
                        tag_text=self.get_starttag_text() or "",
                        href=href,
                        rel=values.get("rel"),
                        in_main=element.in_main,
                        region=element.region,
                        tag=tag,
                    )
                )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<div/>" opens a div in HTML: the slash means nothing on non-void tags.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)

    def handle_comment(self, data: str) -> None:
        if data.strip() != self._marker:
            return
        start = self._offset()
        end = self._text.find(">", start + 4 + len(data)) + 1
        parent = self._stack[-1] if self._stack else None
        self.scan.markers.append(
            Marker(
                start,
                end,
                bool(parent and parent.in_main),
                parent.hidden if parent else None,
            )
        )


def scan_html(text: str, *, rules: Sequence[Rule], marker: str) -> Scan:
    """Referral links, disclosure boxes, markers and hrefs of an HTML text."""
    scanner = _Scanner(text, rules=rules, marker=marker)
    scanner.feed(text)
    scanner.close()
    return scanner.scan


def with_rel(tag_text: str, missing: Sequence[str]) -> str:
    """The start tag with the missing rel tokens added, all else unchanged."""
    added = " ".join(missing)
    name = TAG_NAME_RE.match(tag_text)
    position = name.end() if name else 0
    while True:
        attr = ATTR_RE.match(tag_text, position)
        if attr is None or attr.end() == position:
            break
        if attr.group("name").lower() == "rel":
            value = attr.group("value")
            if value is None or value in ('""', "''", ""):
                start, end = attr.start("name"), attr.end()
                return f'{tag_text[:start]}rel="{added}"{tag_text[end:]}'
            start, end = attr.span("value")
            if value[0] in "\"'":
                inner = value[1:-1]
                sep = "" if not inner or inner[-1].isspace() else " "
                new_value = f"{value[0]}{inner}{sep}{added}{value[0]}"
            else:
                new_value = f'"{value} {added}"'
            return tag_text[:start] + new_value + tag_text[end:]
        position = attr.end()
    # No rel yet: put it right after the tag name, where no unquoted value
    # ("href=x/>") can swallow it.
    cut = name.end() if name else 0
    return f'{tag_text[:cut]} rel="{added}"{tag_text[cut:]}'


Edit = tuple[int, int, str]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Replace each (start, end) span with its text; spans must not overlap."""
    pieces, position = [], 0
    for start, end, replacement in sorted(edits):
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def rel_edits(scan: Scan) -> list[Edit]:
    """Edits giving every referral link rel="sponsored noopener" (merged)."""
    return [
        (link.offset, link.offset + len(link.tag_text), with_rel(link.tag_text, miss))
        for link in scan.links
        if (miss := link.missing_rel)
    ]


def box_position(scan: Scan) -> int | None:
    """Where the box goes, or None when it is there already (or cannot go)."""
    if not scan.links:
        return None
    first = scan.links[0].offset
    box = scan.first_visible_box()
    if box is not None and box.offset < first:
        return None
    # Only a visible marker inside <main> qualifies: a box anywhere else
    # would not count as a disclosure.
    for marker in scan.markers:
        if marker.in_main and not marker.hidden and marker.start < first:
            return marker.end
    return scan.main_open_end


def disclose_scanned(text: str, scan: Scan, *, box: str) -> str:
    """Apply rel and box edits found by ``scan`` (of ``text``) to ``text``."""
    if not scan.links:
        return text
    edits = rel_edits(scan)
    position = box_position(scan)
    if position is not None:
        edits.append((position, position, box))
    return apply_edits(text, edits) if edits else text


def disclose_page(text: str, *, rules: Sequence[Rule], marker: str, box: str) -> str:
    """The page with rel on its referral links and the box before the first."""
    return disclose_scanned(text, scan_html(text, rules=rules, marker=marker), box=box)


def line_of(text: str, offset: int) -> int:
    """1-based line number of an offset (for messages)."""
    return text.count("\n", 0, offset) + 1
