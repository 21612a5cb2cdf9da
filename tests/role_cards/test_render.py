"""Cards, notices and blocks rendered in the autoescaping environment.

Hostile fixture roles carry script tags, attribute breakouts, bidi overrides
and template syntax in every text field; none of it may become markup.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from role_cards import board as view
from role_cards.model import Notice
from role_cards.render import environment_for
from sitebuild import ROOT, site_settings

from tests.fixtures.roles.helpers import NOW, board, make_role, page_generator

TEMPLATES = ROOT / "theme" / "templates"
OWN_TEMPLATES = [
    "roles/apply.html",
    "roles/board.html",
    "roles/role.html",
    "roles/closed.html",
    "partials/role_card.html",
    "partials/role_notices.html",
    "partials/role_cards_block.html",
]


@pytest.fixture
def env(tmp_path):
    generator = page_generator(site_settings(tmp_path), board())
    environment = environment_for(generator)
    environment.globals.update(
        SITEURL="https://rmtly.org",
        SITENAME="rmtly",
        DISCLOSURES_PAGE_URL="disclosure/",
    )
    return environment


def card_html(env, role, now=NOW):
    card = view.role_view(role, now=now)
    return env.get_template("partials/role_card.html").render(card=card)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_environment_escapes_and_keeps_pelican_filters(env, tmp_path):
    assert env.autoescape is True
    assert "strftime" in env.filters
    generator = page_generator(site_settings(tmp_path / "again"), board())
    assert generator.env.autoescape is False, "Pelican's own environment is untouched"
    assert environment_for(generator) is environment_for(generator)


def test_card_shows_every_fact(env):
    role = make_role(
        skills=("Python", "PyTorch", "RAG", "LLM evaluation", "Prompts", "Go")
    )
    page = soup(card_html(env, role))
    card = page.select_one("article.role-card")
    assert card["id"] == f"role-{role.slug}"
    title = card.select_one("h3.role-card-title a")
    assert title.get_text() == "Role 1"
    assert title["href"] == f"https://rmtly.org/roles/{role.slug}/"
    lines = [p.get_text() for p in card.find_all("p", recursive=False)]
    assert lines == [
        "New",
        "Northwind AI",
        "$60\u2013$90 / hour",
        "Remote · Worldwide",
        "Posted 2 days ago",
    ]
    assert card.select_one(".role-card-company").get_text() == "Northwind AI"
    assert card.select_one(".role-card-pay").get_text() == "$60\u2013$90 / hour"
    assert [li.get_text() for li in card.select(".role-card-facts li")] == [
        "AI and machine learning",
        "Senior",
        "Contract",
    ]
    time = card.select_one("time")
    assert time["datetime"] == "2026-11-18T12:00:00Z"
    assert time.get_text() == "Posted 2 days ago"
    assert [li.get_text() for li in card.select(".role-card-skills li")] == [
        "Python", "PyTorch", "RAG", "LLM evaluation", "Prompts"
    ]  # fmt: skip
    assert card.select_one(".badge-new").get_text() == "New"
    assert card.select_one(".badge-sample") is None
    assert card.select_one(".role-card-stale") is None
    links = {a["href"] for a in card.select("a")}
    assert links == {title["href"], role.apply_url, "https://rmtly.org/disclosure/"}


def test_card_data_attributes_feed_the_filters(env):
    role = make_role(
        title="Vision Lead",
        company="Tailspin",
        skills=("OpenCV", "A", "B", "C", "D", "Kubernetes", "Go"),
    )
    card = soup(card_html(env, role)).select_one("article")
    assert card["data-field"] == "ai-machine-learning"
    assert card["data-seniority"] == "senior"
    assert card["data-employment"] == "contract"
    assert card["data-location"] == "remote"
    assert card["data-pay"] == "90"
    # The skills a card does not show are still there for the search.
    assert card["data-skills"] == "Kubernetes, Go"
    plain = soup(card_html(env, make_role(pay=None, skills=("Go",)))).select_one(
        "article"
    )
    assert not plain.has_attr("data-pay")
    assert not plain.has_attr("data-skills")


def test_card_heading_level_and_id_follow_where_the_card_stands(env):
    card = view.role_view(make_role(), now=NOW)
    template = env.get_template("partials/role_card.html")
    inside = soup(template.render(card=card, card_heading=4, card_ids=False))
    assert inside.select_one(".role-card-title").name == "h4"
    assert not inside.article.has_attr("id")


def test_referral_button_is_labelled_on_the_card(env):
    role = make_role()
    card = soup(card_html(env, role)).select_one("article")
    button = card.select_one("a.button")
    assert button["href"] == role.apply_url
    assert button["rel"] == ["sponsored", "noopener"]
    assert button.get_text() == "Apply with referral link"
    label = card.select_one(".role-card-referral")
    assert "Referral link: rmtly may be paid if you\u2019re hired." in label.get_text()
    assert label.a["href"] == "https://rmtly.org/disclosure/"
    # The label comes before the link it discloses.
    assert str(card).index("role-card-referral") < str(card).index('class="button"')


def test_a_stated_reward_is_said_on_the_card_before_the_link(env):
    role = make_role(reward=1000.0)
    card = soup(card_html(env, role)).select_one("article")
    label = card.select_one(".role-card-referral").get_text()
    assert (
        "Referral link: rmtly is paid $1,000 if you\u2019re hired through this link."
        in label
    )
    assert str(card).index("role-card-referral") < str(card).index('class="button"')
    hidden = view.role_view(role, now=NOW, show_reward=False)
    quiet = env.get_template("partials/role_card.html").render(card=hidden)
    assert "$1,000" not in quiet
    assert "rmtly may be paid if you\u2019re hired." in quiet


def test_high_demand_openings_and_the_per_task_note(env):
    role = make_role(high_demand=True, openings=4000, pay_per_task=True)
    card = soup(card_html(env, role)).select_one("article")
    assert card.select_one(".badge-demand").get_text() == "High demand"
    assert card.select(".role-card-facts li")[-1].get_text() == "4,000 openings"
    assert card.select_one(".role-card-pay").get_text() == (
        "$60\u2013$90 / hour (Paid per task; the hourly figure is as listed)"
    )
    plain = soup(card_html(env, make_role())).select_one("article")
    assert plain.select_one(".badge-demand") is None
    assert plain.select_one(".role-card-pay-note") is None


def test_non_referral_button_has_no_referral_label(env):
    role = make_role(
        is_referral=False, apply_url="https://jobs.lever.co/acme/1", company="Acme"
    )
    card = soup(card_html(env, role)).select_one("article")
    button = card.select_one("a.button")
    assert button.get_text() == "Apply at Acme"
    assert "sponsored" not in button["rel"]
    assert card.select_one(".role-card-referral") is None


def test_sample_and_stale_roles_say_so_and_old_roles_are_not_new(env):
    role = make_role(sample=True, stale_days=9, posted_at=NOW - timedelta(days=7))
    card = soup(card_html(env, role)).select_one("article")
    assert card.select_one(".badge-sample").get_text() == "Sample"
    assert card.select_one(".badge-new") is None
    assert "9 days old" in card.select_one(".role-card-stale").get_text()


def test_notices_are_listed_as_text(env):
    notices = [
        Notice("sample", "micro1", "These roles are fictional samples."),
        Notice("stale", "micro1", "Last checked 3 days ago."),
        Notice("withheld", "acme", "Roles from acme are hidden <b>now</b>."),
    ]
    html = env.get_template("partials/role_notices.html").render(notices=notices)
    items = soup(html).select(".role-notices li")
    assert [li["class"][1] for li in items] == [
        "role-notice-sample",
        "role-notice-stale",
        "role-notice-withheld",
    ]
    assert items[2].get_text() == "Roles from acme are hidden <b>now</b>."
    assert (
        env.get_template("partials/role_notices.html").render(notices=[]).strip() == ""
    )


def test_cards_block_has_fallback_and_board_link(env):
    block = env.get_template("partials/role_cards_block.html")
    empty = soup(
        block.render(
            cards=[], block_heading="", block_label="Open NLP roles", ROLES_URL="roles/"
        )
    )
    assert (
        empty.select_one(".role-cards-empty").get_text()
        == "No open roles match right now."
    )
    assert empty.select_one(".role-cards-more a")["href"] == "https://rmtly.org/roles/"
    assert empty.section["aria-label"] == "Open NLP roles"
    cards = [view.role_view(make_role(n), now=NOW) for n in (1, 2)]
    full = soup(
        block.render(
            cards=cards, block_heading="Open roles", block_label="x", ROLES_URL="roles/"
        )
    )
    assert full.h2.get_text() == "Open roles"
    assert len(full.select("article.role-card")) == 2


SCRIPT = "<script>alert(1)</script>"


def hostile_cards(env):
    roles = board("hostile").roles
    assert len(roles) == 4
    return [card_html(env, role) for role in roles]


def test_hostile_text_never_becomes_markup(env):
    for html in hostile_cards(env):
        page = soup(html)
        assert page.find("script") is None
        assert page.find("img") is None
        assert page.find("b") is None
        for tag in page.find_all(True):
            assert not any(name.startswith("on") for name in tag.attrs), tag
        assert SCRIPT not in html
        assert "<img src=x" not in html


def test_hostile_text_is_shown_as_typed(env):
    first, second, third, fourth = (soup(html) for html in hostile_cards(env))
    by_title = {}
    for page in (first, second, third, fourth):
        by_title[page.select_one(".role-card-title").get_text()] = page
    titles = set(by_title)
    assert "Engineer </script><script>alert(1)</script>" in titles
    assert "\u202ereenignE LM\u202e & <b>bold</b>" in titles
    assert "{{ 7*7 }} {% raw %} Template injection" in titles, "data is never evaluated"
    page = by_title["Engineer </script><script>alert(1)</script>"]
    assert (
        page.select_one(".role-card-company").get_text()
        == 'Evil Corp "><img src=x onerror=alert(1)>'
    )
    assert page.select_one(".role-card-skills li").get_text() == (
        'Python"><img src=x onerror=alert(1)>'
    )


def test_hostile_apply_url_stays_inside_its_attribute(env):
    role = next(r for r in board("hostile").roles if r.title.startswith("{{"))
    html = card_html(env, role)
    button = soup(html).select_one("a.button")
    assert button["href"] == role.apply_url
    assert '"><script>' in role.apply_url
    assert "&#34;&gt;&lt;script&gt;" in html


def test_only_the_sanitised_description_is_printed_unescaped():
    uses = []
    for name in OWN_TEMPLATES:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        uses += [
            (name, line)
            for line in text.splitlines()
            if re.search(r"\|\s*safe\b", line)
        ]
        assert "autoescape false" not in text
        assert "Markup" not in text
    assert uses == [("roles/role.html", "{{ role.description_html | safe }}")]


def test_a_role_page_without_jobposting_has_no_script(env):
    role = make_role()
    card = view.role_view(role, now=NOW)
    html = env.get_template("roles/role.html").render(
        role=role, card=card, similar=[], jobposting=None
    )
    assert soup(html).find("script") is None


def test_jsonld_is_emitted_only_with_tojson():
    for name in OWN_TEMPLATES:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        for block in re.findall(
            r"<script[^>]*ld\+json[^>]*>(.*?)</script>", text, re.S
        ):
            assert block.strip() == "{{ jobposting | tojson }}", name


def test_own_templates_exist():
    for name in OWN_TEMPLATES:
        assert Path(TEMPLATES / name).is_file()
