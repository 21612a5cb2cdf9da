"""The fetch report: one-line summaries, JSON for tools, Markdown for CI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from role_cards.report import FetchReport, SourceReport, human_bytes

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def fresh() -> SourceReport:
    entry = SourceReport("micro1", "micro1", status="fresh", roles=57, fetched=57)
    entry.set_diff(
        tuple(f"micro1:a{n}" for n in range(3)),
        ("micro1:gone",),
        ("micro1:x", "micro1:y"),
    )
    entry.bytes, entry.seconds, entry.attempts, entry.requests = 180_400, 1.42, 1, 1
    entry.use_snapshot(NOW, NOW, sample=False)
    return entry


def stale() -> SourceReport:
    entry = SourceReport(
        "acme", "greenhouse", status="stale", reason="connection refused"
    )
    entry.roles, entry.attempts = 12, 2
    entry.use_snapshot(NOW - timedelta(days=2, hours=3), NOW, sample=False)
    return entry


def test_summaries_are_the_log_lines():
    assert fresh().summary() == "fresh, 57 roles (+3 -1 ~2), 180 KB in 1.4 s"
    assert stale().summary() == (
        "fetch failed (connection refused); using last-known-good snapshot from "
        "2026-11-19 (2 days old)"
    )
    refused = SourceReport("micro1", "micro1", status="stale", refused=True)
    refused.reason = "refused: 3 roles vs 40 in the snapshot; rerun ..."
    refused.use_snapshot(NOW - timedelta(days=1), NOW, sample=False)
    assert refused.summary().startswith("refused: 3 roles vs 40 in the snapshot; rerun")
    assert refused.summary().endswith(
        "using last-known-good snapshot from 2026-11-20 (1 day old)"
    )
    sample = SourceReport(
        "micro1", "micro1", status="stale", reason="connection refused"
    )
    sample.use_snapshot(NOW, NOW, sample=True)
    assert "sample snapshot shipped with the site" in sample.summary()
    failed = SourceReport("x", "lever", status="failed", reason="HTTP 404 Not Found")
    assert failed.summary() == (
        "fetch failed (HTTP 404 Not Found); no usable snapshot, so no roles from "
        "this source"
    )
    assert not failed.usable


def test_problems_keep_the_first_twenty_and_the_count():
    entry = fresh()
    entry.set_problems([f"micro1 job {n}: title is missing" for n in range(25)])
    assert entry.problem_count == 25
    assert len(entry.problems) == 20
    assert entry.summary().endswith("; 25 items dropped")
    entry.set_problems(["micro1 job 1: title is missing"])
    assert entry.summary().endswith("; 1 item dropped")


def test_json_form():
    report = FetchReport(started_at=NOW, finished_at=NOW, sources=[fresh(), stale()])
    data = json.loads(report.to_json())
    assert data["ok"] is True
    first = data["sources"][0]
    assert first["name"] == "micro1"
    assert first["added_ids"] == ["micro1:a0", "micro1:a1", "micro1:a2"]
    assert first["summary"] == "fresh, 57 roles (+3 -1 ~2), 180 KB in 1.4 s"
    assert data["sources"][1]["snapshot_age_days"] == 2.12


def test_markdown_table():
    failed = SourceReport("broken|name", "lever", reason="HTTP 404 Not Found")
    report = FetchReport(started_at=NOW, sources=[fresh(), stale(), failed])
    text = report.to_markdown()
    lines = text.splitlines()
    assert lines[0] == "## Role sources"
    assert "**No usable roles from broken\\|name.**" in text
    assert (
        "| micro1 | fresh | 57 | +3 -1 ~2 | 180 KB | 1.4 s | 1 | 2026-11-21 (0 d) |  |"
        in lines
    )
    assert (
        "| acme | stale | 12 |  | 0 B | 0.0 s | 2 | 2026-11-19 (2.12 d) "
        "| connection refused |" in lines
    )
    assert "| broken\\|name | **failed** | 0 |" in text
    assert "- added: `micro1:a0`, `micro1:a1`, `micro1:a2`" in lines
    assert "- closed: `micro1:gone`" in lines


def test_write_puts_both_files_in_the_directory(tmp_path):
    report = FetchReport(started_at=NOW, sources=[fresh()])
    json_path, md_path = report.write(tmp_path / "reports")
    assert json_path == tmp_path / "reports" / "roles-fetch.json"
    assert json.loads(json_path.read_text())["sources"][0]["status"] == "fresh"
    assert md_path.read_text() == report.to_markdown()


def test_human_bytes():
    assert [human_bytes(n) for n in (0, 999, 180_400, 5_242_880)] == [
        "0 B",
        "999 B",
        "180 KB",
        "5.2 MB",
    ]


def test_remote_text_is_one_clean_line():
    entry = SourceReport("micro1", "micro1", status="failed")
    entry.set_reason(
        "rejected:\r\nforged line\x1b[31m \u202ereversed\u200b " + "x" * 900
    )
    assert entry.reason.startswith("rejected: forged line[31m reversed x")
    assert len(entry.reason) <= 300
    entry.set_problems(["micro1 job 1: title\n'<b>'\x00"])
    assert entry.problems == ["micro1 job 1: title '<b>'"]


def test_markdown_shows_remote_text_literally():
    entry = SourceReport("micro1", "micro1", status="failed")
    entry.set_reason(
        "a | b `code` *em* _u_ [link](https://x.example) <img src=x> ~s~ &amp;"
    )
    entry.set_problems(["micro1 job 7: title `</td>` | <script>"])
    text = FetchReport(started_at=NOW, sources=[entry]).to_markdown()
    (row,) = [line for line in text.splitlines() if line.startswith("| micro1 ")]
    assert row.count(" | ") == 8
    assert (
        r"a \| b \`code\` \*em\* \_u\_ \[link\](https://x.example) \<img src=x\> "
        r"\~s\~ \&amp;" in row
    )
    assert r"  - micro1 job 7: title \`\</td\>\` \| \<script\>" in text.splitlines()


def test_a_fetch_that_needed_retries_says_so():
    entry = fresh()
    entry.retries = 2
    assert entry.summary() == (
        "fresh, 57 roles (+3 -1 ~2), 180 KB in 1.4 s after 2 retries"
    )
    entry.retries = 1
    assert "in 1.4 s after 1 retry" in entry.summary()
