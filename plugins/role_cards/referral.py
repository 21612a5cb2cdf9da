"""Referral links: validating the URLs a source hands us and adding our code.

Every job or apply URL that reaches a page passes ``validate_target`` first:
https only, no userinfo, no odd port, and a host that is exactly one of the
source's allowed hosts. What comes out is a normalised string (ASCII host,
percent-encoded path and query), so the URL we checked is the URL we link to.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

ALL_JOBS_URL = "https://refer.micro1.ai/referral/jobs"

# The parameters micro1's own "share this job" links carry, in their order.
UTM_PARAMS = (
    ("utm_source", "referral"),
    ("utm_medium", "share"),
    ("utm_campaign", "job_referral"),
)

MAX_URL_LENGTH = 2048

_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I
)
# Browsers silently drop tabs and newlines inside URLs ("java\nscript:") and
# read a backslash as a slash ("https://good\\@evil"), so none may appear.
_FORBIDDEN = re.compile(r"[\s\\\x00-\x1f\x7f-\x9f]")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Characters left as they are when re-encoding a path or a query.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/?%:@!$&'()*+,;=-._~"
# What separates key=value pairs in a query, or in the query-like part of a
# fragment that single-page apps read ("#/post/1?referralCode=...").
_PAIR_SEPARATORS = re.compile(r"[&;]")
# Characters ignored when comparing parameter names, so "referral_code",
# "Referral-Code" and "referralcode" are one name.
_NAME_JUNK = re.compile(r"[^0-9a-z]+")


class UnsafeURL(ValueError):  # noqa: N818 (name fixed by the roles contract)
    """A URL that must not be linked to; the message says why."""


def validate_target(url: str, allowed_hosts: Iterable[str]) -> str:
    """Return ``url`` normalised if it is an https URL on an allowed host."""
    if not isinstance(url, str):
        raise UnsafeURL(f"not a URL (got {type(url).__name__})")
    url = url.strip(" ")  # sloppy payloads pad with spaces; nothing else is trimmed
    if not url:
        raise UnsafeURL("empty URL")
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURL(f"URL longer than {MAX_URL_LENGTH} characters")
    if _FORBIDDEN.search(url):
        raise UnsafeURL("URL contains whitespace, control characters or a backslash")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. "https://[bad" or NFKC tricks in the host
        raise UnsafeURL(f"URL does not parse: {exc}") from exc
    if parts.scheme.lower() != "https":
        raise UnsafeURL(f"scheme is {parts.scheme or 'missing'!r}, not 'https'")
    if not parts.netloc:
        raise UnsafeURL("URL has no host")
    if "@" in parts.netloc:
        raise UnsafeURL("URL carries a user name or password")
    _check_port(parts)
    host = normalise_host(parts.hostname or "")
    allowed = {normalise_host(h) for h in allowed_hosts}
    if host not in allowed:
        names = ", ".join(sorted(allowed)) or "none configured"
        raise UnsafeURL(f"host {host!r} is not an allowed host ({names})")
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    query = quote(parts.query, safe=_QUERY_SAFE)
    fragment = quote(parts.fragment, safe=_QUERY_SAFE)
    return urlunsplit(("https", host, path, query, fragment))


def _check_port(parts: SplitResult) -> None:
    try:
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL("URL has an invalid port") from exc
    if port not in (None, 443):
        raise UnsafeURL(f"URL uses port {port}; only the https default is allowed")


@functools.lru_cache(maxsize=256)  # a few hosts, asked for once per URL
def normalise_host(host: str) -> str:
    """Lower-case, IDNA (punycode) form, without a trailing dot.

    A host that cannot be encoded comes back unchanged, so it can never equal
    an allowlist entry by accident.
    """
    host = host.strip().lower().rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
    labels = ascii_host.split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return host
    return ascii_host


def is_valid_code(code: object) -> bool:
    """True for a referral code in micro1's form: a UUID, hyphenated."""
    return isinstance(code, str) and _UUID.fullmatch(code) is not None


def referral_url(target: str, code: str) -> str:
    """``target`` with our referral code and UTM parameters.

    The target's own query is kept; any referral code or utm_* it carries, in
    the query or in the fragment, under any spelling, is dropped first so ours
    is the only one (a duplicate key would leave the choice to micro1's
    parser, and a single-page app reads the fragment's).
    """
    if not is_valid_code(code):
        raise ValueError(f"referral code {code!r} is not a UUID")
    parts = urlsplit(target)
    kept = [p for p in _PAIR_SEPARATORS.split(parts.query) if p and not _is_ours(p)]
    ours = [f"referralCode={code.lower()}"] + [f"{k}={v}" for k, v in UTM_PARAMS]
    return urlunsplit(
        parts._replace(
            query="&".join(kept + ours), fragment=_without_codes(parts.fragment)
        )
    )


def _without_codes(fragment: str) -> str:
    """The fragment with every referral code and utm_* pair taken out."""
    head, sep, query = fragment.partition("?")
    if not sep:
        if "=" not in head:
            return head
        head, query = "", head  # "#referralCode=...": the fragment is a query
    kept = [p for p in _PAIR_SEPARATORS.split(query) if p and not _is_ours(p)]
    return head + ("?" + "&".join(kept) if kept else "")


def _param_name(pair: str) -> str:
    """A pair's name as a server may read it: decoded (twice over), folded."""
    name = pair.split("=", 1)[0].replace("+", " ")
    for _ in range(3):
        decoded = unquote(name)
        if decoded == name:
            break
        name = decoded
    return unicodedata.normalize("NFKC", name).casefold().strip()


def is_referral_param(pair: str) -> bool:
    """True when a ``key=value`` pair names a referral code, in any spelling."""
    return _NAME_JUNK.sub("", _param_name(pair)) == "referralcode"


def _is_ours(pair: str) -> bool:
    return is_referral_param(pair) or _param_name(pair).startswith("utm_")


def carries_referral_code(url: str) -> bool:
    """True when the query or the fragment of ``url`` names a referral code."""
    try:
        parts = urlsplit(url)
    except ValueError:
        _, _, rest = url.partition("?")
        return any(is_referral_param(p) for p in re.split(r"[&;#?/]", rest))
    pairs = [
        *_PAIR_SEPARATORS.split(parts.query),
        *re.split(r"[&;?/#]", parts.fragment),
    ]
    return any(is_referral_param(p) for p in pairs if p)


def all_jobs_url(code: str) -> str:
    """The referral link to micro1's list of all open jobs."""
    return referral_url(ALL_JOBS_URL, code)
