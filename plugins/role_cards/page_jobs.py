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

import importlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from .page_writer import PageRef, PageWriter

DISCLOSURES = "disclosures.build"
# Below this many pages a second process costs more than it saves.
PARALLEL_PAGES = 200
Proof = tuple[str, int] | None  # (page key, referral links), or unproven


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page to write: its template, page object and template values.

    ``values`` is called where the page is rendered, so the work of making
    them (similar roles, structured data) is shared between the processes.
    """

    template: str
    page: PageRef
    values: Callable[[], dict[str, Any]]


# What the forked process reads: it inherits this module's state, so the
# jobs and the writer are not pickled on the way in.
_FORKED: dict[str, tuple[PageWriter, Sequence[PageJob], ModuleType | None]] = {}


def write_jobs(write: PageWriter, jobs: Sequence[PageJob]) -> int:
    """Write every job's page (the cached ones from the cache); return how
    many were rendered."""
    todo = [job for job in jobs if not write.reuse(job.page)]
    disclosures = _disclosures()
    if len(todo) >= PARALLEL_PAGES and _can_fork():
        proofs = _in_two(write, todo, disclosures)
    else:
        proofs = _render_all(write, todo, disclosures)
    for job, proof in zip(todo, proofs, strict=True):
        if proof is not None and disclosures is not None:
            disclosures.note_verified(*proof)
        write.announce(job.page)
    return len(todo)


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


def _can_fork() -> bool:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return cores >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _render_all(
    write: PageWriter, jobs: Sequence[PageJob], disclosures: ModuleType | None
) -> list[Proof]:
    return [_render_one(write, job, disclosures) for job in jobs]


def _render_one(
    write: PageWriter, job: PageJob, disclosures: ModuleType | None
) -> Proof:
    text = write.render(job.template, job.page, **job.values())
    destination = write.destination(job.page)
    proof = disclosures.verify_rendered(destination, text) if disclosures else None
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    # A new file, never written through: the last build's page may be a
    # hard link into the page cache.
    temporary = f"{destination}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, destination)
    return proof


def _second_half() -> list[Proof]:
    """Runs in the forked process: the pages the parent left to it."""
    return _render_all(*_FORKED["work"])


def _in_two(
    write: PageWriter, jobs: Sequence[PageJob], disclosures: ModuleType | None
) -> list[Proof]:
    """The first half here, the second in a forked process; proofs in order."""
    half = len(jobs) // 2
    _FORKED["work"] = (write, jobs[half:], disclosures)
    try:
        with ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            future = pool.submit(_second_half)
            first = _render_all(write, jobs[:half], disclosures)
            second = future.result()
    finally:
        _FORKED.clear()
    return first + second
