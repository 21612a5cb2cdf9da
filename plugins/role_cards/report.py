"""The fetch report: what each source did in one refresh, as JSON and Markdown.

``refresh`` writes it to ``reports/roles-fetch.json`` (for tools) and
``reports/roles-fetch.md`` (a table the nightly CI job publishes as its
summary). The build reads it to tell which sources failed this run.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .model import _iso
from .sanitize import clean_text

# Statuses, from best to worst. "stale" means the fetch failed or was refused
# and the last-known-good snapshot stands in; "failed" means nothing usable.
FRESH = "fresh"
NOT_MODIFIED = "not modified"
STALE = "stale"
FAILED = "failed"
USABLE = frozenset({FRESH, NOT_MODIFIED, STALE})

MAX_IDS = 5  # ids the Markdown report lists per added/removed/changed
# The JSON report keeps every id (up to this many) so the build can show what
# changed tonight (role_cards.alerts); the Markdown table lists MAX_IDS.
MAX_JSON_IDS = 20_000
MAX_PROBLEMS = 20  # item problems kept per source
# Reasons and problems quote remote values; kept to one line of this length.
MAX_TEXT = 300

# ASCII punctuation that Markdown (CommonMark and GitHub's tables) reads as
# syntax; backslash-escaped, remote text shows as typed and cannot end a
# table cell, open a code span or emphasis, or start a link or an HTML tag.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>|~&])")


@dataclass(slots=True)
class SourceReport:
    """One source's outcome in one refresh."""

    name: str
    kind: str
    status: str = FAILED
    reason: str = ""  # why it is not fresh, in a few words
    roles: int = 0  # open roles the board gets from this source
    fetched: int | None = None  # roles the fetch produced (None: no fetch result)
    added: int = 0
    removed: int = 0
    changed: int = 0
    added_ids: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the first MAX_PROBLEMS
    problem_count: int = 0
    skipped: int = 0  # items left out for ordinary reasons (closed, expired)
    bytes: int = 0
    seconds: float = 0.0
    requests: int = 0
    attempts: int = 0
    retries: int = 0  # attempts repeated after a failure (backoff or Retry-After)
    snapshot_fetched_at: str | None = None  # ISO time of the snapshot in use
    snapshot_age_days: float | None = None
    sample: bool = False  # the snapshot in use holds fictional sample roles
    refused: bool = False  # the fetch worked but looked like a drop
    notes: list[str] = field(default_factory=list)  # kept roles worth a look
    note_count: int = 0
    details_fetched: int | None = None  # None: the source has no detail step
    details_reused: int = 0
    details_failed: int = 0
    detail_requests: int = 0
    detail_notes: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.status in USABLE

    def set_reason(self, reason: str) -> None:
        """Why the source is not fresh; remote text made safe for one log line."""
        self.reason = one_line(reason)

    def set_problems(self, problems: list[str]) -> None:
        self.problem_count = len(problems)
        self.problems = [one_line(p) for p in problems[:MAX_PROBLEMS]]

    def set_notes(self, notes: list[str]) -> None:
        self.note_count = len(notes)
        self.notes = [one_line(n) for n in notes[:MAX_PROBLEMS]]

    def set_details(self, stats: Any) -> None:
        """Counts from the detail step (a micro1_details.DetailStats)."""
        self.details_fetched = stats.fetched
        self.details_reused = stats.reused
        self.details_failed = stats.failed
        self.detail_requests = stats.requests
        self.detail_notes = [one_line(n) for n in stats.notes[:MAX_PROBLEMS]]

    def details_summary(self) -> str:
        if self.details_fetched is None:
            return ""
        return (
            f"details {self.details_fetched} fetched, {self.details_reused} reused, "
            f"{self.details_failed} failed"
        )

    def set_diff(
        self, added: tuple[str, ...], removed: tuple[str, ...], changed: tuple[str, ...]
    ) -> None:
        self.added, self.removed, self.changed = len(added), len(removed), len(changed)
        self.added_ids = list(added[:MAX_JSON_IDS])
        self.removed_ids = list(removed[:MAX_JSON_IDS])
        self.changed_ids = list(changed[:MAX_JSON_IDS])

    def use_snapshot(
        self, fetched_at: datetime, now: datetime, *, sample: bool
    ) -> None:
        self.snapshot_fetched_at = _iso(fetched_at)
        self.snapshot_age_days = round((now - fetched_at).total_seconds() / 86400, 2)
        self.sample = sample

    def summary(self) -> str:
        """The one-line outcome used in logs and progress output."""
        if self.status == FRESH:
            diff = f"+{self.added} -{self.removed} ~{self.changed}"
            text = (
                f"fresh, {self.roles} roles ({diff}), {human_bytes(self.bytes)} "
                f"in {self.seconds:.1f} s{self._retried()}"
            )
            if self.details_fetched is not None:
                text += f"; {self.details_summary()}"
            if self.problem_count:
                text += f"; {_dropped(self.problem_count)}"
            return text
        if self.status == NOT_MODIFIED:
            return (
                f"not modified, {self.roles} roles kept (HTTP 304) "
                f"in {self.seconds:.1f} s"
            )
        what = self.reason if self.refused else f"fetch failed ({self.reason})"
        if self.status == STALE:
            return f"{what}; {self._fallback()}"
        return f"{what}; no usable snapshot, so no roles from this source"

    def _retried(self) -> str:
        if not self.retries:
            return ""
        return f" after {self.retries} {'retry' if self.retries == 1 else 'retries'}"

    def _fallback(self) -> str:
        if self.sample:
            return "using the sample snapshot shipped with the site (fictional roles)"
        day = (self.snapshot_fetched_at or "")[:10]
        age = self.snapshot_age_days or 0.0
        days = int(age)
        return (
            f"using last-known-good snapshot from {day} "
            f"({days} day{'s' if days != 1 else ''} old)"
        )


