"""Made-up micro1 jobs in the real shapes, for measuring and for the samples.

The records have the fields, value vocabularies and proportions of micro1's
real list (311 jobs; domain_slug frequencies in the observed order; reward
strings from "25" to "3000", most often "500"; hourly pay on 97%), but every
title, skill and figure is invented. Counts per domain follow the observed
order; the counts themselves are assumptions (only the order was recorded).

    .venv/bin/python scripts/micro1_shaped.py fields     # field distribution
    .venv/bin/python scripts/micro1_shaped.py details    # detail requests, 2 runs
    .venv/bin/python scripts/micro1_shaped.py serve --port 8900  # a local portal
    .venv/bin/python scripts/micro1_shaped.py sample data/roles/micro1.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from role_cards.classify import load_taxonomy  # noqa: E402
from role_cards.model import Role  # noqa: E402
from role_cards.refresh import refresh  # noqa: E402
from role_cards.settings import SourceConfig, load_settings  # noqa: E402
from role_cards.snapshot import Snapshot, write_snapshot  # noqa: E402
from role_cards.sources import micro1  # noqa: E402
from role_cards.sources.micro1_details import Enriched  # noqa: E402

# domain_slug -> (jobs, invented titles); None is a job with no domain_slug.
DOMAINS: list[tuple[str | None, int, list[str]]] = [
    (
        "sciences-research",
        52,
        [
            "Physics Expert",
            "Organic Chemistry PhD",
            "Molecular Biology Researcher",
            "Mathematics Olympiad Expert",
        ],
    ),
    (
        "software-engineering",
        44,
        [
            "Senior Python Engineer",
            "Full-Stack Developer",
            "Rust Systems Engineer",
            "Code Review Expert (TypeScript)",
        ],
    ),
    (
        "other",
        38,
        [
            "Chess Coach",
            "Nutrition Expert",
            "History Teacher",
            "Creative Writing Expert",
            "Philosophy PhD",
            "Sommelier",
            "Sports Analyst",
            "Psychology Researcher",
            "Tarot and Astrology Writer",
            "Fitness Trainer",
        ],
    ),
    ("law", 30, ["Corporate Lawyer", "Litigation Attorney", "Tax Law Expert"]),
    (
        "applied-engineering",
        26,
        ["Mechanical Engineer", "Electrical Engineer", "Civil Engineering Expert"],
    ),
    (
        "business-operations",
        22,
        ["Operations Manager", "Supply Chain Expert", "Management Consultant"],
    ),
    (
        "ai-machine-learning",
        20,
        ["LLM Evaluation Engineer", "Machine Learning Engineer", "AI Red Teamer"],
    ),
    (
        "language-audio",
        17,
        ["Japanese Linguist", "Voice Actor (Spanish)", "Audio Transcription Expert"],
    ),
    ("robotics", 13, ["Humanoid Teleoperation Specialist", "Robot Data Collector"]),
    ("sales-marketing", 11, ["B2B Sales Expert", "Marketing Strategist"]),
    ("medicine", 9, ["Physician (Cardiology)", "Registered Nurse", "Pharmacist"]),
    ("generalist", 8, ["Generalist AI Trainer", "Generalist Expert Reviewer"]),
    ("finance", 6, ["Investment Banking Analyst", "Chartered Accountant"]),
    ("skilled-trades-construction", 5, ["Licensed Electrician", "HVAC Technician"]),
    ("arts-design", 4, ["Illustrator", "UX Designer"]),
    ("data-analysis", 3, ["Data Analyst", "Business Intelligence Expert"]),
    ("cybersecurity", 2, ["Penetration Tester", "Security Analyst"]),
    (None, 1, ["Expert Reviewer"]),
]
# The 11 observed reward values, "500" most often (weights invented).
REWARDS = [("25", 2), ("50", 3), ("100", 6), ("150", 4), ("250", 10), ("300", 5),
           ("500", 40), ("750", 6), ("1000", 12), ("2000", 3), ("3000", 2)]  # fmt: skip
SKILLS = [
    "Multi-step quantitative reasoning", "Clear technical writing",
    "Rubric design", "Error analysis", "Domain research", "Fact checking",
    "Careful reading of long documents", "Explaining reasoning step by step",
]  # fmt: skip
NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def records(
    count: int = 311, *, seed: int = 7, now: datetime = NOW
) -> list[dict[str, Any]]:
    """``count`` list records (311: the observed size) in micro1's list shape."""
    rng = random.Random(seed)  # noqa: S311 (made-up data)
    slots = [(d, titles) for d, n, titles in DOMAINS for _ in range(n)]
    out = []
    for n in range(count):
        domain, titles = slots[n % len(slots)]
        job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        record: dict[str, Any] = {
            "job_id": job_id,
            "job_name": rng.choice(titles),
            "company_name": "micro1",
            "apply_url": f"https://jobs.micro1.ai/post/{job_id}",
            "date_posted": (now - timedelta(hours=rng.randint(2, 24 * 50))).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            "referral_reward_amount": rng.choices(
                [r for r, _ in REWARDS], [w for _, w in REWARDS]
            )[0],
            "no_of_openings": rng.choice([1, 2, 4, 5, 10, 25, 50, 100, 500, 4000]),
            "job_type": "ROBOTICS" if domain == "robotics" else "REGULAR",
            "skills": rng.sample(SKILLS, rng.randint(2, 4)),
        }
        if domain is not None:
            record["domain_slug"] = domain
        if rng.random() < 0.97:
            low = rng.choice([20, 30, 40, 50, 60, 80, 100, 120])
            record["ideal_hourly_rate"] = {
                "min": low,
                "max": low + rng.choice([5, 10, 20]),
            }
        if rng.random() < 0.2:
            record["is_high_demand_job"] = "1"
        out.append(record)
    return out


