"""Independent jobs on two cores: the second half in a forked process.

The disclosures pass (output.py) and role_cards' page writer (page_jobs.py)
both run thousands of independent jobs this way. It lives here because
disclosures depends on no other plugin, while role_cards already looks this
package up once Pelican has loaded it (as it does ``disclosures.build``):
in role_cards it would make the disclosures plugin depend on the roles, and
a neutral top-level module would not be importable in a build, where Pelican
loads only the plugin packages themselves from PLUGIN_PATHS. It imports
nothing from the rest of the package.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

Job = TypeVar("Job")
Result = TypeVar("Result")

# What the forked process reads: it inherits this module's state, so neither
# the jobs nor the function that runs them are pickled on the way in.
_FORKED: dict[str, tuple[Callable[[Any], Any], Sequence[Any]]] = {}


def can_fork() -> bool:
    """A second core to run on, and a platform that can fork."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return cores >= 2 and "fork" in multiprocessing.get_all_start_methods()


def in_two(
    run: Callable[[Job], Result], jobs: Sequence[Job], *, threshold: int
) -> list[Result]:
    """``run`` on every job; results in the order of ``jobs``.

    With at least ``threshold`` jobs and a second core, the second half runs
    in a forked process while this one runs the first: the child shares the
    parent's state as it is, and only its results are pickled. Otherwise, or
    when the fork fails, every job runs here.
    """
    if len(jobs) < threshold or not can_fork():
        return [run(job) for job in jobs]
    half = len(jobs) // 2
    _FORKED["work"] = (run, jobs[half:])
    try:
        with ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            other = _fork(pool)
            first = [run(job) for job in jobs[:half]]
            if other is None:
                return first + [run(job) for job in jobs[half:]]
            second = other.result()
    finally:
        _FORKED.clear()
    return first + second


def _fork(pool: ProcessPoolExecutor) -> Future[list[Any]] | None:
    """The second half started in the pool's process, or None if it cannot fork."""
    try:
        return pool.submit(_second_half)
    except OSError as error:  # no memory or no process left to fork
        logger.warning("disclosures: cannot fork (%s); one process does it all", error)
        return None


def _second_half() -> list[Any]:
    """Runs in the forked process: the jobs the parent left to it."""
    run, jobs = _FORKED["work"]
    return [run(job) for job in jobs]