@dataclass(slots=True)
class FetchReport:
    """Every source's outcome in one refresh."""

    started_at: datetime
    finished_at: datetime | None = None
    sources: list[SourceReport] = field(default_factory=list)

    def entry(self, name: str) -> SourceReport | None:
        return next((s for s in self.sources if s.name == name), None)

    @property
    def ok(self) -> bool:
        """True when every source has usable data (fresh, not modified, or stale)."""
        return all(s.usable for s in self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at) if self.finished_at else None,
            "ok": self.ok,
            "sources": [
                {**asdict(s), "usable": s.usable, "summary": s.summary()}
                for s in self.sources
            ],
        }

    def headline(self, *, markdown: bool = False) -> str:
        """The run's outcome in one honest sentence: fresh only when it is."""
        name = _cell if markdown else str
        failed = [name(s.name) for s in self.sources if not s.usable]
        sample = [name(s.name) for s in self.sources if s.usable and s.sample]
        stale = [
            name(s.name) for s in self.sources if s.status == STALE and not s.sample
        ]
        if failed:
            return f"**No usable roles from {', '.join(failed)}.**"
        if sample:
            return (
                f"**{', '.join(sample)}: sample roles only (fictional); "
                "not publishable.**"
            )
        if stale:
            return f"Fetch failed for {', '.join(stale)}: last-known-good roles used."
        return "Every source is fresh."

    def strict_problems(self, *, max_age_days: float) -> list[str]:
        """Why a publish build must not use this refresh: a source with no
        usable roles, with sample roles, or with a snapshot too old to show."""
        problems: list[str] = []
        for source in self.sources:
            if not source.usable:
                problems.append(f"{source.name}: no usable roles ({source.reason})")
            elif source.sample:
                problems.append(f"{source.name}: only the sample snapshot (fictional)")
            elif (source.snapshot_age_days or 0.0) > max_age_days:
                problems.append(
                    f"{source.name}: snapshot {source.snapshot_age_days} days old, "
                    f"over ROLE_CARDS_MAX_AGE_DAYS ({max_age_days}): roles withheld"
                )
        return problems

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        when = _iso(self.started_at)
        lines = [
            "## Role sources",
            "",
            f"Refresh started {when}. {self.headline(markdown=True)}",
            "",
            "| source | status | roles | change | size | time | attempts | snapshot "
            "| note |",
            "| --- | --- | ---: | --- | ---: | ---: | ---: | --- | --- |",
        ]
        lines += [_row(s) for s in self.sources]
        for source in self.sources:
            details = _details(source)
            if details:
                lines += ["", f"### {_cell(source.name)}", "", *details]
        return "\n".join(lines) + "\n"

    def write(self, directory: Path) -> tuple[Path, Path]:
        """Write roles-fetch.json and roles-fetch.md into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        json_path = directory / "roles-fetch.json"
        md_path = directory / "roles-fetch.md"
        json_path.write_text(self.to_json(), encoding="utf-8")
        md_path.write_text(self.to_markdown(), encoding="utf-8")
        return json_path, md_path


def one_line(text: str) -> str:
    """``text`` without control, bidi or zero-width characters, on one line,
    at most MAX_TEXT characters: safe to log and to put in a report."""
    return clean_text(text, max_len=MAX_TEXT)


def _cell(text: str) -> str:
    """Text shown literally inside a Markdown table cell or list item."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", one_line(text))


def _row(s: SourceReport) -> str:
    change = f"+{s.added} -{s.removed} ~{s.changed}" if s.status == FRESH else ""
    if s.sample:
        snapshot = "sample"
    elif s.snapshot_fetched_at:
        snapshot = f"{s.snapshot_fetched_at[:10]} ({s.snapshot_age_days or 0:g} d)"
    else:
        snapshot = "none"
    note = s.reason
    if s.problem_count:
        note = f"{note}; {_dropped(s.problem_count)}".lstrip("; ")
    cells = [
        _cell(s.name),
        _cell(s.status) if s.usable else f"**{_cell(s.status)}**",
        str(s.roles),
        change,
        human_bytes(s.bytes),
        f"{s.seconds:.1f} s",
        str(s.attempts),
        _cell(snapshot),
        _cell(note),
    ]
    return "| " + " | ".join(cells) + " |"


def _dropped(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''} dropped"


def _details(s: SourceReport) -> list[str]:
    """Bullet lines: which roles changed and which items were dropped."""
    parts: list[str] = []
    for label, all_ids, count in (
        ("added", s.added_ids, s.added),
        ("closed", s.removed_ids, s.removed),
        ("changed", s.changed_ids, s.changed),
    ):
        ids = all_ids[:MAX_IDS]
        if ids:
            more = f" and {count - len(ids)} more" if count > len(ids) else ""
            parts.append(f"- {label}: {', '.join(f'`{i}`' for i in ids)}{more}")
    if s.details_fetched is not None:
        parts.append(f"- {s.details_summary()} ({s.detail_requests} requests)")
    for label, lines, count in (
        ("dropped items", s.problems, s.problem_count),
        ("notes", s.notes, s.note_count),
        ("details not read", s.detail_notes, s.details_failed),
    ):
        if not lines:
            continue
        parts.append(f"- {label}:")
        parts += [f"  - {_cell(line)}" for line in lines]
        if count > len(lines):
            parts.append(f"  - and {count - len(lines)} more")
    return parts


def human_bytes(count: int) -> str:
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{count / 1000:.0f} KB"
    return f"{count / 1_000_000:.1f} MB"
