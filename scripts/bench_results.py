"""What one bench run measured, and the names its modules share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_ARTICLES = 1000  # the anchor: plain Pelican on as many articles


@dataclass(frozen=True)
class Run:
    seconds: float  # Pelican.run() alone, measured in the child
    peak_mb: float  # the child's peak resident memory
    role_pages: int = 0  # role pages written by the role pages' phase
    role_seconds: float = 0.0  # that phase's seconds


@dataclass
class Results:
    sizes: tuple[int, ...]
    latency_ms: int
    repeat: int = 1
    plain: Run | None = None
    builds: dict[int, Run] = field(default_factory=dict)
    rebuild: Run | None = None
    fetch: dict[str, float] = field(default_factory=dict)
    boards: dict[int, dict[str, float]] = field(default_factory=dict)
    browser: dict[str, float] = field(default_factory=dict)
    lighthouse: dict[str, dict[str, float]] = field(default_factory=dict)


def step(message: str) -> None:
    print(f"bench: {message} ...", flush=True)
