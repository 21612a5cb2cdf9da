"""Run the gates over one output folder and report.

Settings (flat keys, merged over the defaults here, validated once):

- ``CHECKS_BUDGETS``: template -> bytes (gzipped HTML + CSS + JS)
- ``CHECKS_REFERRAL_HOSTS``: hosts a ``rel="sponsored"`` link may point to
- ``SITEURL``, ``PUBLISH_BUILD`` and the ``DISCLOSURES_*`` keys of the site.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import a11y, budgets, disclosures, feeds, headers, html, links, sitemap
from .site import GateResult, Site

KIB = 1024
DEFAULT_BUDGETS = {
    "article": 30 * KIB,
    "role": 30 * KIB,
    "closed-role": 30 * KIB,
    "board": 100 * KIB,
    "field": 100 * KIB,
}
DEFAULT_REFERRAL_HOSTS = ("jobs.micro1.ai", "refer.micro1.ai")
GATES = (
    "html",
    "links",
    "disclosures",
    "headers",
    "feeds",
    "sitemap",
    "budgets",
    "a11y",
)


class ChecksSettingsError(ValueError):
    """A CHECKS_* setting has the wrong shape."""


@dataclass(frozen=True)
class ChecksSettings:
    site_url: str
    publish: bool
    budgets: dict[str, int]
    referral_hosts: tuple[str, ...]
    site: Mapping[str, Any]


KNOWN_KEYS = ("CHECKS_BUDGETS", "CHECKS_REFERRAL_HOSTS")


def load_settings(site: Mapping[str, Any]) -> ChecksSettings:
    unknown = sorted(k for k in site if k.startswith("CHECKS_") and k not in KNOWN_KEYS)
    if unknown:
        raise ChecksSettingsError(
            f"checks: unknown setting {', '.join(unknown)}; the known ones are "
            f"{', '.join(KNOWN_KEYS)}"
        )
    budgets_value = site.get("CHECKS_BUDGETS", {})
    if not isinstance(budgets_value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, int) and v > 0
        for k, v in budgets_value.items()
    ):
        raise ChecksSettingsError(
            f"checks: invalid CHECKS_BUDGETS value {budgets_value!r}; write "
            '{"template": bytes, ...}, e.g. {"board": 102400}'
        )
    hosts = site.get("CHECKS_REFERRAL_HOSTS", DEFAULT_REFERRAL_HOSTS)
    if isinstance(hosts, str) or not all(isinstance(h, str) and h for h in hosts):
        raise ChecksSettingsError(
            f"checks: invalid CHECKS_REFERRAL_HOSTS value {hosts!r}; write a list "
            'of host names, e.g. ["jobs.micro1.ai"]'
        )
    return ChecksSettings(
        site_url=str(site.get("SITEURL", "") or ""),
        publish=bool(site.get("PUBLISH_BUILD", False)),
        budgets={**DEFAULT_BUDGETS, **budgets_value},
        referral_hosts=tuple(hosts),
        site=site,
    )


def _runners(
    settings: ChecksSettings, browser: Any
) -> dict[str, Callable[[Site], GateResult]]:
    return {
        "html": html.check,
        "links": links.check,
        "disclosures": lambda s: disclosures.check(
            s, settings=settings.site, hosts=settings.referral_hosts
        ),
        "headers": headers.check,
        "feeds": lambda s: feeds.check(s, publish=settings.publish),
        "sitemap": sitemap.check,
        "budgets": lambda s: budgets.check(s, budgets=settings.budgets),
        "a11y": lambda s: a11y.check(s, browser=browser),
    }


def empty_site_problem(root: Path) -> str | None:
    """Why ``root`` cannot be checked at all, or None."""
    if not root.is_dir():
        return f"{root} does not exist; build the site first (invoke build)"
    if not (root / "index.html").is_file():
        return f"{root} has no index.html: the build wrote no site"
    return None


def run(
    root: Path,
    settings: ChecksSettings,
    *,
    only: Sequence[str] = GATES,
    progress: Callable[[str], None] = lambda line: None,
    browser: Any = None,
) -> list[GateResult]:
    """Run the gates in order; ``browser``: a Playwright Chromium to reuse."""
    site = Site(root, site_url=settings.site_url)
    runners = _runners(settings, browser)
    results = []
    for name in only:
        started = time.monotonic()
        result = runners[name](site)
        seconds = time.monotonic() - started
        status = "ok" if result.ok else f"FAILED ({len(result.problems)})"
        progress(f"{name}: {status}: {result.summary} [{seconds:.1f} s]")
        results.append(result)
    return results


def format_problems(results: Sequence[GateResult], *, limit: int = 20) -> str:
    """Every failed gate's problems, the first ``limit`` of each in full."""
    lines: list[str] = []
    for result in results:
        if result.ok:
            continue
        lines.append(f"{result.gate}: {len(result.problems)} problems")
        lines += [p.format() for p in result.problems[:limit]]
        if len(result.problems) > limit:
            lines.append(f"  ... and {len(result.problems) - limit} more")
    return "\n".join(lines)
