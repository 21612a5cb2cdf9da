"""The normalised role: what every source is parsed into and every template reads.

A Role is immutable and already safe: its text fields are plain text (templates
escape them), its description HTML is sanitised, and its apply URL is the
referral link built and validated in code. Templates never build URLs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class Seniority(StrEnum):
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"  # staff, principal, lead
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        return {
            Seniority.JUNIOR: "Junior",
            Seniority.MID: "Mid-level",
            Seniority.SENIOR: "Senior",
            Seniority.STAFF: "Staff / principal",
            Seniority.UNSPECIFIED: "Any level",
        }[self]


class EmploymentType(StrEnum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    CONTRACT = "contract"
    TEMPORARY = "temporary"
    INTERN = "intern"
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        return {
            EmploymentType.FULL_TIME: "Full-time",
            EmploymentType.PART_TIME: "Part-time",
            EmploymentType.CONTRACT: "Contract",
            EmploymentType.TEMPORARY: "Temporary",
            EmploymentType.INTERN: "Internship",
            EmploymentType.UNSPECIFIED: "Not stated",
        }[self]

    @property
    def schema_org(self) -> str | None:
        """The value Google's JobPosting `employmentType` expects."""
        return {
            EmploymentType.FULL_TIME: "FULL_TIME",
            EmploymentType.PART_TIME: "PART_TIME",
            EmploymentType.CONTRACT: "CONTRACTOR",
            EmploymentType.TEMPORARY: "TEMPORARY",
            EmploymentType.INTERN: "INTERN",
        }.get(self)


