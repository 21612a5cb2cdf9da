"""Generated list records in the shape of micro1's live portal, for the bench."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

# domain_slug values in the order of frequency seen on micro1's live list,
# with rough weights; None stands for a record without the field.
DOMAINS = [
    ("sciences-research", 16),
    ("software-engineering", 14),
    ("other", 12),
    ("law", 9),
    ("applied-engineering", 8),
    ("business-operations", 7),
    ("ai-machine-learning", 7),
    ("language-audio", 6),
    ("robotics", 4),
    ("sales-marketing", 3),
    ("medicine", 3),
    ("generalist", 3),
    ("finance", 2),
    ("skilled-trades-construction", 2),
    ("arts-design", 1),
    ("data-analysis", 1),
    ("cybersecurity", 1),
    (None, 1),
]
TITLES = {
    "sciences-research": [
        "Chemistry Expert",
        "Physics PhD Evaluator",
        "Biology Expert",
    ],
    "software-engineering": ["Senior Python Engineer", "Full-stack Developer"],
    "law": ["Contract Law Expert", "Litigation Attorney Reviewer"],
    "medicine": ["Physician Reviewer", "Clinical Pharmacist Expert"],
    "language-audio": ["Spanish Linguist", "Japanese Voice Annotator"],
    "ai-machine-learning": ["LLM Evaluation Engineer", "Machine Learning Engineer"],
    "robotics": ["Robotics Data Collector", "Teleoperation Specialist"],
}
SKILLS = [
    "Multi-step quantitative reasoning",
    "Technical writing",
    "Python",
    "Legal research",
    "Clinical documentation",
    "Statistics",
    "Prompt evaluation",
    "Code review",
    "Spanish",
    "Data annotation",
    "Experimental design",
    "Financial modelling",
]
REWARDS = ["25", "50", "100", "150", "200", "250", "300", "500", "1000", "2000", "3000"]


def micro1_jobs(count: int, *, now: datetime, seed: int = 7) -> list[dict[str, Any]]:
    """List records as micro1's portal returns them (no description)."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    domains = [d for d, _ in DOMAINS]
    weights = [w for _, w in DOMAINS]
    jobs = []
    for n in range(count):
        domain = rng.choices(domains, weights)[0]
        job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        title = rng.choice(TITLES.get(domain or "", ["Domain Expert"]))
        low = rng.randint(15, 150)
        job: dict[str, Any] = {
            "job_id": job_id,
            "job_name": f"{title} {n}",
            "company_name": "micro1",
            "apply_url": f"https://jobs.micro1.ai/post/{job_id}",
            "date_posted": (now - timedelta(minutes=7 * n + 1)).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            "referral_reward_amount": rng.choice(REWARDS),
            "no_of_openings": rng.choice([1, 2, 5, 10, 50, 200, 4000]),
            "job_type": "ROBOTICS" if domain == "robotics" else "REGULAR",
            "skills": rng.sample(SKILLS, rng.randint(2, 6)),
        }
        if domain is not None:
            job["domain_slug"] = domain
        if rng.random() < 0.97:
            job["ideal_hourly_rate"] = {"min": low, "max": low + rng.randint(0, 60)}
        if rng.random() < 0.2:
            job["is_high_demand_job"] = "1"
        jobs.append(job)
    return jobs
