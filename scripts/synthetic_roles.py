"""Synthetic role snapshots for the benchmarks: many roles, every facet used.

Made-up roles in the snapshot's own shape (``data/roles/<source>.json``), for
measuring what a large board costs; they are never published.
"""

from __future__ import annotations

import hashlib
import random
import re
import uuid
from datetime import datetime, timedelta
from typing import Any

MICRO1_URL = "https://prod-api.micro1.ai/api/v1/job/portal"

FIELDS = {
    "ai-machine-learning": ["LLM Evaluation Engineer", "Machine Learning Engineer"],
    "software-engineering": ["Backend Engineer", "Full-stack Engineer"],
    "sciences-research": ["Physics Expert", "Organic Chemistry PhD"],
    "law": ["Corporate Lawyer", "Litigation Attorney"],
    "medicine": ["Physician (Cardiology)", "Registered Nurse"],
    "language-audio": ["Japanese Linguist", "Audio Transcription Expert"],
    "engineering": ["Mechanical Engineer", "Electrical Engineer"],
    "other-expert": ["Chess Coach", "Sommelier"],
}
SENIORITY = ["junior", "mid", "senior", "staff", "unspecified"]
EMPLOYMENT = [
    "full-time",
    "part-time",
    "contract",
    "temporary",
    "intern",
    "unspecified",
]
LOCATION = [
    ("remote", "Worldwide"),
    ("remote", "United States"),
    ("hybrid", "London"),
    ("onsite", "Berlin"),
]
SKILLS = [
    "Python",
    "PyTorch",
    "TensorFlow",
    "RAG",
    "Kubernetes",
    "SQL",
    "Spark",
    "Go",
    "Rust",
    "OpenCV",
    "Transformers",
    "MLflow",
    "Terraform",
    "AWS",
    "GCP",
]
COMPANIES = [
    "Northwind AI",
    "Fabrikam Labs",
    "Contoso Research",
    "Tailspin Vision",
    "Litware Cloud",
]


def synthetic_snapshot(count: int, *, now: datetime, seed: int = 7) -> dict[str, Any]:
    """A micro1 snapshot of ``count`` made-up roles with varied facets and pay."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    return {
        "version": 1,
        "source": "micro1",
        "kind": "micro1",
        "sample": False,
        "fetched_at": _iso(now),
        "validators": {},
        "roles": [_synthetic_role(rng, n, now=now) for n in range(count)],
        "closed": [],
    }


def _synthetic_role(rng: random.Random, n: int, *, now: datetime) -> dict[str, Any]:
    field = rng.choice(list(FIELDS))
    title = f"{rng.choice(FIELDS[field])} {n}"
    job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    digest = hashlib.sha256(job_id.encode()).hexdigest()[:8]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    location, region = rng.choice(LOCATION)
    pay = _synthetic_pay(rng)
    text = f"{title}: expert {field} work for a remote team. " * 3
    return {
        "id": f"micro1:{job_id}",
        "source": "micro1",
        "source_id": job_id,
        "slug": f"{slug}-{digest}",
        "title": title,
        "company": rng.choice(COMPANIES),
        "job_url": f"https://jobs.micro1.ai/post/{job_id}",
        "apply_target": f"https://jobs.micro1.ai/post/{job_id}",
        "field": field,
        "seniority": rng.choice(SENIORITY),
        "employment_type": rng.choice(EMPLOYMENT),
        "location_type": location,
        "region": region,
        "posted_at": _iso(now - timedelta(hours=rng.randint(1, 24 * 60))),
        "description_html": f"<p>{text}</p><ul><li>Write clearly</li></ul>",
        "description_text": text,
        "pay": pay,
        "skills": rng.sample(SKILLS, rng.randint(2, 7)),
        "countries": [],
        "valid_through": None,
        "updated_at": None,
        "sample": False,
    }


def _synthetic_pay(rng: random.Random) -> dict[str, Any] | None:
    """Seven in ten hourly, the rest yearly; one in ten states no pay."""
    hourly = rng.random() < 0.7
    low = rng.randint(20, 120) if hourly else rng.randint(60, 200) * 1000
    if rng.random() < 0.1:
        return None
    spread = rng.randint(5, 40) if hourly else rng.randint(10, 60) * 1000
    return {
        "min": low,
        "max": low + spread,
        "currency": "USD",
        "interval": "hour" if hourly else "year",
    }


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
