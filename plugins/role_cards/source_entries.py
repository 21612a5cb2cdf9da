"""ROLE_CARDS_SOURCES: what one source entry is, and how an entry is checked.

Each entry names its source, kind and URL, plus the options its kind takes
(pages, filters, hosts, details, listing). A bad entry raises SettingsError
naming the key (``ROLE_CARDS_SOURCES[2].kind``) and the fix; the build
stops there. ``settings.py`` merges the rest of the ROLE_CARDS_* keys.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# Hosts a source's job and apply URLs may point at, per kind. A source entry
# can narrow or replace this with "apply_hosts".
DEFAULT_APPLY_HOSTS: dict[str, tuple[str, ...]] = {
    "micro1": ("jobs.micro1.ai", "refer.micro1.ai"),
    "greenhouse": ("boards.greenhouse.io", "job-boards.greenhouse.io"),
    "lever": ("jobs.lever.co", "jobs.eu.lever.co"),
    "ashby": ("jobs.ashbyhq.com",),
    "jsonld": (),  # must be given per source
}

SOURCE_KINDS = tuple(DEFAULT_APPLY_HOSTS)

SOURCE_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOST_RE = re.compile(
    r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$"
)
SOURCE_KEYS = (
    "name",
    "kind",
    "url",
    "urls",
    "apply_hosts",
    "referral",
    "company",
    "filters",
    "page_limit",
    "max_pages",
    "details",
    "listing",
)
# micro1's two list endpoints: the portal's POST, and the GET referral list
# (``.../api/v1/job/portal/referral/<referralCode>/jobs``).
MICRO1_LISTINGS = ("portal", "referral")


class SettingsError(ValueError):
    """A ROLE_CARDS_* or REFERRAL_CODE value is unusable; the message names the key."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One entry of ROLE_CARDS_SOURCES."""

    name: str  # [a-z0-9-]+; also the snapshot file name data/roles/<name>.json
    kind: str  # one of SOURCE_KINDS
    url: str  # endpoint (micro1, greenhouse, lever, ashby) or first page (jsonld)
    urls: tuple[str, ...] = ()  # jsonld: every page to read (url included)
    apply_hosts: tuple[str, ...] = ()  # allowlist for job and apply URLs
    referral: bool = False  # add referralCode and UTM parameters (micro1 only)
    company: str = ""  # company name for boards whose jobs do not carry one
    filters: dict[str, list[str]] = field(default_factory=dict)  # micro1 filters
    page_limit: int = 100  # micro1 page size
    max_pages: int = 50  # micro1 paging stops here, whatever the server says
    details: bool = False  # micro1: fetch each job's details (on by default)
    listing: str = "portal"  # micro1: which list endpoint (MICRO1_LISTINGS)


def fail(key: str, problem: str) -> SettingsError:
    return SettingsError(f"role_cards: {key}: {problem}")


def check_bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail(key, f"expected True or False, got {value!r}")
    return value


