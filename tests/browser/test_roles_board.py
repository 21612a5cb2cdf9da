"""The role board in a real browser: filters, URL state, keyboard, no-JS, hostile data.

Expected results are worked out in Python from the same fixture roles the
site was built from, so every count on screen is checked against the data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect
from role_cards import board as view
from role_cards.model import Role

pytestmark = pytest.mark.browser

LIST = "[data-role-list] > li:not([hidden]) > article"
COUNT = "[data-role-count]"


def whole(page) -> None:
    """Wait until the list holds every card of its page (not aria-busy)."""
    page.wait_for_selector("[data-role-list]:not([aria-busy])", state="attached")


def shown(page) -> list[str]:
    whole(page)
    return page.eval_on_selector_all(LIST, "els => els.map(e => e.id)")


def ids(roles: list[Role]) -> set[str]:
    return {f"role-{role.slug}" for role in roles}


def top_per_hour(role: Role) -> float | None:
    return view.top_pay_per_hour(role.pay)


def searchable(role: Role) -> str:
    """What the search covers: title, company and every skill, shown or not."""
    return " ".join([role.title, role.company, *role.skills]).lower()


def matching(site, test: Callable[[Role], bool]) -> list[Role]:
    return [role for role in site.board.roles if test(role)]


def status_for(site, roles: list[Role]) -> str:
    total = len(site.board.roles)
    if not roles:
        return "No roles match"
    verb = "role matches" if len(roles) == 1 else "roles match"
    return f"{len(roles)} of {total} {verb}"


def open_board(page, site, query: str = "") -> None:
    page.goto(site.url("roles/" + query))
    expect(page.locator("form[data-role-filters]")).to_be_visible()


@pytest.mark.parametrize(
    ("control", "value", "attribute"),
    [
        ("field", "language-audio", "field"),
        ("seniority", "senior", "seniority"),
        ("employment", "contract", "employment_type"),
        ("location", "remote", "location_type"),
    ],
)
def test_each_facet_filters_counts_and_writes_the_url(
    page, site, control, value, attribute
):
    open_board(page, site)
    expect(page.locator(COUNT)).to_have_text(f"{len(site.board.roles)} open roles")
    page.select_option(f"#rf-{control}", value)
    expected = matching(
        site,
        lambda r: (
            str(getattr(getattr(r, attribute), "value", getattr(r, attribute))) == value
        ),
    )
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    assert set(shown(page)) == ids(expected)
    expect(page).to_have_url(re.compile(re.escape(f"/roles/?{control}={value}") + "$"))
    assert page.locator("[data-role-active]").inner_text() == "(1 active)"


def test_option_counts_reflect_the_other_filters(page, site):
    open_board(page, site)
    page.select_option("#rf-field", "ai-machine-learning")
    llm = matching(site, lambda r: r.field == "ai-machine-learning")
    for option in page.locator("#rf-seniority option").all():
        value = option.get_attribute("value")
        count = (
            len([r for r in llm if r.seniority.value == value]) if value else len(llm)
        )
        assert option.inner_text().endswith(f"({count})"), option.inner_text()
        assert option.is_disabled() == (count == 0)
    # The field's own options count every field, not just this one.
    nlp = len(matching(site, lambda r: r.field == "language-audio"))
    assert (
        page.locator("#rf-field option[value=language-audio]").inner_text()
        == f"Language and audio ({nlp})"
    )


def test_minimum_pay_compares_per_hour_and_leaves_out_unstated_pay(page, site):
    open_board(page, site)
    page.fill("#rf-minpay", "60")
    expected = matching(site, lambda r: (top_per_hour(r) or 0) >= 60)
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    assert set(shown(page)) == ids(expected)
    assert not ids(matching(site, lambda r: r.pay is None)) & set(shown(page))
    # The yearly €85,000-€110,000 role tops out at 52.88 an hour.
    expect(page).to_have_url(re.compile(r"[?&]minpay=60(&|$)"))


def test_search_matches_title_company_and_skills(page, site):
    open_board(page, site)
    page.fill("#rf-q", "PyTorch python")
    expected = matching(
        site, lambda r: all(w in searchable(r) for w in ("pytorch", "python"))
    )
    assert expected
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    assert set(shown(page)) == ids(expected)
    # A skill past the five a card shows is still found.
    page.fill("#rf-q", "kubernetes")
    hidden = [
        r for r in site.board.roles if "Kubernetes" in r.skills[view.TOP_SKILLS :]
    ]
    assert hidden
    expected = matching(site, lambda r: "kubernetes" in searchable(r))
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    assert ids(hidden) <= set(shown(page))
    page.fill("#rf-q", "zzzz-nothing")
    expect(page.locator(COUNT)).to_have_text("No roles match")
    expect(page.locator("[data-role-empty]")).to_be_visible()


def test_sort_by_highest_pay(page, site):
    open_board(page, site)
    page.select_option("#rf-sort", "pay")
    expect(page).to_have_url(site.url("roles/?sort=pay"))
    order = shown(page)
    by_id = {f"role-{r.slug}": r for r in site.board.roles}
    tops = [top_per_hour(by_id[i]) for i in order]
    stated = [t for t in tops if t is not None]
    assert stated == sorted(stated, reverse=True)
    assert tops[len(stated) :] == [None] * (len(tops) - len(stated)), (
        "unstated pay last"
    )
    page.select_option("#rf-sort", "newest")
    posted = [by_id[i].posted_at for i in shown(page)]
    assert posted == sorted(posted, reverse=True)


def test_state_survives_reload_and_back_and_forward(page, site):
    open_board(page, site)
    page.select_option("#rf-field", "ai-machine-learning")
    page.select_option("#rf-location", "remote")
    both = matching(
        site,
        lambda r: (
            r.field == "ai-machine-learning" and r.location_type.value == "remote"
        ),
    )
    expect(page.locator(COUNT)).to_have_text(status_for(site, both))
    expect(page).to_have_url(
        re.compile(re.escape("?field=ai-machine-learning&location=remote") + "$")
    )

    page.reload()
    expect(page.locator("#rf-field")).to_have_value("ai-machine-learning")
    expect(page.locator("#rf-location")).to_have_value("remote")
    expect(page.locator(COUNT)).to_have_text(status_for(site, both))
    assert set(shown(page)) == ids(both)

    page.go_back()
    llm = matching(site, lambda r: r.field == "ai-machine-learning")
    expect(page.locator("#rf-location")).to_have_value("")
    expect(page.locator(COUNT)).to_have_text(status_for(site, llm))
    assert set(shown(page)) == ids(llm)
    page.go_back()
    expect(page.locator(COUNT)).to_have_text(f"{len(site.board.roles)} open roles")
    page.go_forward()
    expect(page.locator("#rf-field")).to_have_value("ai-machine-learning")
    assert set(shown(page)) == ids(llm)


def test_a_shared_url_opens_filtered_and_ignores_unknown_values(page, site):
    open_board(page, site, "?field=language-audio&q=python&sort=pay")
    expected = matching(
        site, lambda r: r.field == "language-audio" and "python" in searchable(r)
    )
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    expect(page.locator("#rf-q")).to_have_value("python")
    expect(page.locator("#rf-sort")).to_have_value("pay")
    open_board(page, site, "?field=astrology")
    expect(page.locator("#rf-field")).to_have_value("")
    expect(page.locator(COUNT)).to_have_text(f"{len(site.board.roles)} open roles")


def test_clear_filters_restores_everything(page, site):
    open_board(page, site, "?seniority=senior&minpay=10&q=python")
    page.click("[data-role-reset]")
    expect(page.locator(COUNT)).to_have_text(f"{len(site.board.roles)} open roles")
    expect(page).to_have_url(site.url("roles/"))
    assert len(shown(page)) == len(site.board.roles)


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def tab_to(page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_board_works_by_keyboard_alone(page, site):
    open_board(page, site)
    page.locator("body").focus()
    tab_to(page, "rf-field")
    page.keyboard.press("ArrowDown")  # "Any" -> the first field
    first = page.locator("#rf-field option").nth(1).get_attribute("value")
    expect(page.locator("#rf-field")).to_have_value(first)
    expected = matching(site, lambda r: r.field == first)
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    tab_to(page, "rf-q")
    page.keyboard.type("engineer")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=engineer"))
    survivors = shown(page)
    assert survivors
    tab_to(page, "rf-sort")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#rf-sort")).to_have_value("pay")
    # On to the first card's title link, then open it with Enter.
    first_card = page.locator(LIST).first
    link = first_card.locator(".role-card-title a")
    href = link.get_attribute("href")
    title = link.inner_text()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.role-card-title') !== null"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(href.lstrip("/")))
    expect(page.locator("h1")).to_have_text(title)


def test_on_a_phone_the_filters_fold_away_and_nothing_scrolls_sideways(
    phone_page, site
):
    page = phone_page
    open_board(page, site)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    panel = page.locator("[data-role-panel]")
    assert panel.get_attribute("open") is None, "folded on a narrow screen"
    # The first card's title and pay show on the first screen of a phone,
    # under the disclosure, the notices and the field chips.
    height = page.viewport_size["height"]
    pay = page.locator("[data-role-list] article .role-card-pay").first
    assert pay.bounding_box()["y"] + pay.bounding_box()["height"] <= height
    page.locator("[data-role-panel] summary").focus()
    page.keyboard.press("Enter")
    assert panel.get_attribute("open") is not None
    page.select_option("#rf-location", "hybrid")
    expected = matching(site, lambda r: r.location_type.value == "hybrid")
    expect(page.locator(COUNT)).to_have_text(status_for(site, expected))
    # The URL follows within a frame; reloaded with a filter set, the panel
    # stays open to show it.
    expect(page).to_have_url(site.url("roles/?location=hybrid"))
    page.reload()
    expect(page.locator("#rf-location")).to_have_value("hybrid")
    assert panel.get_attribute("open") is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_result_count_is_announced_politely(page, site):
    open_board(page, site)
    status = page.locator(COUNT)
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"
    page.select_option("#rf-employment", "intern")
    expect(status).to_have_text(
        status_for(site, matching(site, lambda r: r.employment_type.value == "intern"))
    )


def test_without_javascript_every_card_shows_and_the_nav_cuts(nojs_page, site):
    page = nojs_page
    page.goto(site.url("roles/"))
    expect(page.locator("form[data-role-filters]")).to_be_hidden()
    assert len(page.locator("[data-role-list] > li > article").all()) == len(
        site.board.roles
    )
    assert all(card.is_visible() for card in page.locator("article.role-card").all())
    page.click(".role-fields a[href$='/roles/language-audio/']")
    page.wait_for_url(site.url("roles/language-audio/"))
    nlp = matching(site, lambda r: r.field == "language-audio")
    cards = page.locator("article.role-card")
    assert {cards.nth(i).get_attribute("id") for i in range(cards.count())} == ids(nlp)
    assert page.locator("h1").inner_text() == "Language and audio roles"


def role_paths(site) -> list[str]:
    return [f"roles/{r.slug}/" for r in site.board.roles] + [
        f"roles/{r.slug}/" for r in site.board.closed
    ]


def test_hostile_roles_run_no_script_and_keep_valid_jsonld(page, site, watch):
    hostile = [
        r for r in (*site.board.roles, *site.board.closed) if r.source == "hostile"
    ]
    assert len(hostile) == 5
    page.add_init_script(
        "window.__injected = 0; window.alert = () => { window.__injected += 1; };"
    )
    for path in ["roles/", *role_paths(site)]:
        page.goto(site.url(path))
        assert page.evaluate("window.__injected") == 0, path
        assert page.locator("img").count() == 0, path
        scripts = page.locator("script").all()
        for script in scripts:
            kind = script.get_attribute("type")
            src = script.get_attribute("src")
            assert kind == "application/ld+json" or (src or "").endswith(
                ("/theme/js/roles.js", "/theme/js/seen.js")
            ), path
        blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
        for block in blocks:
            data = json.loads(block)
            assert (
                data["@type"] in {"JobPosting", "BlogPosting", "WebSite", "Article"}
                or data
            ), path
    engineer = next(r for r in hostile if r.title.startswith("Engineer "))
    page.goto(site.url(f"roles/{engineer.slug}/"))
    assert page.locator("h1").inner_text() == engineer.title
    (posting,) = [
        json.loads(b)
        for b in page.locator('script[type="application/ld+json"]').all_text_contents()
        if json.loads(b).get("@type") == "JobPosting"
    ]
    assert posting["title"] == engineer.title
    assert posting["hiringOrganization"]["name"] == engineer.company
    assert watch.dialogs == []


def test_article_cards_carry_their_own_label_and_no_script(page, site):
    page.goto(site.url("micro1-vetting/"))
    related = page.locator(".role-cards-related article.role-card")
    assert related.count() == 3
    for i in range(related.count()):
        card = related.nth(i)
        button = card.locator("a.button")
        if "referralCode=" in (button.get_attribute("href") or ""):
            assert button.get_attribute("rel") == "sponsored noopener"
            assert "Referral link" in card.locator(".role-card-referral").inner_text()
    assert page.locator("script:not([type='application/ld+json'])").count() == 0


def test_cards_the_last_visit_did_not_show_are_marked_new_since_then(page, site):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_board(page, site)
    unseen = "[data-role-list] article[data-unseen]"
    assert page.locator(unseen).count() == 0, "a first visit marks nothing"
    stored = page.evaluate("JSON.parse(localStorage.getItem('rmtly.seen.v1'))")
    slugs = [role.slug for role in site.board.roles]
    assert sorted(stored["ids"]) == sorted(slugs)

    # The last visit saw every role but two: as if two were added since.
    page.evaluate(
        """ids => {
            localStorage.setItem('rmtly.seen.v1', JSON.stringify(
                {at: '2026-01-01T00:00:00Z', ids: ids}));
            sessionStorage.clear();
        }""",
        slugs[2:],
    )
    page.reload()
    expect(page.locator(unseen)).to_have_count(2)
    marked = page.eval_on_selector_all(unseen, "els => els.map(e => e.id)")
    assert marked == [f"role-{slug}" for slug in slugs[:2]]
    expect(page.locator(unseen).first.locator(".badge-unseen")).to_have_text(
        "New since your last visit"
    )
    page.reload()  # the same visit: the marks stay
    expect(page.locator(unseen)).to_have_count(2)
    assert page.evaluate("document.cookie") == ""
    assert all(url.startswith(site.url("")) for url in requests)


def test_cards_the_script_renders_state_the_reward_and_get_unseen_marks(page, site):
    rewarded = [role for role in site.board.roles if role.reward]
    assert rewarded, "the fixture states a reward on some roles"
    slugs = [role.slug for role in site.board.roles]
    open_board(page, site)
    # The text itself, whitespace collapsed: what is drawn (innerText)
    # depends on layout, which this comparison is not about.
    facts = """els => els.map(e => [e.id, e.querySelector('.role-card-facts')
        .textContent.replace(/\\s+/g, ' ').trim()])"""
    served = page.eval_on_selector_all("[data-role-list] article", facts)
    # The last visit saw every role but the rewarded ones.
    page.evaluate(
        """ids => {
            localStorage.setItem('rmtly.seen.v1', JSON.stringify(
                {at: '2026-01-01T00:00:00Z', ids: ids}));
            sessionStorage.clear();
        }""",
        [slug for slug in slugs if slug not in {role.slug for role in rewarded}],
    )
    # Sorting by pay makes the script render every card itself.
    open_board(page, site, "?sort=pay")
    for role in rewarded:
        card = page.locator(f"#role-{role.slug}")
        expect(card).to_have_attribute("data-unseen", "")
        expect(card.locator(".role-card-referral")).to_have_text(
            f"rmtly is paid {view.reward_amount(role)} if you\u2019re hired "
            "through its referral link."
        )
    # Facts drawn from the index's facet labels read as the server's do.
    whole(page)
    rendered = page.eval_on_selector_all("[data-role-list] article", facts)
    assert sorted(rendered) == sorted(served)
    unseen = page.eval_on_selector_all(
        "[data-role-list] article[data-unseen]", "els => els.map(e => e.id)"
    )
    assert sorted(unseen) == sorted(ids(rewarded))
