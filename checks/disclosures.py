"""Disclosures gate: the build's own disclosure check (plugins/disclosures)
over the written site, plus: every ``rel~=sponsored`` link goes to an allowed
referral host, so no paid link to anyone else slips in under the same label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from disclosures.output import check_folder
from disclosures.settings import load_settings

from .site import GateResult, Site

GATE = "disclosures"


def _sponsored_problems(result: GateResult, site: Site, hosts: Iterable[str]) -> int:
    allowed = {h.lower() for h in hosts}
    count = 0
    for page in site.pages:
        for link in site.soup(page).find_all("a", href=True):
            if "sponsored" not in link.get_attribute_list("rel"):
                continue
            count += 1
            host = (urlsplit(str(link["href"])).hostname or "").lower()
            if host not in allowed:
                result.fail(
                    page,
                    f'rel="sponsored" link to {link["href"]} is not on an allowed '
                    f"referral host ({', '.join(sorted(allowed))})",
                    "link referral programs only through CHECKS_REFERRAL_HOSTS, "
                    "or drop the sponsored link",
                )
    return count


def check(
    site: Site, *, settings: Mapping[str, Any], hosts: Iterable[str]
) -> GateResult:
    result = GateResult(GATE)
    report = check_folder(site.root, settings=load_settings(settings))
    for problem in report.problems:
        where = f"{problem.output}:{problem.line}" if problem.line else problem.output
        link = f" ({problem.href})" if problem.href else ""
        result.fail(where, problem.what + link, problem.fix)
    sponsored = _sponsored_problems(result, site, hosts)
    result.summary = (
        f"{report.pages} pages, {report.feeds} feeds, {report.links} referral links, "
        f"{sponsored} sponsored links, {len(result.problems)} problems"
    )
    return result
