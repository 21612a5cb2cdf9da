"""The pass over written output: disclose every page and feed, then check it.

Each file is read once, edited in memory, written back atomically only when
it changed, and checked as it is on disk afterwards. A page is parsed once
when nothing needs editing, and once as well when the quick path's proposal
(``quick.py``) is proven by the check's own parse; only the other rewritten
pages are parsed twice (to find the edits, then to check the result).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .check import (
    DisclosureCheckError,
    Findings,
    PageLinks,
    Problem,
    SourceLookup,
    check_feed,
    check_page,
)
from .feeds import disclose_feed
from .halves import in_two
from .html import Scan, disclose_scanned, scan_html
from .quick import BoxShape, box_shape, propose
from .rules import prefilter_for
from .settings import DisclosuresSettings
from .verified import VerifiedCache, page_key, rendered_links

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".atom", ".xml", ".rss")
FEED_ROOT_RE = re.compile(r"<(?:[\w.-]+:)?(?:feed|rss)[\s>]")


def read_text(path: str | Path) -> str:
    # newline="" and surrogateescape: what is not edited is written back
    # byte for byte, whatever its line endings or stray bytes.
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return f.read()


def write_text(path: str | Path, text: str) -> None:
    """Replace the file atomically (never through a hard link to a source)."""
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o777
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".disclosures-")
    try:
        with os.fdopen(
            fd, "w", encoding="utf-8", errors="surrogateescape", newline=""
        ) as f:
            f.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


@dataclass
class PassReport:
    pages: int = 0
    feeds: int = 0
    links: int = 0
    rewritten: int = 0
    quick: int = 0
    verified: int = 0
    # page_key -> referral links, of the pages and feeds verified as written
    verified_pages: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def merge(self, other: PassReport) -> None:
        self.pages += other.pages
        self.feeds += other.feeds
        self.links += other.links
        self.rewritten += other.rewritten
        self.quick += other.quick
        self.verified += other.verified
        self.verified_pages.update(other.verified_pages)
        self.problems += other.problems

    def known(self, key: str, links: int, *, feed: bool) -> None:
        """A page or feed proven without the full check: counted, remembered."""
        self.verified += 1
        self.verified_pages[key] = links
        self.add(Findings([], links), feed=feed)

    def add(self, findings: Findings, *, feed: bool) -> None:
        if feed:
            self.feeds += 1
        else:
            self.pages += 1
        self.links += findings.referral_links
        self.problems += findings.problems


@dataclass(frozen=True)
class PassContext:
    """What every file of one pass needs."""

    settings: DisclosuresSettings
    output_path: str
    box: str
    page_links: PageLinks
    lookup: SourceLookup
    shape: BoxShape | None
    # Pages and feeds an earlier build verified, by page_key: the same text at
    # the same place under the same settings verifies the same way.
    verified_before: Mapping[str, int] = field(default_factory=dict)

    def relative(self, path: str) -> str:
        return Path(os.path.relpath(path, self.output_path)).as_posix()


def _save(path: str, old: str, new: str, report: PassReport) -> str:
    """Write ``new`` if it differs from ``old``; return the text on disk."""
    if new == old:
        return old
    write_text(path, new)
    report.rewritten += 1
    return read_text(path)


def _quick(
    path: str, text: str, report: PassReport, ctx: PassContext
) -> tuple[str, Scan | None] | None:
    """Disclose through a proven proposal, or None to take the full path.

    Returns the text on disk and its scan (None if the disk differs from
    what was written, so the check parses what is really there).
    """
    if ctx.shape is None:
        return None
    proposal = propose(text, settings=ctx.settings, box=ctx.shape)
    if proposal is None:
        return None
    settings = ctx.settings
    scan = scan_html(proposal.text, rules=settings.rules, marker=settings.marker)
    if not proposal.landed(scan):
        return None
    on_disk = _save(path, text, proposal.text, report)
    report.quick += 1
    return on_disk, (scan if on_disk == proposal.text else None)


def _disclose_page(
    path: str, text: str, report: PassReport, ctx: PassContext
) -> tuple[str, Scan | None]:
    """The page's text on disk after disclosing it, and its scan if still valid."""
    quick = _quick(path, text, report, ctx)
    if quick is not None:
        return quick
    settings = ctx.settings
    scan = scan_html(text, rules=settings.rules, marker=settings.marker)
    new = disclose_scanned(text, scan, box=ctx.box)
    on_disk = _save(path, text, new, report)
    # Check what is on disk now, not what the edits meant to do.
    return on_disk, (scan if on_disk is text else None)


