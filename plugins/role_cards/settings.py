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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .referral import is_valid_code
from .source_entries import (
    DEFAULT_APPLY_HOSTS,
    MICRO1_LISTINGS,
    SOURCE_KEYS,
    SOURCE_KINDS,
    SettingsError,
    SourceConfig,
    check_bool,
    check_sources,
    fail,
)

__all__ = [
    "DEFAULT_APPLY_HOSTS",
    "MICRO1_LISTINGS",
    "SOURCE_KEYS",
    "SOURCE_KINDS",
    "RoleCardsSettings",
    "SettingsError",
    "SourceConfig",
    "load_settings",
]

logger = logging.getLogger(__name__)

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
# Sources fetched at the same time. Each source pages one request at a time,
# so this only bounds threads: a night waits for its slowest source, not the sum.
DEFAULT_CONCURRENCY = 8
DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 3
DEFAULT_USER_AGENT = "rmtly-role-board/0.1 (+https://rmtly.org/about/)"
DEFAULT_MIN_KEEP_RATIO = 0.5  # a fetch with fewer roles than this share is refused
DEFAULT_DETAILS_MAX_AGE_DAYS = 7  # a job's details are asked again after this
DEFAULT_DETAILS_CONCURRENCY = 2  # detail requests in flight for one source
DEFAULT_BOARD_PAGE_SIZE = 48  # cards per page of the board (and of each field page)


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
    values["allow_samples"] = check_bool(
        "ROLE_CARDS_ALLOW_SAMPLES",
        pelican_settings.get(
            "ROLE_CARDS_ALLOW_SAMPLES", not pelican_settings.get("PUBLISH_BUILD", False)
        ),
    )
    sources = check_sources(pelican_settings.get("ROLE_CARDS_SOURCES", []))
    values["sources"] = sources
    values["referral_code"] = _check_referral_code(
        pelican_settings.get("REFERRAL_CODE"), sources
    )
    cache = pelican_settings.get("CACHE_PATH")
    values["cache_dir"] = base / cache if isinstance(cache, str) and cache else None
    return RoleCardsSettings(**values)


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


def _check_option(key: str, option: _Option, value: Any, base: Path) -> Any:
    if option.type == "bool":
        return check_bool(key, value)
    if option.type == "str":
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"expected a non-empty string, got {value!r}")
        return value
    if option.type == "path":
        if key == "ROLE_CARDS_REPORT_DIR" and value is None:
            return None  # no report files
        if not isinstance(value, str | os.PathLike) or not str(value):
            raise fail(key, f"expected a directory path, got {value!r}")
        path = Path(value).expanduser()
        return path if path.is_absolute() else (base / path).resolve()
    return _check_number(key, option, value)


def _check_number(key: str, option: _Option, value: Any) -> int | float:
    wanted = "a whole number" if option.type == "int" else "a number"
    numeric = (int,) if option.type == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, numeric):
        raise fail(key, f"expected {wanted}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise fail(key, f"expected a finite number, got {value!r}")
    low = option.minimum
    if low is not None and (value < low or (option.exclusive and value == low)):
        bound = f"greater than {low:g}" if option.exclusive else f"at least {low:g}"
        raise fail(key, f"must be {bound}, got {value!r}")
    if option.maximum is not None and value > option.maximum:
        raise fail(key, f"must be at most {option.maximum:g}, got {value!r}")
    return float(value) if option.type == "float" else value


def _check_referral_code(value: Any, sources: tuple[SourceConfig, ...]) -> str:
    if isinstance(value, str):
        value = value.strip()  # pasted codes often carry a space or a newline
    referral_sources = [s.name for s in sources if s.referral]
    if value is None or value == "":
        if referral_sources:
            raise fail(
                "REFERRAL_CODE",
                "not set, but sources "
                f"{', '.join(referral_sources)} build referral links; set it to "
                "the UUID in your micro1 referral link",
            )
        return ""
    if not isinstance(value, str) or not is_valid_code(value):
        raise fail(
            "REFERRAL_CODE",
            f"{value!r} is not a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e; "
            "copy it from your micro1 referral link (the referralCode parameter)",
        )
    return value
