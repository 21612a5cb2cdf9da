"""micro1 list records and envelopes in the shape the real portal sends
(REFERENCE.md, "micro1's real data"); the values are invented."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from conftest import detail_of
from role_cards.settings import RoleCardsSettings, load_settings
from werkzeug import Request, Response

CODE = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER_CODE = "11111111-2222-4333-8444-555555555555"
PATH = "/api/v1/job/portal"


def job(number: int, **fields: Any) -> dict[str, Any]:
    """One list record: no description, company "micro1", reward as a string."""
    job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"chaos-job-{number}"))
    record: dict[str, Any] = {
        "job_id": job_id,
        "job_name": f"Contract Law Expert {number}",
        "company_name": "micro1",
        "apply_url": f"https://jobs.micro1.ai/post/{job_id}",
        "date_posted": f"2026-11-{1 + number % 20:02d} 10:00:00",
        "referral_reward_amount": "500",
        "no_of_openings": 4,
        "job_type": "REGULAR",
        "domain_slug": "law",
        "ideal_hourly_rate": {"min": 80, "max": 90},
        "is_high_demand_job": "1",
        "skills": ["Contract review", "Multi-step legal reasoning"],
    }
    record.update(fields)
    return record


def envelope(jobs: Sequence[dict[str, Any]], total: int | None) -> dict[str, Any]:
    page: dict[str, Any] = {"status": True, "statusCode": 200, "message": "Success"}
    if total is not None:
        page["total"] = total
    page["data"] = list(jobs)
    return page


Pager = Callable[[int, int], dict[str, Any]]


def paged(jobs: Sequence[dict[str, Any]], *, total: int | None = -1) -> Pager:
    """A well-behaved list: page N of ``limit``; total defaults to len(jobs)."""
    stated = len(jobs) if total == -1 else total

    def page(number: int, limit: int) -> dict[str, Any]:
        return envelope(jobs[(number - 1) * limit : number * limit], stated)

    return page


def handler(pager: Pager, calls: list[int] | None = None) -> Callable[..., Response]:
    """The portal: list pages from ``pager`` (their numbers go to ``calls``),
    and a detail record for every ``get_job_details`` request."""

    def answer(request: Request) -> Response:
        asked = request.get_json(silent=True) or {}
        if asked.get("action") == "get_job_details":
            job_id = str(asked.get("job_id"))
            body = {"status": True, "data": detail_of({"job_id": job_id})}
        else:
            number = int(request.args.get("page", "1"))
            if calls is not None:
                calls.append(number)
            body = pager(number, int(request.args.get("limit", "100")))
        return Response(json.dumps(body), content_type="application/json")

    return answer


def settings_for(
    tmp_path: Path, url: str, *, page_limit: int = 2, **extra: Any
) -> RoleCardsSettings:
    source = {"name": "micro1", "kind": "micro1", "url": url, "page_limit": page_limit}
    return load_settings(
        {
            "ROLE_CARDS_SOURCES": [source],
            "ROLE_CARDS_SNAPSHOT_DIR": str(tmp_path / "roles"),
            "ROLE_CARDS_REPORT_DIR": str(tmp_path / "reports"),
            "ROLE_CARDS_CONNECT_TIMEOUT": 1,
            "ROLE_CARDS_READ_TIMEOUT": 2,
            "ROLE_CARDS_REQUEST_DEADLINE": 5,
            "ROLE_CARDS_DEADLINE": 10,
            "ROLE_CARDS_RETRIES": 0,
            "REFERRAL_CODE": CODE,
            **extra,
        }
    )


NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
SEEDED = NOW - timedelta(days=1)
SIX = [job(n) for n in range(1, 7)]


def seed(tmp_path: Path, httpserver: Any) -> RoleCardsSettings:
    """Settings at ``httpserver``, and a good snapshot of SIX from a fresh
    refresh a day before NOW; the server keeps answering with SIX."""
    from role_cards.refresh import refresh

    settings = settings_for(tmp_path, httpserver.url_for(PATH))
    httpserver.expect_request(PATH, method="POST").respond_with_handler(
        handler(paged(SIX))
    )
    assert refresh(settings, now=SEEDED).entry("micro1").status == "fresh"
    return settings
