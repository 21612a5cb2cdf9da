"""build_role and parse_items: the one place an item is validated."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from role_cards.classify import load_taxonomy
from role_cards.model import (
    EmploymentType,
    LocationType,
    Pay,
    PayInterval,
    Role,
    Seniority,
)
from role_cards.settings import SourceConfig
from role_cards.sources import KINDS
from role_cards.sources.common import (
    ItemProblem,
    PayloadError,
    RawPay,
    build_role,
    check_pay,
    make_slug,
    parse_items,
    payload_list,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
BOARD = SourceConfig(
    name="northwind", kind="greenhouse", url="https://boards-api.greenhouse.io/v1/x"
)
JOB_URL = "https://boards.greenhouse.io/northwind/jobs/123"


def build(**overrides: Any) -> Role:
    fields: dict[str, Any] = {
        "source_id": 123,
        "title": "Senior Machine Learning Engineer",
        "company": "Northwind Labs",
        "job_url": JOB_URL,
        "apply_url": None,
        "description_html": "<p>Build models.</p>",
        "posted_at": "2026-11-18T09:00:00Z",
        "now": NOW,
    }
    fields.update(overrides)
    source = fields.pop("source", BOARD)
    return build_role(source, **fields)


def problem(**overrides: Any) -> ItemProblem:
    with pytest.raises(ItemProblem) as caught:
        build(**overrides)
    return caught.value


def test_build_role_makes_a_clean_role() -> None:
    role = build(
        skills=["PyTorch", "pytorch", " SQL ", 7, ""],
        countries=["us", "United States", "CA"],
        region="Remote \u2013 US",
        employment_type="Full-time",
        location_type=LocationType.REMOTE,
        pay=RawPay(150000, "190000", "usd", "per-year-salary"),
        updated_at="2026-11-19T10:00:00-05:00",
    )
    assert role.id == "northwind:123"
    assert role.source == "northwind"
    assert role.source_id == "123"
    assert role.job_url == role.apply_target == JOB_URL
    assert role.field == "ai-machine-learning"
    assert role.seniority is Seniority.SENIOR
    assert role.employment_type is EmploymentType.FULL_TIME
    assert role.posted_at == datetime(2026, 11, 18, 9, tzinfo=UTC)
    assert role.updated_at == datetime(2026, 11, 19, 15, tzinfo=UTC)
    assert role.pay == Pay(150000.0, 190000.0, "USD", PayInterval.YEAR)
    assert role.skills == ("PyTorch", "SQL")
    assert role.countries == ("US", "CA")
    assert role.description_text == "Build models."
    assert role.slug.startswith("senior-machine-learning-engineer-")
    # The role survives a snapshot round trip unchanged.
    assert Role.from_dict(role.to_dict()) == role


def test_markup_in_title_and_company_stays_text() -> None:
    role = build(title="<b>LLM</b> Engineer </script>", company="Acme <img src=x>")
    assert role.title == "<b>LLM</b> Engineer </script>"
    assert role.company == "Acme <img src=x>"


def test_bidi_and_zero_width_characters_are_removed_from_titles() -> None:
    assert build(title="\u202eSenior\u202c \u200bNLP\ufeff Engineer\u2066").title == (
        "Senior NLP Engineer"
    )


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (None, "title is missing"),
        ("", "title is missing"),
        ("  \u200b\u202e ", "title is missing"),
        (12345, "title is not text (got int)"),
        (["Engineer"], "title is not text (got list)"),
        ({"en": "Engineer"}, "title is not text (got dict)"),
    ],
)
def test_bad_titles_drop_the_item(title: object, message: str) -> None:
    assert message in problem(title=title).message


@pytest.mark.parametrize(
    ("source_id", "message"),
    [
        (None, "job id is missing"),
        (True, "job id is missing or not text (got bool)"),
        ([1], "got list"),
        ("", "unexpected characters"),
        ("../etc/passwd", "unexpected characters"),
        ("a b", "unexpected characters"),
        ("x" * 200, "unexpected characters"),
    ],
)
def test_bad_ids_drop_the_item(source_id: object, message: str) -> None:
    assert message in problem(source_id=source_id).message


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("apply_url", "javascript:alert(1)"),
        ("apply_url", "data:text/html,<script>alert(1)</script>"),
        ("apply_url", "//boards.greenhouse.io/northwind/jobs/123"),
        ("apply_url", "/northwind/jobs/123"),
        ("apply_url", "https://evil.example/apply"),
        ("apply_url", "https://boards.greenhouse.io.evil.example/x"),
        ("apply_url", "https://boards-greenhouse.io/x"),
        ("apply_url", "https://user:pw@boards.greenhouse.io/x"),
        ("apply_url", "http://boards.greenhouse.io/x"),
        ("apply_url", "https://boards.greenhouse.io:8443/x"),
        ("apply_url", 42),
        ("job_url", "javascript:alert(1)"),
        ("job_url", "https://evil.example/job"),
        ("job_url", None),
    ],
)
def test_every_unsafe_url_drops_the_role_naming_source_and_job(
    field: str, url: object
) -> None:
    def to_role(item: dict[str, Any]) -> Role:
        return build(**{field: url})

    result = parse_items([{}], to_role, source=BOARD)
    assert result.roles == []
    assert len(result.problems) == 1
    line = result.problems[0]
    assert line.startswith("northwind job 123: ")
    assert "refused" in line or "not text" in line


def test_apply_url_is_kept_when_safe_and_falls_back_to_the_job_page() -> None:
    apply = "https://boards.greenhouse.io/northwind/jobs/123#app"
    assert build(apply_url=apply).apply_target == apply
    assert build(apply_url="").apply_target == JOB_URL


def test_a_source_allowlist_replaces_the_kind_default() -> None:
    source = SourceConfig(
        name="careers",
        kind="greenhouse",
        url="https://x",
        apply_hosts=("careers.example.com",),
    )
    url = "https://careers.example.com/jobs/1"
    assert build(source=source, job_url=url).job_url == url
    assert "refused" in problem(source=source).message  # JOB_URL is not allowed now


@pytest.mark.parametrize(
    ("posted_at", "message"),
    [
        ("2026-13-45", "is not a date"),
        ("yesterday", "is not a date"),
        (None, "missing"),
        (1763380800, "not a date (got int)"),
        ("1999-12-31T23:00:00Z", "impossible"),
        ("2026-11-24T00:00:00Z", "impossible"),  # more than 2 days ahead
        ("0001-01-01T00:00:00+05:00", "out of range"),
    ],
)
def test_impossible_posted_dates_drop_the_item(posted_at: object, message: str) -> None:
    assert message in problem(posted_at=posted_at).message


def test_dates_are_utc_aware_and_naive_times_are_read_as_utc() -> None:
    assert build(posted_at="2026-11-18 09:30:00").posted_at == datetime(
        2026, 11, 18, 9, 30, tzinfo=UTC
    )
    assert (
        build(posted_at="2026-11-23T11:00:00Z").posted_at.tzinfo is UTC
    )  # within slack


def test_valid_through_checks() -> None:
    assert build(valid_through="2026-11-21").valid_through == datetime(
        2026, 11, 21, 23, 59, 59, tzinfo=UTC
    )
    assert "before posting" in problem(valid_through="2026-11-01").message
    assert "not a date" in problem(valid_through="soon").message
    expired = problem(posted_at="2026-10-01", valid_through="2026-11-20T00:00:00Z")
    assert expired.kind == "expired"


def test_an_unusable_updated_date_is_ignored_not_fatal() -> None:
    assert build(updated_at="garbage").updated_at is None
    assert build(updated_at="2030-01-01").updated_at is None
    assert build(updated_at="2026-11-01").updated_at is None  # before posting


@pytest.mark.parametrize(
    ("pay", "message"),
    [
        (RawPay(True, 90, "USD", "hour"), "not a number (got bool)"),
        (RawPay("lots", 90, "USD", "hour"), "'lots' is not a number"),
        (RawPay(math.nan, 90, "USD", "hour"), "not a finite number"),
        (RawPay(50, math.inf, "USD", "hour"), "not a finite number"),
        (RawPay(50, [90], "USD", "hour"), "not a finite number"),
        (RawPay(-5, 90, "USD", "hour"), "negative"),
        (RawPay(90, 50, "USD", "hour"), "above the maximum"),
        (RawPay(5000, 9000, "USD", "hour"), "implausible"),
        (RawPay(0.5, None, "USD", "hour"), "implausible"),
        (RawPay(150000, 190000, "USD", "hour"), "implausible"),
        (RawPay(500, 900, "USD", "year"), "implausible"),
        (RawPay(50, 90, "dollars", "hour"), "ISO 4217"),
        (RawPay(50, 90, 840, "hour"), "ISO 4217"),
    ],
)
def test_absurd_pay_drops_the_item(pay: RawPay, message: str) -> None:
    assert message in problem(pay=pay).message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        (RawPay(None, None, "USD", "hour"), None),
        (RawPay(0, 0, "USD", "hour"), None),  # zero means "not stated"
        (RawPay(50, 90, None, "hour"), None),  # no currency: nothing to compare
        (RawPay(50, 90, "USD", "one-time"), None),
        (RawPay(0, 90, "USD", "hour"), Pay(None, 90.0, "USD", PayInterval.HOUR)),
        (
            RawPay("60", "90.5", " usd ", "HOUR"),
            Pay(60.0, 90.5, "USD", PayInterval.HOUR),
        ),
        (
            RawPay(80000, None, "EUR", "1 YEAR"),
            Pay(80000.0, None, "EUR", PayInterval.YEAR),
        ),
        (
            RawPay(3000, 4000, "USD", "per-month-salary"),
            Pay(3000, 4000, "USD", "month"),
        ),
        # Weak currencies are judged in their own units, roughly.
        (
            RawPay(9_000_000, None, "JPY", "YEAR"),
            Pay(9e6, None, "JPY", PayInterval.YEAR),
        ),
        # A currency with no known rate skips the bounds, keeps the number checks.
        (RawPay(10, 20, "XAU", "hour"), Pay(10.0, 20.0, "XAU", PayInterval.HOUR)),
    ],
)
def test_check_pay_accepts(raw: RawPay | None, expected: Pay | None) -> None:
    result = check_pay(raw)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert (result.min, result.max, result.currency) == (
            expected.min,
            expected.max,
            expected.currency,
        )
        assert result.interval == PayInterval(expected.interval)


def test_skills_are_capped_at_twelve() -> None:
    skills = [f"Skill {n}" for n in range(30)]
    assert len(build(skills=skills).skills) == 12
    assert build(skills="Python, SQL,  python").skills == ("Python", "SQL")


def test_description_is_sanitised_and_wrong_types_drop_the_item() -> None:
    role = build(description_html='<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert role.description_html == "<p>Hi</p>"
    assert "description is not text" in problem(description_html=["<p>"]).message


def test_company_must_be_present() -> None:
    assert "company is missing" in problem(company="").message
    assert "company is not text" in problem(company=7).message


def test_slug_is_ascii_bounded_and_never_a_field_value() -> None:
    slug = make_slug("Ingénieur·e IA — Vision par ordinateur " * 5, "x:1")
    assert slug.isascii()
    assert len(slug) <= 60 + 9
    assert slug.startswith("ingenieur-e-ia-vision-par-ordinateur-")
    assert make_slug("Computer Vision", "s:1") != "computer-vision"
    assert make_slug("日本語", "s:1").startswith("role-")
    assert make_slug("LLM", "s:1") != make_slug("LLM", "s:2")
    assert make_slug("LLM", "s:1") == make_slug("LLM", "s:1")
    for field in load_taxonomy().field.slugs:
        assert make_slug(field, "s:1") != field


def test_parse_items_keeps_good_items_and_reports_the_rest() -> None:
    def to_role(item: Any) -> Role:
        if item == "boom":
            raise KeyError("job_name")
        return build(**item)

    items = [
        {"source_id": 1},
        {"source_id": 2, "title": None},
        "boom",
        {"source_id": 1, "title": "Another title"},
        {"source_id": 3, "valid_through": "2026-11-01", "posted_at": "2026-10-01"},
        {"source_id": 4},
    ]
    result = parse_items(items, to_role, source=BOARD)
    assert [r.source_id for r in result.roles] == ["1", "4"]
    assert result.problems == [
        "northwind job 2: title is missing or empty",
        "northwind item #3: unreadable (KeyError: 'job_name')",
        "northwind job 1: duplicate id; kept the first",
    ]
    assert result.skipped == ["northwind job 3: expired on 2026-11-01"]


def test_parse_items_of_nothing_is_an_empty_result() -> None:
    result = parse_items([], lambda item: build(), source=BOARD)
    assert (result.roles, result.problems, result.skipped) == ([], [], [])


def test_payload_list_names_the_source_and_the_shape() -> None:
    assert payload_list({"jobs": []}, "jobs", BOARD) == []
    with pytest.raises(
        PayloadError,
        match=r'northwind \(greenhouse\): expected an object with a "jobs" list, '
        "got a list",
    ):
        payload_list([], "jobs", BOARD)
    with pytest.raises(PayloadError, match=r"got an object with keys \[error\]"):
        payload_list({"error": "x"}, None, BOARD)


def test_every_kind_is_registered_with_fetch_and_parse() -> None:
    assert set(KINDS) == {"micro1", "greenhouse", "lever", "ashby", "jsonld"}
    for module in KINDS.values():
        assert callable(module.fetch)
        assert callable(module.parse)


def test_now_plus_slack_is_the_latest_posting_time() -> None:
    at_limit = (NOW + timedelta(days=2)).isoformat()
    assert build(posted_at=at_limit).posted_at == NOW + timedelta(days=2)
