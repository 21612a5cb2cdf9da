"""Role pages rendered on every core, proven disclosed in memory, written once.

A role page is a function of its role and the shared context, so thousands
of them are independent work. ``write_jobs`` takes the pages the cache does
not have, renders them (half in a forked process when there are many and a
second core), and has the disclosures plugin prove each text disclosed
before it is written (``verify_rendered``): the page lands on disk once, in
its final form. The build's own process then announces every page in order,
as Writer.write_file would (sitemap, disclosures pass, page cache), and
tells the pass which texts it proved, so the pass only confirms by hash that
the file on disk is the text that was proven.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .page_writer import PageRef, PageWriter

DISCLOSURES = "disclosures.build"
HALVES = "disclosures.halves"
# Below this many pages a second process costs more than it saves.
PARALLEL_PAGES = 200
Proof = tuple[str, int] | None  # (page key, referral links), or unproven
# A role page (roles/<slug>/index.html) is written to a temporary file beside
# it, named by the writing process, then renamed over it; a build that dies in
# between leaves that file behind. The next build removes what matches.
TEMPORARY_GLOB = "roles/*/index.html.*.tmp"
TEMPORARY_RE = re.compile(r"index\.html\.[0-9]+\.tmp")

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page to write: its template, page object and template values.

    ``values`` is called where the page is rendered, so the work of making
    them (similar roles, structured data) is shared between the processes.
    """

    template: str
    page: PageRef
    values: Callable[[], dict[str, Any]]


def write_jobs(write: PageWriter, jobs: Sequence[PageJob]) -> int:
    """Write every job's page (the cached ones from the cache); return how
    many were rendered."""
    remove_leftovers(write.writer.output_path)
    todo = [job for job in jobs if not write.reuse(job.page)]
    disclosures = _disclosures()
    render = functools.partial(_render_one, write, disclosures=disclosures)
    for job, proof in zip(todo, _in_two(render, todo), strict=True):
        if proof is not None and disclosures is not None:
            disclosures.note_verified(*proof)
        write.announce(job.page)
    return len(todo)


def remove_leftovers(output_path: str) -> int:
    """Remove the temporary role pages an interrupted build left; how many."""
    removed = 0
    for path in Path(output_path).glob(TEMPORARY_GLOB):
        if TEMPORARY_RE.fullmatch(path.name) and not path.is_dir():
            path.unlink()
            removed += 1
    if removed:
        logger.info(
            "role_cards: removed the temporary role pages an interrupted build "
            "left in the output folder: %d",
            removed,
        )
    return removed


def _temporary(destination: str) -> str:
    """Where a page is written before it is renamed to ``destination``."""
    return f"{destination}.{os.getpid()}.tmp"


def _disclosures() -> ModuleType | None:
    """The disclosures plugin's build module, once Pelican has loaded it.

    Plugins are loaded by name, after this one, and are not on sys.path, so
    it is looked up when pages are written. Without it nothing is proven
    here (and no pass runs that would need the proofs).
    """
    try:
        return importlib.import_module(DISCLOSURES)
    except ImportError:
        return None


def _in_two(render: Callable[[PageJob], Proof], jobs: Sequence[PageJob]) -> list[Proof]:
    """Every job rendered, half in a forked process when there are many.

    The disclosures plugin's helper does the forking; without the plugin
    every page is rendered here.
    """
    try:
        halves = importlib.import_module(HALVES)
    except ImportError:
        return [render(job) for job in jobs]
    in_two: Callable[..., list[Proof]] = halves.in_two
    return in_two(render, jobs, threshold=PARALLEL_PAGES)


def _render_one(
    write: PageWriter, job: PageJob, *, disclosures: ModuleType | None
) -> Proof:
    text = write.render(job.template, job.page, **job.values())
    destination = write.destination(job.page)
    proof = disclosures.verify_rendered(destination, text) if disclosures else None
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    # A new file, never written through: the last build's page may be a
    # hard link into the page cache.
    temporary = _temporary(destination)
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, destination)
    return proof
