"""Measure the role board: page weight at the shipped snapshot and at 1,000 roles.

Builds the real site (repository content and theme, every plugin) twice into
temporary folders: once from the snapshots in data/roles, once from a
generated snapshot of synthetic roles. Prints bytes and gzip bytes of
roles/index.html, roles.js (as shipped and with comments and indentation
stripped), roles.css and roles.json, and the build time.

    .venv/bin/python scripts/bench_board.py [--roles 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import random
import re
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from pelican import Pelican  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

MICRO1_URL = "https://prod-api.micro1.ai/api/v1/job/portal"
FILES = {
    "roles/index.html": "roles/index.html",
    "roles.js": "theme/js/roles.js",
    "roles.css": "theme/css/roles.css",
    "roles.json": "roles/roles.json",
}

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


def build(output: Path, snapshot_dir: Path) -> float:
    """Build the site into ``output``; return the seconds it took."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(ROOT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "ROLE_CARDS_SNAPSHOT_DIR": str(snapshot_dir),
            "ROLE_CARDS_SOURCES": [
                {"name": "micro1", "kind": "micro1", "url": MICRO1_URL}
            ],
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        },
    )
    started = time.perf_counter()
    Pelican(settings).run()
    return time.perf_counter() - started


def minified(js: bytes) -> bytes:
    """Comments and indentation stripped: a minifier's output is smaller still."""
    text = re.sub(r"/\*.*?\*/", "", js.decode("utf-8"), flags=re.S)
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"\s+//\s.*$", "", raw).strip()
        if line and not line.startswith("//"):
            lines.append(line)
    return "\n".join(lines).encode("utf-8")


def sizes(output: Path) -> dict[str, tuple[int, int]]:
    result = {}
    for label, relative in FILES.items():
        data = (output / relative).read_bytes()
        result[label] = (len(data), len(gzip.compress(data, 9)))
        if label == "roles.js":
            small = minified(data)
            result["roles.js (min)"] = (len(small), len(gzip.compress(small, 9)))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--roles", type=int, default=1000, help="synthetic roles (default 1000)"
    )
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="rmtly-bench-") as temp:
        base = args.keep or Path(temp)
        runs = {}
        shipped = ROOT / "data" / "roles"
        count = sum(
            len(json.loads(p.read_text(encoding="utf-8"))["roles"])
            for p in shipped.glob("*.json")
        )
        runs[f"shipped ({count} roles)"] = (base / "shipped", shipped)
        synthetic_dir = base / "snapshots"
        synthetic_dir.mkdir(parents=True, exist_ok=True)
        data = synthetic_snapshot(args.roles, now=datetime.now(UTC))
        (synthetic_dir / "micro1.json").write_text(json.dumps(data), encoding="utf-8")
        runs[f"{args.roles:,} roles"] = (base / "synthetic", synthetic_dir)
        results = {}
        for name, (output, snapshots) in runs.items():
            seconds = build(output, snapshots)
            results[name] = (sizes(output), seconds)
        verdict = board_budget(base / "synthetic", args.roles)
    report(results)
    print(verdict[1])
    return 0 if verdict[0] else 1


def board_budget(output: Path, roles: int) -> tuple[bool, str]:
    """The budgets gate on the synthetic board: (within budget, one line)."""
    sys.path.insert(0, str(ROOT))
    from checks.budgets import page_weight  # noqa: PLC0415
    from checks.run import load_settings  # noqa: PLC0415
    from checks.site import Site  # noqa: PLC0415

    limit = load_settings(read_settings(str(ROOT / "pelicanconf.py"))).budgets["board"]
    weight = page_weight(Site(output), "roles/index.html")
    ok = weight <= limit
    return ok, (
        f"board budget at {roles:,} roles: {weight:,} B of {limit:,} B gzip "
        f"(HTML + CSS + JS): {'within' if ok else 'OVER'} budget"
    )


def report(results: dict[str, tuple[dict[str, tuple[int, int]], float]]) -> None:
    names = list(results)
    print(f"{'file':<18}" + "".join(f"{name:>30}" for name in names))
    for label in next(iter(results.values()))[0]:
        cells = "".join(
            f"{f'{raw:,} B / {gz:,} B gzip':>30}"
            for raw, gz in (results[name][0][label] for name in names)
        )
        print(f"{label:<18}{cells}")
    print(f"{'build':<18}" + "".join(f"{f'{results[n][1]:.2f} s':>30}" for n in names))


if __name__ == "__main__":
    sys.exit(main())
