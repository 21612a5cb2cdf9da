"""Making remote text safe: plain text cleaned, description HTML sanitised.

Two kinds of output and nothing in between. ``clean_text`` returns TEXT: a
``<b>`` in a job title stays the four characters ``<b>`` and the templates
escape it. ``sanitize_html`` returns HTML that nh3 (ammonia) has rebuilt from
an allowlist, with links restricted to absolute https URLs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from .referral import carries_referral_code

ELLIPSIS = "\u2026"
DESCRIPTION_MAX_CHARS = 30_000

# Characters that are never wanted in text we show, even where Unicode files
# them under "format" for good reasons elsewhere: bidi overrides, embeddings
# and isolates reorder what a reader sees (a title can be made to read
# backwards); zero-width characters hide inside words and defeat matching.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/joiners, LRM/RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u061c\ufeff\u00ad\u180e"  # Arabic letter mark, BOM, soft hyphen, MVS
)
# Besides those, whole Unicode categories go: controls (Cc), other format
# characters (Cf, e.g. tag characters) and lone surrogates (Cs), which JSON
# can smuggle in and which cannot be written as UTF-8.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "div", "span", "ul", "ol", "li", "dl", "dt", "dd",
        "strong", "em", "b", "i", "u", "s", "sub", "sup", "a",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# Tags removed together with everything inside them (not just unwrapped).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed",
        "svg", "math", "textarea", "select", "button", "form", "title", "head",
    }
)  # fmt: skip
# Links inside a description are the employer's, not ours: we do not vouch for
# them (nofollow, and ugc: content we did not write), and a new page must not
# get a handle on ours or learn where the reader came from (noopener,
# noreferrer).
LINK_REL = "nofollow noopener noreferrer ugc"

_BLOCK_TAGS = ALLOWED_TAGS - {
    "span",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "code",
}

# Description headings sit under the role page's own h1/h2, never beside them.
_HEADING_MAP = {"h1": "h3", "h2": "h3", "h6": "h5"}
_HEADING_TAG = re.compile(r"<(/?)(h1|h2|h6)>")


def clean_text(value: object, *, max_len: int) -> str:
    """Plain, single-line text: invisible characters gone, whitespace collapsed,
    at most ``max_len`` characters (cut on a word boundary, with an ellipsis).

    ``None`` is empty text; numbers become their decimal form; anything else
    that is not a string is a programming error upstream (TypeError).
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"expected text, got {type(value).__name__}")
    text = " ".join(unicodedata.normalize("NFC", strip_invisible(str(value))).split())
    return truncate(text, max_len=max_len)


# ASCII's share of what _visible drops: the C0 controls that are not
# whitespace, and DEL. (ASCII has no format characters.)
_ASCII_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def strip_invisible(text: str) -> str:
    """``text`` without the characters ``_visible`` refuses.

    Most text is ASCII, or holds a handful of distinct other characters:
    each distinct character is judged once, not each occurrence.
    """
    if text.isascii():
        return _ASCII_INVISIBLE.sub("", text)
    dropped = {ch for ch in set(text) if not _visible(ch)}
    if not dropped:
        return text
    return "".join(ch for ch in text if ch not in dropped)


def _visible(ch: str) -> bool:
    if ch.isspace():  # kept here, collapsed to one space afterwards
        return True
    return ch not in _INVISIBLE and unicodedata.category(ch) not in _DROPPED_CATEGORIES


def truncate(text: str, *, max_len: int) -> str:
    """``text`` cut to at most ``max_len`` characters on a word boundary."""
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    if len(text) <= max_len:
        return text
    cut = text[: max_len - 1]
    space = cut.rfind(" ")
    # A single very long word is cut mid-word rather than dropped entirely.
    if space > max_len // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013\u2014") + ELLIPSIS


