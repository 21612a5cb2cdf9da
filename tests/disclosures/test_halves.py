"""Jobs split in two: the second half forked, results as a serial run's."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os

import pytest
from disclosures import halves

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork here"
)


def digest(job: int) -> tuple[str, int]:
    """Some work whose result depends on the job, and the process that did it."""
    return hashlib.sha256(str(job).encode()).hexdigest(), os.getpid()


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # The split is the helper's to make, whatever this machine's core count.
    monkeypatch.setattr(halves, "can_fork", lambda: True)


@pytest.mark.usefixtures("two_cores")
def test_the_second_half_runs_in_another_process_in_order() -> None:
    jobs = list(range(7))
    results = halves.in_two(digest, jobs, threshold=2)
    serial = [digest(job)[0] for job in jobs]
    assert [text for text, _ in results] == serial
    pids = [pid for _, pid in results]
    # 7 jobs: 3 here, the last 4 in one other process.
    assert pids[:3] == [os.getpid()] * 3
    assert len(set(pids[3:])) == 1
    assert pids[3] != os.getpid()
    assert halves._FORKED == {}


@pytest.mark.usefixtures("two_cores")
def test_below_the_threshold_every_job_runs_here() -> None:
    results = halves.in_two(digest, list(range(5)), threshold=6)
    assert results == [digest(job) for job in range(5)]
    assert {pid for _, pid in results} == {os.getpid()}


def test_one_core_runs_every_job_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not halves.can_fork()
    results = halves.in_two(digest, list(range(6)), threshold=2)
    assert {pid for _, pid in results} == {os.getpid()}


@pytest.mark.usefixtures("two_cores")
def test_a_failed_fork_runs_every_job_here(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with caplog.at_level(logging.WARNING, logger=halves.__name__):
        results = halves.in_two(digest, list(range(6)), threshold=2)
    assert results == [digest(job) for job in range(6)]
    assert [r.getMessage() for r in caplog.records] == [
        "disclosures: cannot fork ([Errno 11] Resource temporarily unavailable); "
        "one process does it all"
    ]


@pytest.mark.usefixtures("two_cores")
def test_an_error_in_the_forked_half_reaches_the_caller() -> None:
    def fails_on_last(job: int) -> int:
        if job == 3:
            raise ValueError(f"job {job}")
        return job

    with pytest.raises(ValueError, match="job 3"):
        halves.in_two(fails_on_last, list(range(4)), threshold=2)
    assert halves._FORKED == {}
