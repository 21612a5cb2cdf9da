"""role_cards settings: module defaults, merged with the site's, validated once.

Every key is flat and prefixed (ROLE_CARDS_...) so one can be overridden from
the command line with ``pelican -e KEY=json``. A bad value raises
SettingsError naming the key; the build stops there. Unknown ROLE_CARDS_*
keys are reported once as a warning, because a misspelt key would otherwise
be ignored in silence.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .referral import is_valid_code

logger = logging.getLogger(__name__)

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

# Defaults, merged under the site's ROLE_CARDS_* values.
DEFAULT_FETCH = False
DEFAULT_SNAPSHOT_DIR = "data/roles"
DEFAULT_REPORT_DIR = "reports"
DEFAULT_MAX_AGE_DAYS = 7
DEFAULT_CLOSED_DAYS = 30
DEFAULT_CONNECT_TIMEOUT = 5.0  # seconds
DEFAULT_READ_TIMEOUT = 20.0  # seconds between bytes, per request
DEFAULT_DEADLINE = 90.0  # seconds for everything one source does in one run
DEFAULT_REQUEST_DEADLINE = 30.0  # seconds of wall clock for one HTTP exchange
DEFAULT_MAX_ROLES = 10_000  # a source listing more is refused
DEFAULT_RETRIES = 3  # retries after the first attempt (429, 5xx, network errors)
DEFAULT_BACKOFF_BASE = 0.5  # seconds; doubles per retry, full jitter
DEFAULT_BACKOFF_MAX = 8.0  # seconds
DEFAULT_RETRY_AFTER_CAP = 30.0  # a longer Retry-After gives up at once
DEFAULT_CONCURRENCY = 3  # sources fetched at the same time
DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 3
DEFAULT_USER_AGENT = "rmtly-role-board/0.1 (+https://rmtly.org/about/)"
DEFAULT_MIN_KEEP_RATIO = 0.5  # a fetch with fewer roles than this share is refused
DEFAULT_DETAILS_MAX_AGE_DAYS = 7  # a job's details are asked again after this
DEFAULT_DETAILS_CONCURRENCY = 2  # detail requests in flight for one source
DEFAULT_BOARD_PAGE_SIZE = 48  # cards per page of the board (and of each field page)

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


@dataclass(frozen=True, slots=True)
class RoleCardsSettings:
    """Every role_cards setting, merged and validated (see load_settings)."""

    sources: tuple[SourceConfig, ...] = ()
    fetch: bool = DEFAULT_FETCH
    snapshot_dir: Path = Path(DEFAULT_SNAPSHOT_DIR)
    report_dir: Path | None = Path(DEFAULT_REPORT_DIR)
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    closed_days: int = DEFAULT_CLOSED_DAYS
    allow_samples: bool = True
    referral_code: str = ""
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    request_deadline: float = DEFAULT_REQUEST_DEADLINE
    max_roles: int = DEFAULT_MAX_ROLES
    retries: int = DEFAULT_RETRIES
    backoff_base: float = DEFAULT_BACKOFF_BASE
    backoff_max: float = DEFAULT_BACKOFF_MAX
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP
    concurrency: int = DEFAULT_CONCURRENCY
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = DEFAULT_USER_AGENT
    min_keep_ratio: float = DEFAULT_MIN_KEEP_RATIO
    details_max_age_days: int = DEFAULT_DETAILS_MAX_AGE_DAYS
    details_concurrency: int = DEFAULT_DETAILS_CONCURRENCY
    board_page_size: int = DEFAULT_BOARD_PAGE_SIZE
    page_cache: bool = True
    # Pelican's CACHE_PATH: pages and checked snapshots kept between builds.
    cache_dir: Path | None = None

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)

    def snapshot_path(self, name: str) -> Path:
        return self.snapshot_dir / f"{name}.json"


@dataclass(frozen=True, slots=True)
class _Option:
    """How one scalar ROLE_CARDS_* key maps to a RoleCardsSettings field."""

    field: str
    type: str  # "bool" | "int" | "float" | "str" | "path"
    default: Any
    minimum: float | None = None
    exclusive: bool = False  # minimum itself is not allowed
    maximum: float | None = None


OPTIONS: dict[str, _Option] = {
    "ROLE_CARDS_FETCH": _Option("fetch", "bool", DEFAULT_FETCH),
    "ROLE_CARDS_SNAPSHOT_DIR": _Option("snapshot_dir", "path", DEFAULT_SNAPSHOT_DIR),
    "ROLE_CARDS_REPORT_DIR": _Option("report_dir", "path", DEFAULT_REPORT_DIR),
    "ROLE_CARDS_MAX_AGE_DAYS": _Option("max_age_days", "int", DEFAULT_MAX_AGE_DAYS, 1),
    "ROLE_CARDS_CLOSED_DAYS": _Option("closed_days", "int", DEFAULT_CLOSED_DAYS, 0),
    "ROLE_CARDS_CONNECT_TIMEOUT": _Option(
        "connect_timeout", "float", DEFAULT_CONNECT_TIMEOUT, 0, exclusive=True
    ),
    "ROLE_CARDS_READ_TIMEOUT": _Option(
        "read_timeout", "float", DEFAULT_READ_TIMEOUT, 0, exclusive=True
    ),
    "ROLE_CARDS_DEADLINE": _Option("deadline", "float", DEFAULT_DEADLINE, 0, True),
    "ROLE_CARDS_REQUEST_DEADLINE": _Option(
        "request_deadline", "float", DEFAULT_REQUEST_DEADLINE, 0, exclusive=True
    ),
    "ROLE_CARDS_MAX_ROLES": _Option("max_roles", "int", DEFAULT_MAX_ROLES, 1),
    "ROLE_CARDS_RETRIES": _Option("retries", "int", DEFAULT_RETRIES, 0, maximum=10),
    "ROLE_CARDS_BACKOFF_BASE": _Option(
        "backoff_base", "float", DEFAULT_BACKOFF_BASE, 0
    ),
    "ROLE_CARDS_BACKOFF_MAX": _Option("backoff_max", "float", DEFAULT_BACKOFF_MAX, 0),
    "ROLE_CARDS_RETRY_AFTER_CAP": _Option(
        "retry_after_cap", "float", DEFAULT_RETRY_AFTER_CAP, 0
    ),
    "ROLE_CARDS_CONCURRENCY": _Option(
        "concurrency", "int", DEFAULT_CONCURRENCY, 1, maximum=16
    ),
    "ROLE_CARDS_MAX_RESPONSE_BYTES": _Option(
        "max_response_bytes", "int", DEFAULT_MAX_RESPONSE_BYTES, 1
    ),
    "ROLE_CARDS_MAX_REDIRECTS": _Option(
        "max_redirects", "int", DEFAULT_MAX_REDIRECTS, 0, maximum=10
    ),
    "ROLE_CARDS_USER_AGENT": _Option("user_agent", "str", DEFAULT_USER_AGENT),
    "ROLE_CARDS_MIN_KEEP_RATIO": _Option(
        "min_keep_ratio", "float", DEFAULT_MIN_KEEP_RATIO, 0, maximum=1
    ),
    "ROLE_CARDS_DETAILS_MAX_AGE_DAYS": _Option(
        "details_max_age_days", "int", DEFAULT_DETAILS_MAX_AGE_DAYS, 0, maximum=365
    ),
    "ROLE_CARDS_DETAILS_CONCURRENCY": _Option(
        "details_concurrency", "int", DEFAULT_DETAILS_CONCURRENCY, 1, maximum=8
    ),
    # Author builds (no fetch) reuse role pages whose inputs did not change.
    "ROLE_CARDS_PAGE_CACHE": _Option("page_cache", "bool", True),
    "ROLE_CARDS_BOARD_PAGE_SIZE": _Option(
        "board_page_size", "int", DEFAULT_BOARD_PAGE_SIZE, 1, maximum=500
    ),
}
# Read separately: the list of sources, and samples (default: not in a publish build).
SPECIAL_KEYS = ("ROLE_CARDS_SOURCES", "ROLE_CARDS_ALLOW_SAMPLES")
# ROLE_CARDS_* keys that other role_cards modules read (rendering); listed here
# so the typo guard below does not warn about them.
OTHER_KEYS = frozenset(
    {"ROLE_CARDS_TAG_FIELDS", "ROLE_CARDS_RELATED_LIMIT", "ROLE_CARDS_SHOW_REWARD"}
)
KNOWN_KEYS = frozenset(OPTIONS) | frozenset(SPECIAL_KEYS) | OTHER_KEYS


def load_settings(
    pelican_settings: Mapping[str, Any], *, base_dir: Path | None = None
) -> RoleCardsSettings:
    """Merge the site's ROLE_CARDS_* values over the defaults and validate them.

    Relative directories are resolved against ``base_dir`` (default: the
    current directory, where Pelican, make and invoke run: the project root).
    """
    _warn_unknown_keys(pelican_settings)
    base = Path.cwd() if base_dir is None else Path(base_dir)
    values: dict[str, Any] = {}
    for key, option in OPTIONS.items():
        value = pelican_settings.get(key, option.default)
        values[option.field] = _check_option(key, option, value, base)
    values["allow_samples"] = _check_bool(
        "ROLE_CARDS_ALLOW_SAMPLES",
        pelican_settings.get(
            "ROLE_CARDS_ALLOW_SAMPLES", not pelican_settings.get("PUBLISH_BUILD", False)
        ),
    )
    sources = _check_sources(pelican_settings.get("ROLE_CARDS_SOURCES", []))
    values["sources"] = sources
    values["referral_code"] = _check_referral_code(
        pelican_settings.get("REFERRAL_CODE"), sources
    )
    cache = pelican_settings.get("CACHE_PATH")
    values["cache_dir"] = base / cache if isinstance(cache, str) and cache else None
    return RoleCardsSettings(**values)


def _fail(key: str, problem: str) -> SettingsError:
    return SettingsError(f"role_cards: {key}: {problem}")


def _warn_unknown_keys(pelican_settings: Mapping[str, Any]) -> None:
    unknown = sorted(
        key
        for key in pelican_settings
        if isinstance(key, str)
        and key.startswith("ROLE_CARDS_")
        and key not in KNOWN_KEYS
    )
    if not unknown:
        return
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1)
        hints.append(f"{key} (did you mean {close[0]}?)" if close else key)
    logger.warning(
        "role_cards: unknown setting%s ignored: %s",
        "s" if len(unknown) > 1 else "",
        ", ".join(hints),
    )


def _check_bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, f"expected True or False, got {value!r}")
    return value


def _check_option(key: str, option: _Option, value: Any, base: Path) -> Any:
    if option.type == "bool":
        return _check_bool(key, value)
    if option.type == "str":
        if not isinstance(value, str) or not value.strip():
            raise _fail(key, f"expected a non-empty string, got {value!r}")
        return value
    if option.type == "path":
        if key == "ROLE_CARDS_REPORT_DIR" and value is None:
            return None  # no report files
        if not isinstance(value, str | os.PathLike) or not str(value):
            raise _fail(key, f"expected a directory path, got {value!r}")
        path = Path(value).expanduser()
        return path if path.is_absolute() else (base / path).resolve()
    return _check_number(key, option, value)


def _check_number(key: str, option: _Option, value: Any) -> int | float:
    wanted = "a whole number" if option.type == "int" else "a number"
    numeric = (int,) if option.type == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, numeric):
        raise _fail(key, f"expected {wanted}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(key, f"expected a finite number, got {value!r}")
    low = option.minimum
    if low is not None and (value < low or (option.exclusive and value == low)):
        bound = f"greater than {low:g}" if option.exclusive else f"at least {low:g}"
        raise _fail(key, f"must be {bound}, got {value!r}")
    if option.maximum is not None and value > option.maximum:
        raise _fail(key, f"must be at most {option.maximum:g}, got {value!r}")
    return float(value) if option.type == "float" else value


def _check_referral_code(value: Any, sources: tuple[SourceConfig, ...]) -> str:
    if isinstance(value, str):
        value = value.strip()  # pasted codes often carry a space or a newline
    referral_sources = [s.name for s in sources if s.referral]
    if value is None or value == "":
        if referral_sources:
            raise _fail(
                "REFERRAL_CODE",
                "not set, but sources "
                f"{', '.join(referral_sources)} build referral links; set it to "
                "the UUID in your micro1 referral link",
            )
        return ""
    if not isinstance(value, str) or not is_valid_code(value):
        raise _fail(
            "REFERRAL_CODE",
            f"{value!r} is not a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e; "
            "copy it from your micro1 referral link (the referralCode parameter)",
        )
    return value


def _check_sources(value: Any) -> tuple[SourceConfig, ...]:
    key = "ROLE_CARDS_SOURCES"
    if not isinstance(value, list | tuple):
        raise _fail(key, f"expected a list of source dicts, got {type(value).__name__}")
    sources: list[SourceConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(value):
        source = _check_source(f"{key}[{index}]", entry)
        if source.name in seen:
            raise _fail(
                f"{key}[{index}].name",
                f"duplicate name {source.name!r} (also {key}[{seen[source.name]}]); "
                "each source needs its own name: it names its snapshot file",
            )
        seen[source.name] = index
        sources.append(source)
    return tuple(sources)


def _check_source(where: str, entry: Any) -> SourceConfig:
    if not isinstance(entry, Mapping):
        raise _fail(where, f"expected a dict with name, kind and url, got {entry!r}")
    for key in entry:
        if key not in SOURCE_KEYS:
            close = difflib.get_close_matches(str(key), SOURCE_KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise _fail(
                f"{where}.{key}",
                f"unknown key {key!r}; {hint}allowed: {', '.join(SOURCE_KEYS)}",
            )
    for key in ("name", "kind", "url"):
        if key not in entry:
            raise _fail(f"{where}.{key}", "missing; every source needs name, kind, url")
    name = _check_name(f"{where}.name", entry["name"])
    kind = entry["kind"]
    if kind not in SOURCE_KINDS:
        raise _fail(
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
        referral=_check_bool(
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
        raise _fail(
            f"{where}.listing",
            f"{value!r} is not a micro1 list; use one of {', '.join(MICRO1_LISTINGS)}",
        )
    if value != "portal" and kind != "micro1":
        raise _fail(f"{where}.listing", f"{kind} sources have one list; remove the key")
    return str(value)


def _check_details(where: str, kind: str, value: Any) -> bool:
    details = _check_bool(f"{where}.details", value)
    if details and kind != "micro1":
        raise _fail(
            f"{where}.details",
            f"job details are fetched for micro1 sources only, not {kind!r}; "
            "remove the key",
        )
    return details


def _check_name(key: str, value: Any) -> str:
    if not isinstance(value, str) or not SOURCE_NAME_RE.match(value):
        raise _fail(
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
        raise _fail(key, f"{value!r} is not an http(s) URL like https://host/path")
    return str(value)


def _check_urls(where: str, kind: str, url: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return (url,) if kind == "jsonld" else ()
    if kind != "jsonld":
        raise _fail(
            f"{where}.urls", f"only jsonld sources read several pages, not {kind}"
        )
    if not isinstance(value, list | tuple) or not value:
        raise _fail(
            f"{where}.urls", f"expected a non-empty list of URLs, got {value!r}"
        )
    urls = [_check_url(f"{where}.urls[{i}]", item) for i, item in enumerate(value)]
    if url not in urls:
        urls.insert(0, url)
    return tuple(dict.fromkeys(urls))


def _check_hosts(where: str, kind: str, value: Any) -> tuple[str, ...]:
    key = f"{where}.apply_hosts"
    if value is None:
        hosts = DEFAULT_APPLY_HOSTS[kind]
        if not hosts:
            raise _fail(
                key,
                f"a {kind} source must list the hosts its job and apply URLs may use, "
                "e.g. ['careers.example.com']",
            )
        return hosts
    if not isinstance(value, list | tuple) or not value:
        raise _fail(key, f"expected a non-empty list of host names, got {value!r}")
    for i, host in enumerate(value):
        if not isinstance(host, str) or not HOST_RE.match(host):
            raise _fail(
                f"{key}[{i}]",
                f"{host!r} is not a host name; write it bare and lower-case, "
                "e.g. 'jobs.micro1.ai' (no scheme, port or path)",
            )
    return tuple(value)


def _check_text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(key, f"expected a string, got {value!r}")
    return value.strip()


def _check_filters(key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        raise _fail(
            key, f"expected a dict of lists, e.g. {{'type': ['EXPERT']}}, got {value!r}"
        )
    filters: dict[str, list[str]] = {}
    for name, items in value.items():
        ok = isinstance(items, list | tuple) and all(isinstance(i, str) for i in items)
        if not isinstance(name, str) or not ok:
            raise _fail(f"{key}.{name}", f"expected a list of strings, got {items!r}")
        filters[name] = list(items)
    return filters


def _check_count(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise _fail(key, f"expected a whole number from 1 to 1000, got {value!r}")
    return value
