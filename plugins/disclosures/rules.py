"""Which URLs are referral links: the rule model and the matching.

A rule is either a query parameter name (matched ignoring case, after the
percent-decoding a server applies, in the query or anywhere in the fragment,
where single-page apps read it) or a host (matched exactly, ignoring case,
port, userinfo and a trailing dot). URLs are read the way a browser reads an
``href``: surrounding whitespace and embedded tabs/newlines dropped,
backslashes taken as slashes for web URLs. Over-matching only costs a
``rel`` and a disclosure; under-matching publishes an undisclosed link, so
every doubt resolves towards "referral".
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

RuleKind = Literal["query_param", "host"]

# Schemes whose URLs browsers parse with "\" as "/" (WHATWG "special" schemes).
_SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Dots that IDNA mapping turns into "." (ideographic and fullwidth forms).
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_TABS_NEWLINES = str.maketrans({"\t": None, "\n": None, "\r": None})
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Rule:
    """One way of recognising a referral URL."""

    kind: RuleKind
    value: str

    @property
    def token(self) -> str:
        """Lower-case text that any matching URL spells out (prefilter)."""
        return self.value.lower()

    def describe(self) -> str:
        if self.kind == "host":
            return f"host {self.value}"
        return f"query parameter {self.value}"


# The defaults of DISCLOSURES_RULES: micro1's referral parameter and portal.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("query_param", "referralCode"),
    Rule("host", "refer.micro1.ai"),
)


def normalise_host(host: str) -> str:
    """Host as a browser resolves it: decoded, NFKC-folded, lower case, no end dot."""
    host = unicodedata.normalize("NFKC", unquote(host)).translate(_DOTS)
    return host.lower().rstrip(".")


def clean_url(url: str) -> str:
    """Strip what browsers strip from an href before parsing it."""
    url = url.strip(_C0_AND_SPACE).translate(_TABS_NEWLINES)
    match = _SCHEME_RE.match(url)
    if match is None or match.group(1).lower() in _SPECIAL_SCHEMES:
        # Only the part before the query: a "\" in a query value stays literal.
        head, sep, tail = url.partition("?")
        head, hsep, fragment = head.partition("#")
        url = head.replace("\\", "/") + hsep + fragment + sep + tail
    return url


def _split(url: str) -> tuple[str | None, str, str]:
    """(hostname or None, query, fragment) of a cleaned URL."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        # Malformed netloc (e.g. an unclosed IPv6 bracket): no usable host,
        # but the query can still carry a referral code.
        before_fragment, _, fragment = url.partition("#")
        return None, before_fragment.partition("?")[2], fragment
    return host, parts.query, parts.fragment


_FRAGMENT_PARTS = re.compile(r"[?&;/#]")


def _has_param(query: str, name: str) -> bool:
    # Skip the parse when the name cannot be there, even percent-encoded.
    folded = name.casefold()
    if folded not in query.casefold() and "%" not in query:
        return False
    pairs = parse_qsl(query.replace(";", "&"), keep_blank_values=True)
    return any(key.casefold() == folded for key, _ in pairs)


def _fragment_has_param(fragment: str, name: str) -> bool:
    """A parameter anywhere in a fragment: "#/?x=1", "#x=1", "#/a;x=1".

    Only a part with "=" counts: "#referralCode" is an anchor, not a code.
    """
    return any(
        _has_param(part, name)
        for part in _FRAGMENT_PARTS.split(fragment)
        if "=" in part
    )


def matching_rule(url: str, rules: Sequence[Rule] = DEFAULT_RULES) -> Rule | None:
    """The first rule that ``url`` matches, or None."""
    return _matching_rule(url, tuple(rules))


# A pure function of its arguments, asked again and again: a site's pages
# repeat the same few thousand links (the similar roles on every role page).
@functools.lru_cache(maxsize=16384)
def _matching_rule(url: str, rules: tuple[Rule, ...]) -> Rule | None:
    host, query, fragment = _split(clean_url(url))
    norm_host = normalise_host(host) if host else None
    for rule in rules:
        if rule.kind == "host":
            if norm_host is not None and norm_host == rule.token:
                return rule
        elif _has_param(query, rule.value) or _fragment_has_param(fragment, rule.value):
            return rule
    return None


def is_referral_url(url: str, rules: Sequence[Rule] = DEFAULT_RULES) -> bool:
    """True when ``url`` (an unescaped href value) is a referral link."""
    return matching_rule(url, rules) is not None


def _decode_for_prefilter(value: str) -> str:
    value = clean_url(html.unescape(value))
    return unicodedata.normalize("NFKC", unquote(value)).translate(_DOTS).lower()


# Every href, action and formaction value (of lower-cased text).
_HREF_RE = re.compile(r"""(?:href|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# A value that could spell a token in disguise: character references other
# than "&amp;", percent-escapes, non-ASCII, embedded tabs/newlines.
_DISGUISE_RE = re.compile(r"%|&(?!amp;)|[\t\n\r\x80-\U0010ffff]")


class Prefilter:
    """Cheap tests that rule out texts and URLs that cannot be referral links."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._tokens = tuple(rule.token for rule in rules)

    def _decoded_has_token(self, value: str) -> bool:
        decoded = _decode_for_prefilter(value)
        return any(token in decoded for token in self._tokens)

    def may_match(self, text: str) -> bool:
        """False only when no href in ``text`` can be a referral link."""
        lowered = text.lower()
        if any(token in lowered for token in self._tokens):
            return True
        for match in _HREF_RE.finditer(lowered):
            value = match.group(1) or match.group(2) or match.group(3) or ""
            if _DISGUISE_RE.search(value) and self._decoded_has_token(value):
                return True
        return False

    def may_be_referral_url(self, url: str) -> bool:
        """False only when the (unescaped) URL cannot match a rule."""
        lowered = url.lower()
        if any(token in lowered for token in self._tokens):
            return True
        return bool(_DISGUISE_RE.search(url)) and self._decoded_has_token(url)


@functools.lru_cache(maxsize=8)
def prefilter_for(rules: tuple[Rule, ...]) -> Prefilter:
    """One compiled prefilter per rule set (rules are frozen, so hashable)."""
    return Prefilter(rules)
