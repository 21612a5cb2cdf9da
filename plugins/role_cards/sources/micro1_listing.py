"""micro1's job list: every page of it, or a refusal.

The portal pages its list with ``page``/``limit``; each page is ``{"status":
true, "statusCode": 200, "message": "Success", "total": N, "data": [jobs]}``
(``data`` may also be ``{"jobs": [...]}``, and older answers carry no
``total``). A listing is taken only whole: ``fetch`` refuses one that stops
short of its ``total``, repeats jobs, changes its ``total`` or is too long.
"""

from __future__ import annotations

import logging
from typing import Any

from ..settings import SourceConfig
from .common import HttpLike, IncompleteListing, PayloadError, described

logger = logging.getLogger(__name__)

DEFAULT_FILTERS = {"type": ["EXPERT"]}
_REJECTED = (False, "false", "error", "fail", "failed")


def fetch(http: HttpLike, source: SourceConfig) -> list[Any]:
    """Every page of the job list: all ``total`` jobs, or IncompleteListing.

    A partial list would make every role after the cut look closed, so a
    listing that stops short of its ``total``, repeats jobs, changes its
    ``total`` between pages or ends in an empty page after full ones is
    refused, as is one of more than ``http.max_roles`` jobs. Without a ``total``
    the list ends at the first short page.
    """
    listing = _Listing(source, http.max_roles)
    for number in range(1, source.max_pages + 1):
        page = _request_page(http, source, number)
        if listing.add(number, page):
            return listing.pages
    raise IncompleteListing(
        f"{source.name}: still full pages after {source.max_pages} pages of "
        f"{source.page_limit}; raise max_pages for this source"
    )


def _request_page(http: HttpLike, source: SourceConfig, number: int) -> Any:
    """One page, from the portal's POST or from the referral list's GET.

    Both answer the same envelope. The referral list's ``apply_url`` already
    carries the code in its URL; referral links are built from the job's
    own page with ours in any case.
    """
    params = {"page": number, "limit": source.page_limit}
    if source.listing == "referral":
        return http.request_json("GET", source.url, params=params)
    body = {"action": "get_all_jobs", "filters": source.filters or DEFAULT_FILTERS}
    return http.request_json("POST", source.url, params=params, json=body)


class _Listing:
    """The pages read so far, and the checks that make them a whole list."""

    def __init__(self, source: SourceConfig, max_roles: int) -> None:
        self.source = source
        self.max_roles = max_roles
        self.pages: list[Any] = []
        self.total: int | None = None
        self.held = 0
        self.seen: set[str] = set()

    def add(self, number: int, page: Any) -> bool:
        """Take one page; True when the list is complete."""
        jobs = page_jobs(page, number)
        self._check_total(number, page_total(page, number))
        self._check_new(number, jobs)
        self.pages.append(page)
        self.held += len(jobs)
        if self.held > self.max_roles:
            self._refuse(
                f"more than ROLE_CARDS_MAX_ROLES ({self.max_roles:,}) jobs listed"
            )
        if self.total is not None:
            return self._complete_by_total(number, jobs)
        if len(jobs) < self.source.page_limit:
            if not jobs and number > 1:
                self._refuse(
                    f"page {number} is empty after {number - 1} full pages and the "
                    "source states no total, so a cut-short list cannot be told "
                    "from a complete one"
                )
            return True
        return False

    def _complete_by_total(self, number: int, jobs: list[Any]) -> bool:
        assert self.total is not None
        if self.held >= self.total:
            if self.held > self.total:
                logger.warning(
                    "role_cards: %s: %d jobs listed, more than the stated total %d",
                    self.source.name,
                    self.held,
                    self.total,
                )
            return True
        if len(jobs) < self.source.page_limit:
            what = "is empty" if not jobs else f"holds {len(jobs)} jobs"
            self._refuse(
                f"page {number} {what}: the listing stops at {self.held} of the "
                f"{self.total} jobs it states"
            )
        return False

    def _check_total(self, number: int, total: int | None) -> None:
        if number == 1:
            self.total = total
            if total is not None and total > self.max_roles:
                self._refuse(
                    f"the source states {total:,} jobs, more than "
                    f"ROLE_CARDS_MAX_ROLES ({self.max_roles:,})"
                )
        elif total != self.total:
            self._refuse(
                f"total changed from {self.total} to {total} between pages 1 and "
                f"{number}: the list moved while it was read"
            )

    def _check_new(self, number: int, jobs: list[Any]) -> None:
        ids = {str(job.get("job_id")) for job in jobs if isinstance(job, dict)}
        repeated = ids & self.seen
        if repeated:
            # A server that ignores ``page`` repeats page 1; a list that moves
            # while it is read shifts jobs from one page to the next.
            self._refuse(f"page {number} repeats {len(repeated)} jobs of earlier pages")
        self.seen |= ids

    def _refuse(self, why: str) -> None:
        raise IncompleteListing(f"refused as incomplete: {why}; the snapshot is kept")


def page_total(page: Any, number: int = 1) -> int | None:
    """The ``total`` a page states (None if it states none)."""
    total = page.get("total") if isinstance(page, dict) else None
    if total is None:
        return None
    if isinstance(total, str) and total.strip().isdigit():
        total = int(total)
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise PayloadError(
            f"micro1 page {number} states a total of {str(total)[:40]!r}, not a count"
        )
    return total


def page_jobs(page: Any, number: int = 1) -> list[Any]:
    """The job list of one page; PayloadError when the page is not one."""
    if not isinstance(page, dict):
        raise PayloadError(f"micro1 page {number} is {described(page)}, not an object")
    if page.get("status") in _REJECTED:
        message = page.get("message") or page.get("error") or "no reason given"
        raise PayloadError(f"micro1 rejected the request: {str(message)[:200]}")
    data = page.get("data")
    if isinstance(data, dict):
        data = data.get("jobs")
    if not isinstance(data, list):
        raise PayloadError(
            f'micro1 page {number} has no job list (expected "data": [...] '
            f'or "data": {{"jobs": [...]}})'
        )
    return data