class LocationType(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"

    @property
    def label(self) -> str:
        return {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}[self]


class PayInterval(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


# Hours per interval used to compare pay per hour; shown on the board as the
# stated conversion (8 h day, 40 h week, 2,080 h year).
HOURS_PER_INTERVAL = {
    PayInterval.HOUR: 1.0,
    PayInterval.DAY: 8.0,
    PayInterval.WEEK: 40.0,
    PayInterval.MONTH: 2080.0 / 12,
    PayInterval.YEAR: 2080.0,
}


@dataclass(frozen=True, slots=True)
class Pay:
    """A pay range; at least one of min and max is set, min <= max."""

    min: float | None
    max: float | None
    currency: str  # ISO 4217, upper case
    interval: PayInterval

    def per_hour(self) -> tuple[float | None, float | None]:
        hours = HOURS_PER_INTERVAL[self.interval]
        return (
            None if self.min is None else self.min / hours,
            None if self.max is None else self.max / hours,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "min": self.min,
            "max": self.max,
            "currency": self.currency,
            "interval": self.interval.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pay:
        return cls(
            min=data.get("min"),
            max=data.get("max"),
            currency=data["currency"],
            interval=PayInterval(data["interval"]),
        )


# Fields that a snapshot stores; the rest of a Role is decided per build.
STORED_FIELDS = (
    "id",
    "source",
    "source_id",
    "slug",
    "title",
    "company",
    "job_url",
    "apply_target",
    "field",
    "seniority",
    "employment_type",
    "location_type",
    "region",
    "posted_at",
    "description_html",
    "description_text",
    "pay",
    "skills",
    "countries",
    "valid_through",
    "updated_at",
    "sample",
    "domain",
    "tags",
    "reward",
    "openings",
    "high_demand",
    "questions",
    "pay_per_task",
    "details_at",
    "details_missing",
    "list_digest",
)


@dataclass(frozen=True, slots=True)
class Role:
    """One open (or recently closed) role, normalised and safe to render."""

    id: str  # "<source name>:<source job id>", stable across nights
    source: str  # the source's configured name, e.g. "micro1"
    source_id: str  # the job id at the source
    slug: str  # URL slug under /roles/, kept stable by the snapshot
    title: str  # plain text, cleaned of control/bidi/zero-width characters
    company: str  # plain text
    job_url: str  # the role's own page at the source (https, allowlisted)
    apply_target: str  # validated apply URL at the source, no referral params
    field: str  # a field slug from data/role_taxonomy.toml, e.g. "law"
    seniority: Seniority
    employment_type: EmploymentType
    location_type: LocationType
    region: str  # plain text, e.g. "Worldwide", "United States"
    posted_at: datetime  # UTC, timezone-aware
    description_html: str  # sanitised by nh3
    description_text: str  # plain text
    pay: Pay | None = None
    skills: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 where applicants must live
    valid_through: datetime | None = None  # UTC
    updated_at: datetime | None = None  # UTC; when the source last changed it
    sample: bool = False  # a fictional sample role shipped with the repository
    domain: str = ""  # the source's own domain or department (micro1 domain_slug)
    tags: tuple[str, ...] = ()  # the source's tags, kept to re-classify the role
    reward: float | None = None  # US dollars the site is paid if a referral is hired
    openings: int | None = None  # how many people the role takes, when stated
    high_demand: bool = False  # the source flags the role as in high demand
    questions: tuple[str, ...] = ()  # screening questions the source will ask
    pay_per_task: bool = False  # stated pay is hourly, the work is paid per task
    details_at: datetime | None = None  # UTC; when the job's details were fetched
    details_missing: bool = False  # the source has details, but none could be read
    list_digest: str = ""  # fingerprint of the list record the details belong to
    # Set when loaded for a build, never stored in a snapshot:
    apply_url: str = ""  # the referral link (or apply_target for non-referral sources)
    is_referral: bool = False  # apply_url carries our referral code
    closed_at: datetime | None = None  # set for roles that have closed
    stale_days: int | None = None  # age of the snapshot when its source failed

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def to_dict(self) -> dict[str, Any]:
        """The snapshot form: JSON-ready, stored fields only."""
        out: dict[str, Any] = {}
        for name in STORED_FIELDS:
            value = getattr(self, name)
            if isinstance(value, datetime):
                value = _iso(value)
            elif isinstance(value, Pay):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, StrEnum):
                value = value.value
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        """Rebuild a role from its snapshot form (trusted: written by us)."""
        return cls(
            id=data["id"],
            source=data["source"],
            source_id=data["source_id"],
            slug=data["slug"],
            title=data["title"],
            company=data["company"],
            job_url=data["job_url"],
            apply_target=data["apply_target"],
            field=str(data["field"]),
            seniority=Seniority(data["seniority"]),
            employment_type=EmploymentType(data["employment_type"]),
            location_type=LocationType(data["location_type"]),
            region=data["region"],
            posted_at=_parse_iso(data["posted_at"]),
            description_html=data["description_html"],
            description_text=data["description_text"],
            pay=Pay.from_dict(data["pay"]) if data.get("pay") else None,
            skills=tuple(data.get("skills", ())),
            countries=tuple(data.get("countries", ())),
            valid_through=_parse_iso(data["valid_through"])
            if data.get("valid_through")
            else None,
            updated_at=_parse_iso(data["updated_at"])
            if data.get("updated_at")
            else None,
            sample=bool(data.get("sample", False)),
            domain=str(data.get("domain") or ""),
            tags=tuple(data.get("tags", ())),
            reward=data.get("reward"),
            openings=data.get("openings"),
            high_demand=bool(data.get("high_demand", False)),
            questions=tuple(data.get("questions", ())),
            pay_per_task=bool(data.get("pay_per_task", False)),
            details_at=_parse_iso(data["details_at"])
            if data.get("details_at")
            else None,
            details_missing=bool(data.get("details_missing", False)),
            list_digest=str(data.get("list_digest") or ""),
        )

    def replace(self, **changes: Any) -> Role:
        return dataclasses.replace(self, **changes)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_iso(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the board must tell readers about the data behind it."""

    kind: str  # "sample" | "stale" | "withheld" | "failed"
    source: str
    message: str  # plain text, for readers


@dataclass(slots=True)
class RoleBoard:
    """What the role_cards generator puts in the context as ``role_board``."""

    roles: list[Role]  # open roles, newest first
    closed: list[Role]  # closed within ROLE_CARDS_CLOSED_DAYS, newest closure first
    notices: list[Notice]
    generated_at: datetime

    @property
    def has_samples(self) -> bool:
        return any(role.sample for role in self.roles)
