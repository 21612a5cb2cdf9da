"""The plugin's settings: defaults, merging over the site's, validation.

Every key is a flat ``DISCLOSURES_*`` name so ``pelican -e`` can override one.
Validation happens once per build (at ``initialized``); a bad value stops the
build with the key, the problem and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .rules import DEFAULT_RULES, Rule, normalise_host

DEFAULTS: dict[str, Any] = {
    "DISCLOSURES_RULES": [{rule.kind: rule.value} for rule in DEFAULT_RULES],
    "DISCLOSURES_PAGE_URL": "disclosure/",
    "DISCLOSURES_SENTENCE": (
        "This site is paid if someone referred through a link on it is hired."
    ),
    # The theme's box, rendered once per build with the site settings.
    "DISCLOSURES_PARTIAL": "partials/disclosure.html",
    # The comment (without "<!--" and "-->") marking where the box goes.
    "DISCLOSURES_MARKER": "rmtly:disclosure",
}
RULE_KEYS = ("query_param", "host")
_PARAM_FORBIDDEN = set("&=#?") | set(" \t\n\r\f")
_HOST_FORBIDDEN = set("/:@?#[]\\") | set(" \t\n\r\f")


class DisclosuresSettingsError(ValueError):
    """A DISCLOSURES_* setting is unusable; the message names key and fix."""


@dataclass(frozen=True)
class DisclosuresSettings:
    rules: tuple[Rule, ...]
    sentence: str
    page_url: str
    partial: str
    marker: str
    siteurl: str = ""
    feed_domain: str = ""

    @property
    def page_href(self) -> str:
        """The Disclosure page as pages link it (site-absolute)."""
        return f"{self.siteurl.rstrip('/')}/{self.page_url}"

    @property
    def feed_page_href(self) -> str:
        """The Disclosure page as feeds link it (absolute when a domain is set)."""
        base = (self.feed_domain or self.siteurl).rstrip("/")
        return f"{base}/{self.page_url}"

    @property
    def page_path(self) -> str:
        """URL path of the Disclosure page, e.g. ``/disclosure/``."""
        return urlsplit(self.page_href).path


def _rule_shape_problem(where: str, entry: Any) -> str | None:
    if not isinstance(entry, Mapping):
        return (
            f"{where} is {entry!r}; write a dict such as "
            '{"query_param": "referralCode"} or {"host": "refer.micro1.ai"}'
        )
    unknown = [key for key in entry if key not in RULE_KEYS]
    if unknown:
        return (
            f"{where} has unknown key {unknown[0]!r}; "
            'use exactly one of "query_param" or "host"'
        )
    if len(entry) != 1:
        return f'{where} needs exactly one of "query_param" or "host"'
    value = next(iter(entry.values()))
    if not isinstance(value, str) or not value.strip():
        key = next(iter(entry))
        return f'{where}["{key}"] must be a non-empty string, not {value!r}'
    return None


def _rule_problem(index: int, entry: Any) -> tuple[Rule | None, str | None]:
    where = f"DISCLOSURES_RULES[{index}]"
    problem = _rule_shape_problem(where, entry)
    if problem:
        return None, problem
    ((key, value),) = entry.items()
    if key == "query_param":
        if set(value) & _PARAM_FORBIDDEN:
            return None, (
                f'{where}["query_param"] {value!r} must be a bare parameter '
                'name such as "referralCode" (no "&", "=", "?", "#" or spaces)'
            )
        return Rule("query_param", value), None
    host = normalise_host(value)
    if not host or set(host) & _HOST_FORBIDDEN:
        return None, (
            f'{where}["host"] {value!r} must be a bare host name such as '
            '"refer.micro1.ai" (no scheme, port, path or spaces)'
        )
    return Rule("host", host), None


def parse_rules(value: Any) -> tuple[tuple[Rule, ...], list[str]]:
    """Rules from the DISCLOSURES_RULES value, and the problems found."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return (), [f"DISCLOSURES_RULES must be a list of dicts, not {value!r}"]
    if not value:
        return (), [
            "DISCLOSURES_RULES is empty, so no link would ever be disclosed; "
            "remove the setting to use the defaults"
        ]
    rules, problems = [], []
    for index, entry in enumerate(value):
        rule, problem = _rule_problem(index, entry)
        if problem:
            problems.append(problem)
        elif rule is not None:
            rules.append(rule)
    return tuple(rules), problems


def _text_problem(key: str, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{key} must be a non-empty string, not {value!r}"
    return None


def load_settings(site: Mapping[str, Any]) -> DisclosuresSettings:
    """Merge the site's DISCLOSURES_* keys over DEFAULTS and validate them."""
    problems: list[str | None] = [
        f"{key} is not a setting of this plugin; known: {', '.join(DEFAULTS)}"
        for key in site
        if key.startswith("DISCLOSURES_") and key not in DEFAULTS
    ]
    merged = {key: site.get(key, default) for key, default in DEFAULTS.items()}
    rules, rule_problems = parse_rules(merged["DISCLOSURES_RULES"])
    problems.extend(rule_problems)
    for key in ("DISCLOSURES_PAGE_URL", "DISCLOSURES_SENTENCE", "DISCLOSURES_PARTIAL"):
        problems.append(_text_problem(key, merged[key]))
    marker = merged["DISCLOSURES_MARKER"]
    problems.append(_text_problem("DISCLOSURES_MARKER", marker))
    if isinstance(marker, str) and ("--" in marker or ">" in marker):
        problems.append("DISCLOSURES_MARKER must not contain '--' or '>'")
    page_url = merged["DISCLOSURES_PAGE_URL"]
    if isinstance(page_url, str) and urlsplit(page_url).scheme:
        problems.append(
            f"DISCLOSURES_PAGE_URL {page_url!r} must be a site path such as "
            "'disclosure/' (SITEURL is prepended)"
        )
    found = [problem for problem in problems if problem]
    if found:
        raise DisclosuresSettingsError(
            "disclosures: invalid settings:\n  " + "\n  ".join(found)
        )
    return DisclosuresSettings(
        rules=rules,
        sentence=" ".join(merged["DISCLOSURES_SENTENCE"].split()),
        page_url=page_url.lstrip("/"),
        partial=merged["DISCLOSURES_PARTIAL"],
        marker=marker.strip(),
        siteurl=str(site.get("SITEURL") or ""),
        feed_domain=str(site.get("FEED_DOMAIN") or ""),
    )