def detail(record: dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """The detail record micro1 would send for ``record`` (invented text)."""
    rng = random.Random(f"{record['job_id']}{seed}")  # noqa: S311
    task = rng.random() < 0.3
    title = record["job_name"]
    html = (
        "<p>Role Type: Contractor</p>"
        f"<p>As a {title} you will write and review expert answers that AI "
        "models learn from, and find where a model's reasoning goes wrong.</p>"
        "<h3>What you will do</h3><ul><li>Write hard, realistic problems in your "
        "field</li><li>Grade model answers against a rubric</li><li>Explain each "
        "error plainly</li></ul>"
        + (
            "<p>Experts are paid per task; most tasks take under an hour.</p>"
            if task
            else ""
        )
        + "<p><em>Invented text in micro1's shape, not a real posting.</em></p>"
    )
    questions = (
        [
            f"How many years have you worked as a {title.lower()}?",
            "How many hours a week can you commit?",
        ]
        if rng.random() < 0.4
        else None
    )
    return {
        "client_job_id": record["job_id"],
        "job_role_name": title,
        "create_datetime": record["date_posted"],
        "role_type": "specialist",
        "required_skills": record["skills"],
        "job_description": html,
        "location_type": None,
        "location_name": "",
        "ideal_monthly_salary_min": None,
        "ideal_monthly_salary_max": None,
        "ideal_yearly_compensation": None,
        "job_status": "open",
        "no_of_openings": record["no_of_openings"],
        "referral_reward_amount": record["referral_reward_amount"],
        "is_referral_enabled": 1,
        "job_qualifying_question_list": questions,
        "client_details": {"client_id": "cl-0", "client_name": "micro1"},
    }


class Portal(ThreadingHTTPServer):
    """micro1's portal endpoint on 127.0.0.1: list (paged, with total) and details."""

    def __init__(self, jobs: list[dict[str, Any]], port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.jobs = jobs
        self.list_requests = 0
        self.detail_requests = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: Portal

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if body.get("action") == "get_job_details":
            with self.server.lock:
                self.server.detail_requests += 1
            found = next(
                (j for j in self.server.jobs if j["job_id"] == body.get("job_id")), None
            )
            answer: dict[str, Any] = (
                {
                    "status": True,
                    "statusCode": 200,
                    "message": "Success",
                    "data": detail(found),
                }
                if found
                else {"status": False, "message": "Job not found", "data": None}
            )
        else:
            with self.server.lock:
                self.server.list_requests += 1
            query = parse_qs(urlsplit(self.path).query)
            page = int(query.get("page", ["1"])[0])
            limit = int(query.get("limit", ["100"])[0])
            rows = self.server.jobs[(page - 1) * limit : page * limit]
            answer = {"status": True, "statusCode": 200, "message": "Success",
                      "total": len(self.server.jobs), "data": rows}  # fmt: skip
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def field_distribution(jobs: Sequence[dict[str, Any]]) -> None:

    source = SourceConfig(name="micro1", kind="micro1", url="https://x.invalid/")
    result = micro1.parse({"status": True, "data": list(jobs)}, source, now=NOW)
    fields = load_taxonomy().field
    counts = Counter(role.field for role in result.roles)
    vague = sum(
        n for slug, n in counts.items() if fields.get(slug) and fields.get(slug).vague
    )  # type: ignore[union-attr]
    total = len(result.roles)
    print(
        f"{total} roles, {len(counts)} fields used, vague {vague} ({vague / total:.1%})"
    )
    for field in fields.fields:
        if counts[field.slug]:
            mark = " (vague)" if field.vague else ""
            print(f"  {counts[field.slug]:4d}  {field.label}{mark}")


def detail_runs(jobs: list[dict[str, Any]]) -> None:
    """Two nightly refreshes over an unchanged list against a local portal."""

    portal = Portal(jobs)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{portal.server_address[1]}/api/v1/job/portal"
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            {
                "ROLE_CARDS_SOURCES": [
                    {"name": "micro1", "kind": "micro1", "url": url}
                ],
                "ROLE_CARDS_SNAPSHOT_DIR": tmp,
                "ROLE_CARDS_REPORT_DIR": None,
                "REFERRAL_CODE": "0f8fad5b-d9cb-469f-a165-70867728950e",
            }
        )
        for night in (0, 1):
            before = portal.detail_requests
            entry = refresh(settings, now=NOW + timedelta(days=night)).entry("micro1")
            assert entry is not None
            print(
                f"run {night + 1}: {entry.roles} roles, "
                f"{portal.detail_requests - before} detail requests; {entry.summary()}"
            )
    portal.shutdown()


def write_sample(path: Path, count: int = 14) -> None:
    """The shipped sample snapshot: a few invented jobs, parsed like real ones."""

    picked, seen = [], set()
    for record in records(311, seed=11):
        if record.get("domain_slug") not in seen:
            seen.add(record.get("domain_slug"))
            picked.append(record)
        if len(picked) == count:
            break
    enriched = Enriched(pages=[{"status": True, "data": picked}], fetched_at=NOW)
    enriched.details = {r["job_id"]: detail(r) for r in picked}
    source = SourceConfig(name="micro1", kind="micro1", url="https://x.invalid/")
    roles: list[Role] = micro1.parse(enriched, source, now=NOW).roles
    sample = [
        # No valid-through date: samples must not close as the calendar moves on.
        r.replace(company="micro1 (sample)", sample=True, valid_through=None)
        for r in roles
    ]
    closed = [sample[-1].replace(closed_at=NOW - timedelta(days=6))]
    snapshot = Snapshot(
        "micro1", "micro1", True, NOW, {}, tuple(sample[:-1]), tuple(closed)
    )
    write_snapshot(path, snapshot)
    print(f"wrote {path}: {len(sample) - 1} open and 1 closed sample roles")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fields", "details", "serve", "sample"])
    parser.add_argument("path", nargs="?", default=str(ROOT / "data/roles/micro1.json"))
    parser.add_argument("--count", type=int, default=311)
    parser.add_argument("--port", type=int, default=8900)
    args = parser.parse_args(argv)
    jobs = records(args.count)
    if args.command == "fields":
        field_distribution(jobs)
    elif args.command == "details":
        detail_runs(jobs)
    elif args.command == "sample":
        write_sample(Path(args.path))
    else:
        portal = Portal(jobs, args.port)
        print(
            f"serving {len(jobs)} jobs at http://127.0.0.1:{args.port}/api/v1/job/portal"
        )
        portal.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