def check_sources(value: Any) -> tuple[SourceConfig, ...]:
    key = "ROLE_CARDS_SOURCES"
    if not isinstance(value, list | tuple):
        raise fail(key, f"expected a list of source dicts, got {type(value).__name__}")
    sources: list[SourceConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(value):
        source = _check_source(f"{key}[{index}]", entry)
        if source.name in seen:
            raise fail(
                f"{key}[{index}].name",
                f"duplicate name {source.name!r} (also {key}[{seen[source.name]}]); "
                "each source needs its own name: it names its snapshot file",
            )
        seen[source.name] = index
        sources.append(source)
    return tuple(sources)


def _check_source(where: str, entry: Any) -> SourceConfig:
    if not isinstance(entry, Mapping):
        raise fail(where, f"expected a dict with name, kind and url, got {entry!r}")
    for key in entry:
        if key not in SOURCE_KEYS:
            close = difflib.get_close_matches(str(key), SOURCE_KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise fail(
                f"{where}.{key}",
                f"unknown key {key!r}; {hint}allowed: {', '.join(SOURCE_KEYS)}",
            )
    for key in ("name", "kind", "url"):
        if key not in entry:
            raise fail(f"{where}.{key}", "missing; every source needs name, kind, url")
    name = _check_name(f"{where}.name", entry["name"])
    kind = entry["kind"]
    if kind not in SOURCE_KINDS:
        raise fail(
            f"{where}.kind",
            f"unknown kind {kind!r}; use one of {', '.join(SOURCE_KINDS)}",
        )
    url = _check_url(f"{where}.url", entry["url"])
    return SourceConfig(
        name=name,
        kind=kind,
        url=url,
        urls=_check_urls(where, kind, url, entry.get("urls")),
        apply_hosts=_check_hosts(where, kind, entry.get("apply_hosts")),
        referral=check_bool(
            f"{where}.referral", entry.get("referral", kind == "micro1")
        ),
        company=_check_text(f"{where}.company", entry.get("company", "")),
        filters=_check_filters(f"{where}.filters", entry.get("filters", {})),
        page_limit=_check_count(f"{where}.page_limit", entry.get("page_limit", 100)),
        max_pages=_check_count(f"{where}.max_pages", entry.get("max_pages", 50)),
        details=_check_details(where, kind, entry.get("details", kind == "micro1")),
        listing=_check_listing(where, kind, entry.get("listing", "portal")),
    )


def _check_listing(where: str, kind: str, value: Any) -> str:
    if value not in MICRO1_LISTINGS:
        raise fail(
            f"{where}.listing",
            f"{value!r} is not a micro1 list; use one of {', '.join(MICRO1_LISTINGS)}",
        )
    if value != "portal" and kind != "micro1":
        raise fail(f"{where}.listing", f"{kind} sources have one list; remove the key")
    return str(value)


def _check_details(where: str, kind: str, value: Any) -> bool:
    details = check_bool(f"{where}.details", value)
    if details and kind != "micro1":
        raise fail(
            f"{where}.details",
            f"job details are fetched for micro1 sources only, not {kind!r}; "
            "remove the key",
        )
    return details


def _check_name(key: str, value: Any) -> str:
    if not isinstance(value, str) or not SOURCE_NAME_RE.match(value):
        raise fail(
            key,
            f"{value!r} is not a usable name; use lower-case letters, digits and "
            "hyphens, e.g. 'micro1' or 'acme-greenhouse' (it names the snapshot "
            "file data/roles/<name>.json)",
        )
    return value


def _check_url(key: str, value: Any) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc
        or any(ch.isspace() for ch in value)
    ):
        raise fail(key, f"{value!r} is not an http(s) URL like https://host/path")
    return str(value)


def _check_urls(where: str, kind: str, url: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return (url,) if kind == "jsonld" else ()
    if kind != "jsonld":
        raise fail(
            f"{where}.urls", f"only jsonld sources read several pages, not {kind}"
        )
    if not isinstance(value, list | tuple) or not value:
        raise fail(f"{where}.urls", f"expected a non-empty list of URLs, got {value!r}")
    urls = [_check_url(f"{where}.urls[{i}]", item) for i, item in enumerate(value)]
    if url not in urls:
        urls.insert(0, url)
    return tuple(dict.fromkeys(urls))


def _check_hosts(where: str, kind: str, value: Any) -> tuple[str, ...]:
    key = f"{where}.apply_hosts"
    if value is None:
        hosts = DEFAULT_APPLY_HOSTS[kind]
        if not hosts:
            raise fail(
                key,
                f"a {kind} source must list the hosts its job and apply URLs may use, "
                "e.g. ['careers.example.com']",
            )
        return hosts
    if not isinstance(value, list | tuple) or not value:
        raise fail(key, f"expected a non-empty list of host names, got {value!r}")
    for i, host in enumerate(value):
        if not isinstance(host, str) or not HOST_RE.match(host):
            raise fail(
                f"{key}[{i}]",
                f"{host!r} is not a host name; write it bare and lower-case, "
                "e.g. 'jobs.micro1.ai' (no scheme, port or path)",
            )
    return tuple(value)


def _check_text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise fail(key, f"expected a string, got {value!r}")
    return value.strip()


def _check_filters(key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        raise fail(
            key, f"expected a dict of lists, e.g. {{'type': ['EXPERT']}}, got {value!r}"
        )
    filters: dict[str, list[str]] = {}
    for name, items in value.items():
        ok = isinstance(items, list | tuple) and all(isinstance(i, str) for i in items)
        if not isinstance(name, str) or not ok:
            raise fail(f"{key}.{name}", f"expected a list of strings, got {items!r}")
        filters[name] = list(items)
    return filters


def _check_count(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise fail(key, f"expected a whole number from 1 to 1000, got {value!r}")
    return value