def _disclose_and_check_page(
    path: str, source: str, report: PassReport, ctx: PassContext
) -> None:
    settings = ctx.settings
    text = read_text(path)
    output = ctx.relative(path)
    key = page_key(output, text)
    # Known: this text at this place passed before (found, then verified).
    links = ctx.verified_before.get(key)
    candidate = links is not None or prefilter_for(settings.rules).may_match(text)
    scan = None
    if links is None and candidate:
        links = rendered_links(text, output, settings, ctx.page_links)
    if links is not None:
        report.known(key, links, feed=False)
        return
    if candidate:
        text, scan = _disclose_page(path, text, report, ctx)
    report.add(
        check_page(
            text,
            settings=settings,
            output=ctx.relative(path),
            source=source,
            page_links=ctx.page_links,
            scan=scan,
            candidate=candidate,
        ),
        feed=False,
    )


def _disclose_and_check_feed(
    path: str, source: str, report: PassReport, ctx: PassContext
) -> None:
    text = read_text(path)
    if not FEED_ROOT_RE.search(text, 0, 4096):
        return  # other XML written by a template, such as a sitemap
    output = ctx.relative(path)
    key = page_key(output, text)
    links = ctx.verified_before.get(key)
    if links is not None:  # this text passed as written before: nothing to do
        report.known(key, links, feed=True)
        return
    on_disk = _save(path, text, disclose_feed(text, settings=ctx.settings), report)
    findings = check_feed(
        on_disk, settings=ctx.settings, output=output, source=source, lookup=ctx.lookup
    )
    if on_disk == text and not findings.problems:
        report.verified_pages[key] = findings.referral_links
    report.add(findings, feed=True)


# Below this many pages a second process costs more than it saves.
PARALLEL_PAGES = 400


def _check_pages(
    items: list[tuple[str, str]], report: PassReport, ctx: PassContext
) -> None:
    """Every page, on two cores when there are many (each file is independent).

    The second process is forked, so it shares the settings and rules as they
    are; each page's counts and problems are merged in the order of the pages,
    so problems keep the order of a serial pass.
    """

    def one(item: tuple[str, str]) -> PassReport:
        path, source = item
        found = PassReport()
        if os.path.isfile(path):
            _disclose_and_check_page(path, source, found, ctx)
        return found

    for found in in_two(one, items, threshold=PARALLEL_PAGES):
        report.merge(found)


def run_pass(
    pages: Mapping[str, str],
    feeds: Mapping[str, str],
    *,
    settings: DisclosuresSettings,
    output_path: str,
    box: str,
    lookup: SourceLookup,
    cache_dir: str | None = None,
    noted: Mapping[str, int] | None = None,
) -> PassReport:
    """Disclose and check pages and feeds (path -> source); raise on problems.

    With ``cache_dir``, pages verified as rendered are remembered by content
    hash, so an unchanged page is not verified again by the next build.
    ``noted``: pages verified this build before they were written (by key).
    """
    started = time.perf_counter()
    report = PassReport()
    cache = VerifiedCache(cache_dir, settings, box)
    ctx = PassContext(
        verified_before={**cache.load(), **(noted or {})},
        settings=settings,
        output_path=output_path,
        box=box,
        page_links=PageLinks(settings),
        lookup=lookup,
        shape=box_shape(box, settings),
    )
    _check_pages(list(pages.items()), report, ctx)
    for path, source in feeds.items():
        if os.path.isfile(path):
            _disclose_and_check_feed(path, source, report, ctx)
    if report.problems:
        raise DisclosureCheckError(report.problems)
    cache.save(report.verified_pages)
    logger.info(
        "disclosures: checked %d pages and %d feeds; %d referral links, all disclosed",
        report.pages,
        report.feeds,
        report.links,
    )
    logger.debug(
        "disclosures: %d files updated (%d by the quick path), %d verified as "
        "rendered, in %.2f s",
        report.rewritten,
        report.quick,
        report.verified,
        time.perf_counter() - started,
    )
    return report


UNKNOWN_SOURCE = "unknown (checked from the output folder; a build names it)"


def _check_file(
    path: Path, output: str, settings: DisclosuresSettings, page_links: PageLinks
) -> tuple[Findings, bool] | None:
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        findings = check_page(
            read_text(path),
            settings=settings,
            output=output,
            source=UNKNOWN_SOURCE,
            page_links=page_links,
        )
        return findings, False
    if suffix in FEED_SUFFIXES:
        text = read_text(path)
        if FEED_ROOT_RE.search(text, 0, 4096):
            return check_feed(
                text, settings=settings, output=output, source=UNKNOWN_SOURCE
            ), True
    return None


def check_folder(
    output_dir: str | Path, *, settings: DisclosuresSettings
) -> PassReport:
    """Check (without rewriting) every page and feed under an output folder."""
    root = Path(output_dir)
    report = PassReport()
    page_links = PageLinks(settings)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        output = path.relative_to(root).as_posix()
        checked = _check_file(path, output, settings, page_links)
        if checked is not None:
            report.add(checked[0], feed=checked[1])
    return report