def is_safe_href(value: str) -> bool:
    """True for an absolute https URL with a host, no userinfo, no referral code.

    nh3's scheme allowlist lets relative and protocol-relative URLs through
    (``//evil.example``), so the host has to be checked here. Links carrying a
    referral code (in the query or the fragment, however it is spelled) are
    someone else's referral links: the only referral links on our pages are
    the ones we build and disclose.
    """
    if any(ch.isspace() or ch == "\\" or ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() != "https" or not parts.hostname or "@" in parts.netloc:
        return False
    return not carries_referral_code(value)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Must never raise: nh3 reports callback errors through sys.unraisablehook.
    if tag == "a" and attribute == "href":
        return value if is_safe_href(value) else None
    return value


def sanitize_html(raw: object, *, max_len: int = DESCRIPTION_MAX_CHARS) -> str:
    """Description HTML rebuilt from an allowlist; at most about ``max_len`` chars."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise TypeError(f"expected HTML text, got {type(raw).__name__}")
    cleaned = _clean(strip_invisible(raw))
    if len(cleaned) > max_len:
        # Cut between tags or words, then let the sanitiser close what is open.
        cleaned = _clean(_cut_html(cleaned, max_len) + ELLIPSIS)
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}{_HEADING_MAP[m[2]]}>", cleaned).strip()


def _clean(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}},
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes={"https"},
        url_relative="deny",
    )


def _cut_html(markup: str, max_len: int) -> str:
    """A prefix of sanitised markup that ends outside any tag and entity."""
    head = markup[:max_len]
    cut = max(head.rfind(" "), head.rfind(">") + 1)
    head = head[:cut] if cut > 0 else head
    # Inside a tag? Back up to its start. nh3's output escapes every "<" in
    # text, so a "<" after the last ">" opens a tag.
    if head.rfind("<") > head.rfind(">"):
        head = head[: head.rfind("<")]
    # Entities never contain spaces or ">", so one can only be split when the
    # fallback above kept a whole space-less run; drop a dangling "&...".
    amp = head.rfind("&")
    if amp > head.rfind(";"):
        head = head[:amp]
    return head


def html_to_text(raw: object, *, max_len: int = DESCRIPTION_MAX_CHARS) -> str:
    """The plain text of an HTML fragment, words separated, cleaned."""
    if not raw:
        return ""
    if not isinstance(raw, str):
        raise TypeError(f"expected HTML text, got {type(raw).__name__}")
    reader = _TextReader()
    reader.feed(raw)
    reader.close()
    return clean_text("".join(reader.parts), max_len=max_len)


# A tag as nh3 writes one: lower-case name, double-quoted attribute values
# (a '"' inside is written &quot;), every '<' of text escaped as &lt;.
_SANITISED_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)(?:\s+[a-z-]+="[^"]*")*\s*/?>')


def sanitised_text(markup: str, *, max_len: int = DESCRIPTION_MAX_CHARS) -> str:
    """``html_to_text`` of ``sanitize_html``'s output, read without a parser.

    Sanitised markup holds only allowed tags (none dropped with its content)
    written in one form, so a pattern finds every tag; markup of another
    form, or another tag, goes to the parser instead.
    """
    texts: list[str] = []
    at = 0
    for tag in _SANITISED_TAG.finditer(markup):
        if tag[2] not in ALLOWED_TAGS:
            return html_to_text(markup, max_len=max_len)
        texts.append(markup[at : tag.start()])
        texts.append(" " if tag[2] in _BLOCK_TAGS else "")
        at = tag.end()
    texts.append(markup[at:])
    if any("<" in text for text in texts):
        return html_to_text(markup, max_len=max_len)
    return clean_text("".join(map(html.unescape, texts)), max_len=max_len)


# Elements with no end tag: they never open a dropped stretch.
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
     "source", "track", "wbr"}
)  # fmt: skip


class _TextReader(HTMLParser):
    """Text nodes in order; dropped elements' content left out; a space on
    each side of a block ("<b>x</b>." stays "x.", "<p>a</p><p>b</p>" is "a b").

    The standard library's tokenizer alone: a parse tree (BeautifulSoup) cost
    most of a build's snapshot check, which reads every stored description.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped = 0  # depth inside elements dropped with their content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT and tag not in _VOID_TAGS:
            self.dropped += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT and tag not in _VOID_TAGS:
            self.dropped = max(0, self.dropped - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.dropped:
            self.parts.append(data)


def unescape_html(raw: str) -> str:
    """HTML that arrived entity-escaped (``&lt;p&gt;``), as markup again."""
    return html.unescape(raw)
