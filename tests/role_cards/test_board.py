"""The board's view model: pay, dates, badges, facets, picks, JSON-LD, roles.json."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from role_cards import board as view
from role_cards import picking
from role_cards.classify import load_taxonomy
from role_cards.model import (
    EmploymentType,
    LocationType,
    Notice,
    Pay,
    PayInterval,
    Seniority,
)
from role_cards.settings import SettingsError

from tests.fixtures.roles.helpers import NOW, board, make_role

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("pay", "text"),
    [
        (Pay(60, 90, "USD", PayInterval.HOUR), "$60\u2013$90 / hour"),
        (Pay(85000, 110000, "EUR", PayInterval.YEAR), "€85,000\u2013€110,000 / year"),
        (Pay(400, 550, "GBP", PayInterval.DAY), "£400\u2013£550 / day"),
        (Pay(2000, 2500, "CAD", PayInterval.WEEK), f"CAD{NBSP}2,000\u20132,500 / week"),
        (Pay(None, 50, "USD", PayInterval.HOUR), "Up to $50 / hour"),
        (Pay(12000, None, "USD", PayInterval.MONTH), "From $12,000 / month"),
        (Pay(None, 9000, "CHF", PayInterval.MONTH), f"Up to CHF{NBSP}9,000 / month"),
        (Pay(25, 25, "USD", PayInterval.HOUR), "$25 / hour"),
        (Pay(62.5, 80, "USD", PayInterval.HOUR), "$62.50\u2013$80 / hour"),
        (None, "Pay not stated"),
    ],
)
def test_pay_is_formatted_with_currency_and_interval(pay, text):
    assert view.format_pay(pay) == text


def test_pay_per_hour_uses_the_model_conversion():
    assert view.pay_per_hour(Pay(83200, 104000, "USD", PayInterval.YEAR)) == (40, 50)
    assert view.pay_per_hour(Pay(None, 8000, "USD", PayInterval.MONTH)) == (None, 46.15)
    assert view.pay_per_hour(Pay(400, None, "GBP", PayInterval.DAY)) == (50, None)
    assert view.pay_per_hour(None) == (None, None)


def test_conversion_note_states_the_hours_used():
    assert view.hours_conversion_note() == (
        "yearly pay ÷ 2,080 h, monthly ÷ 173.3 h, weekly ÷ 40 h, daily ÷ 8 h"
    )


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(hours=3), "Posted today"),
        (timedelta(hours=13), "Posted yesterday"),  # 23:00 the day before
        (timedelta(days=3), "Posted 3 days ago"),
        (timedelta(days=30), "Posted 30 days ago"),
        (timedelta(days=45), "Posted 6 October 2026"),
    ],
)
def test_posted_label_counts_calendar_days(age, text):
    assert view.posted_label(NOW - age, NOW) == text


def test_new_badge_boundary_is_seven_full_days():
    assert view.is_new(NOW - timedelta(days=7) + timedelta(seconds=1), NOW)
    assert not view.is_new(NOW - timedelta(days=7), NOW)
    assert view.is_new(NOW + timedelta(hours=1), NOW), "a clock skew is still new"


def test_role_view_collects_what_a_card_prints():
    role = make_role(
        skills=("A", "B", "C", "D", "E", "F"),
        title="LLM Engineer",
        company="Fabrikam",
        region="Europe",
        pay=Pay(83200, None, "USD", PayInterval.YEAR),
    )
    card = view.role_view(role, now=NOW)
    assert card.url == f"roles/{role.slug}/"
    assert card.top_skills == ("A", "B", "C", "D", "E")
    assert card.more_skills == "F"
    assert card.location_text == "Remote · Europe"
    assert card.facts == ("AI and machine learning", "Senior", "Contract")
    assert card.field_label == "AI and machine learning"
    assert card.field_url == "roles/ai-machine-learning/"
    assert card.pay_hour_top == 40
    assert card.data_pay == "40"
    assert card.posted_text == "Posted 2 days ago"
    assert card.is_new
    assert card.apply_label == "Apply with referral link"
    assert card.job_host == "jobs.micro1.ai"


@pytest.mark.parametrize(
    ("pay", "top"),
    [
        (Pay(60, 90, "USD", PayInterval.HOUR), "90"),
        (Pay(None, 9000, "EUR", PayInterval.MONTH), "51.92"),
        (Pay(83200, None, "USD", PayInterval.YEAR), "40"),
        (Pay(62.5, 62.5, "USD", PayInterval.HOUR), "62.5"),
        (None, ""),
    ],
)
def test_the_filters_compare_the_top_of_the_range_per_hour(pay, top):
    assert view.role_view(make_role(pay=pay), now=NOW).data_pay == top


def test_card_facts_read_on_their_own_without_labels():
    card = view.role_view(
        make_role(
            seniority=Seniority.UNSPECIFIED,
            employment_type=EmploymentType.UNSPECIFIED,
            skills=("Go",),
        ),
        now=NOW,
    )
    # The employment type appears only when the source states one.
    assert card.facts == ("AI and machine learning", "Any level")
    assert card.more_skills == ""
    stated = view.role_view(make_role(openings=50), now=NOW)
    assert stated.facts[-1] == "50 openings"
    assert view.openings_text(1) == "1 opening"
    assert view.openings_text(None) == view.openings_text(0) == ""


def test_non_referral_role_is_applied_at_the_company():
    role = make_role(is_referral=False, company="Acme")
    assert view.role_view(role, now=NOW).apply_label == "Apply at Acme"


def test_closed_role_is_never_new():
    role = make_role(posted_at=NOW - timedelta(days=1), closed_at=NOW)
    card = view.role_view(role, now=NOW)
    assert not card.is_new
    assert card.closed_date == "20 November 2026"


def test_facets_count_occurring_values_in_enum_order():
    roles = board().roles
    facets = {facet.name: facet for facet in view.facets(roles)}
    assert list(facets) == ["field", "seniority", "employment", "location"]
    fields = [(o.value, o.count) for o in facets["field"].options]
    assert fields[0] == ("ai-machine-learning", 3)
    assert [v for v, _ in fields] == [
        f for f in load_taxonomy().field.slugs if any(r.field == f for r in roles)
    ]
    assert sum(o.count for o in facets["location"].options) == len(roles)
    assert "field" not in {f.name for f in view.facets(roles, skip=["field"])}


def test_field_links_list_every_field_with_counts():
    links = view.field_links(
        [make_role(1), make_role(2), make_role(3, field="language-audio")]
    )
    counts = {link.field: link.count for link in links}
    assert counts["ai-machine-learning"] == 2
    assert counts["language-audio"] == 1
    assert counts["engineering"] == 0
    assert links[0].url == "roles/ai-machine-learning/"
    assert links[0].label == "AI and machine learning"
    assert [link.field for link in links] == list(load_taxonomy().field.slugs)


def test_similar_roles_prefer_discipline_then_shared_skills():
    me = make_role(1, skills=("Python", "RAG", "Kubernetes"))
    same_old = make_role(2, posted_at=NOW - timedelta(days=20), skills=())
    same_new = make_role(3, posted_at=NOW - timedelta(days=1), skills=())
    other_two = make_role(4, field="engineering", skills=("kubernetes", "rag"))
    other_one = make_role(5, field="language-audio", skills=("Python",))
    unrelated = make_role(6, field="language-audio", skills=("Go",))
    pool = [me, same_old, same_new, other_two, other_one, unrelated]
    index = view.SimilarRoles(pool)
    picked = index.pick(me, limit=5)
    assert [r.id for r in picked] == [
        same_new.id,
        same_old.id,
        other_two.id,
        other_one.id,
    ]
    assert index.pick(me) == picked[:3]
    # Enough roles of its own discipline: no other discipline is picked.
    assert index.pick(me, limit=2) == [same_new, same_old]


def brute_force_similar(role, pool, limit):
    """The rule written out over every pair, to check the index against."""
    mine = view.skill_set(role)
    scored = [
        (
            (
                o.field == role.field,
                len(mine & view.skill_set(o)),
                o.posted_at,
            ),
            o,
        )
        for o in pool
        if o.id != role.id and (o.field == role.field or mine & view.skill_set(o))
    ]
    scored.sort(key=lambda item: item[0], reverse=True)
    return [o for _, o in scored[:limit]]


def test_similar_roles_index_agrees_with_every_pair_compared():
    roles = board("board", "hostile").roles
    closed = board().closed
    index = view.SimilarRoles(roles)
    for role in [*roles, *closed]:
        for limit in (1, 3, 12):
            assert index.pick(role, limit=limit) == brute_force_similar(
                role, roles, limit
            ), (role.id, limit)


def test_similar_roles_score_a_bounded_set_of_candidates():
    # Two hundred roles of one discipline: the index scores the newest few of
    # the discipline and of each shared skill, not all two hundred.
    pool = [
        make_role(n, posted_at=NOW - timedelta(hours=n), skills=("Python", f"s{n}"))
        for n in range(200)
    ]
    index = view.SimilarRoles(pool, per_bucket=8)
    scored: list[int] = []
    real = picking.heapq.nlargest

    def counting(limit, items, key):
        items = list(items)
        scored.append(len(items))
        return real(limit, items, key=key)

    picking.heapq.nlargest = counting
    try:
        picked = index.pick(pool[150])
    finally:
        picking.heapq.nlargest = real
    assert scored == [9]
    assert [r.id for r in picked] == [pool[0].id, pool[1].id, pool[2].id]


def test_match_roles_applies_every_criterion():
    roles = board().roles
    llm = view.match_roles(roles, field="ai-machine-learning", limit=12)
    assert llm
    assert all(r.field == "ai-machine-learning" for r in llm)
    senior = view.match_roles(roles, seniority=Seniority.SENIOR, limit=12)
    assert senior
    assert all(r.seniority is Seniority.SENIOR for r in senior)
    words = view.match_roles(roles, keyword="PYTORCH  python", limit=12)
    assert words
    assert all("PyTorch" in r.skills for r in words)
    assert len(view.match_roles(roles, limit=2)) == 2
    assert view.match_roles(roles, keyword="no such skill") == []


def test_tag_picks_take_turns_between_fields():
    roles = board().roles
    mapping = {"nlp": "language-audio", "mlops": "engineering", "vetting": None}
    picked = view.roles_for_tags(
        ["vetting", "NLP", "mlops"], roles, mapping=mapping, limit=3
    )
    assert [r.field for r in picked] == [
        "language-audio",
        "engineering",
        "language-audio",
    ]


def test_tag_mapped_to_none_picks_the_newest_and_unmapped_picks_nothing():
    roles = board().roles
    mapping = {"interviews": None}
    assert (
        view.roles_for_tags(["interviews"], roles, mapping=mapping, limit=2)
        == roles[:2]
    )
    assert view.roles_for_tags(["gardening"], roles, mapping=mapping, limit=2) == []
    skip = [roles[0].id]
    assert view.roles_for_tags(
        ["interviews"], roles, mapping=mapping, limit=1, exclude=skip
    ) == [roles[1]]


def test_view_settings_defaults_and_errors():
    options = view.load_view_settings({})
    assert options.related_limit == 3
    assert options.tag_fields["llm"] == "ai-machine-learning"
    assert options.tag_fields["interviews"] is None
    assert options.show_reward is True
    custom = view.load_view_settings({"ROLE_CARDS_TAG_FIELDS": {"Robots": "robotics"}})
    assert custom.tag_fields == {"robots": "robotics"}
    with pytest.raises(
        SettingsError,
        match=r"ROLE_CARDS_TAG_FIELDS\['cv'\].*'vision'.*ai-machine-learning, cyber",
    ):
        view.load_view_settings({"ROLE_CARDS_TAG_FIELDS": {"cv": "vision"}})
    with pytest.raises(SettingsError, match=r"ROLE_CARDS_RELATED_LIMIT.*0.*12"):
        view.load_view_settings({"ROLE_CARDS_RELATED_LIMIT": 13})
    with pytest.raises(SettingsError, match="ROLE_CARDS_RELATED_LIMIT"):
        view.load_view_settings({"ROLE_CARDS_RELATED_LIMIT": True})
    with pytest.raises(SettingsError, match=r"ROLE_CARDS_SHOW_REWARD.*True or False"):
        view.load_view_settings({"ROLE_CARDS_SHOW_REWARD": "yes"})


REQUIRED = {
    "@context",
    "@type",
    "title",
    "description",
    "datePosted",
    "hiringOrganization",
}


def test_jobposting_for_a_remote_role_with_countries():
    role = make_role(countries=("US", "CA"), valid_through=NOW + timedelta(days=30))
    data = view.job_posting(role, siteurl="https://rmtly.org")
    assert data.keys() >= REQUIRED
    assert data["@type"] == "JobPosting"
    assert data["description"] == role.description_html
    assert data["datePosted"] == "2026-11-18T12:00:00Z"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Northwind AI",
    }
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "jobLocation" not in data
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "US"},
        {"@type": "Country", "name": "CA"},
    ]
    assert data["validThrough"] == "2026-12-20T12:00:00Z"
    assert data["employmentType"] == "CONTRACTOR"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "HOUR",
            "minValue": 60,
            "maxValue": 90,
        },
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "micro1",
        "value": "job-1",
    }
    assert data["directApply"] is False
    assert data["url"] == f"https://rmtly.org/roles/{role.slug}/"


@pytest.mark.parametrize("location", [LocationType.ONSITE, LocationType.HYBRID])
def test_no_jobposting_for_a_placed_role_without_a_place(location):
    role = make_role(location_type=location, region="", countries=())
    assert view.job_posting(role, siteurl="") is None
    placed = make_role(location_type=location, region="Berlin", countries=())
    assert view.job_posting(placed, siteurl="")["jobLocation"] == [
        {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": "Berlin"},
        }
    ]


def test_jobposting_for_a_worldwide_remote_role_omits_location_requirements():
    data = view.job_posting(make_role(), siteurl="")
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in data
    assert "validThrough" not in data


@pytest.mark.parametrize("region", ["", "Remote", "United States"])
def test_no_telecommute_jobposting_without_countries_or_a_worldwide_statement(region):
    # micro1's records name no countries and no region: Google would read a
    # bare TELECOMMUTE posting as open to anyone, anywhere.
    assert view.job_posting(make_role(region=region), siteurl="") is None
    stated = view.job_posting(make_role(region="Anywhere"), siteurl="")
    assert stated["jobLocationType"] == "TELECOMMUTE"
    named = view.job_posting(make_role(region=region, countries=("US",)), siteurl="")
    assert named["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "US"}
    ]


def test_jobposting_valid_through_and_employment_type_only_when_known():
    until = NOW + timedelta(days=58)
    data = view.job_posting(make_role(valid_through=until), siteurl="")
    assert data["validThrough"] == view.iso(until)
    assert data["employmentType"] == "CONTRACTOR"
    unknown = make_role(employment_type=EmploymentType.UNSPECIFIED)
    assert "employmentType" not in view.job_posting(unknown, siteurl="")


def test_the_reward_is_shown_only_for_referral_links_and_when_on():
    role = make_role(reward=1000.0)
    assert view.role_view(role, now=NOW).reward_amount == "$1,000"
    assert view.role_view(role, now=NOW, show_reward=False).reward_amount == ""
    plain = role.replace(is_referral=False)
    assert view.role_view(plain, now=NOW).reward_amount == ""
    assert view.role_view(make_role(), now=NOW).reward_amount == ""


def test_the_per_task_note_needs_a_pay_figure():
    assert view.role_view(make_role(pay_per_task=True), now=NOW).pay_note
    assert not view.role_view(make_role(pay_per_task=True, pay=None), now=NOW).pay_note
    assert not view.role_view(make_role(), now=NOW).pay_note


@pytest.mark.parametrize("location", [LocationType.ONSITE, LocationType.HYBRID])
def test_jobposting_for_an_onsite_role_has_a_place(location):
    role = make_role(
        location_type=location, region="Berlin, Germany", countries=("DE",), pay=None
    )
    data = view.job_posting(role, siteurl="")
    assert data.keys() >= REQUIRED
    assert "jobLocationType" not in data
    assert data["jobLocation"] == [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "DE",
                "addressLocality": "Berlin, Germany",
            },
        }
    ]
    assert "baseSalary" not in data


def test_jobposting_salary_with_one_bound_and_unspecified_type():
    role = make_role(
        pay=Pay(None, 9000, "EUR", PayInterval.MONTH),
        employment_type=EmploymentType.UNSPECIFIED,
    )
    data = view.job_posting(role, siteurl="")
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "MONTH",
        "maxValue": 9000,
    }
    assert "employmentType" not in data


def test_roles_export_lists_public_fields_only():
    role_board = board(notices=[Notice("sample", "micro1", "These are samples.")])
    data = json.loads(
        json.dumps(view.roles_export(role_board, siteurl="https://rmtly.org"))
    )
    assert data["generated_at"] == "2026-11-20T12:00:00Z"
    assert data["notices"] == [
        {"kind": "sample", "source": "micro1", "message": "These are samples."}
    ]
    assert len(data["roles"]) == len(role_board.roles)
    first = data["roles"][0]
    assert set(first) == {
        "id", "slug", "url", "title", "company", "field", "seniority",
        "employment_type", "location_type", "region", "pay", "skills", "openings",
        "high_demand", "referral_reward_usd", "posted_at", "valid_through",
        "apply_url", "is_referral", "sample",
    }  # fmt: skip
    assert first["url"] == f"https://rmtly.org/roles/{first['slug']}/"
    assert "referralCode=" in first["apply_url"]
    assert "description_html" not in first
