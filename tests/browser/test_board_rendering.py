"""The board's script: when it writes the URL, and cards it renders itself.

Cards the script renders from roles/index.json must read exactly as the
server's do, pay included; the URL is written only once the frame showing
the new cards has begun, so the history call finds layout clean.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from role_cards import board as view
from role_cards.formatting import INTERVAL_WORDS, PAY_PER_TASK_NOTE, format_pay
from role_cards.index import short_slug
from role_cards.model import Pay

pytestmark = pytest.mark.browser

LIST = "[data-role-list] article"
COUNT = "[data-role-count]"

# Counts frames; each history call records how many frames began since the
# last filter change it follows.
FRAME_WATCH = """
window.__frames = 0;
window.__calls = [];
(function tick() { window.__frames++; requestAnimationFrame(tick); })();
for (const kind of ["change", "input"]) {
  addEventListener(kind, () => { window.__changedAt = window.__frames; }, true);
}
for (const name of ["pushState", "replaceState"]) {
  const original = history[name].bind(history);
  history[name] = (state, title, url) => {
    window.__calls.push([name, String(url), window.__frames - window.__changedAt]);
    return original(state, title, url);
  };
}
"""


def open_board(page, site, query: str = "") -> None:
    page.goto(site.url("roles/" + query))
    expect(page.locator("form[data-role-filters]")).to_be_visible()


def test_the_url_is_written_after_the_frame_that_shows_the_change(page, site):
    page.add_init_script(FRAME_WATCH)
    open_board(page, site)
    page.select_option("#rf-field", "language-audio")
    expect(page).to_have_url(site.url("roles/?field=language-audio"))
    page.fill("#rf-q", "python")
    expect(page).to_have_url(site.url("roles/?field=language-audio&q=python"))
    page.select_option("#rf-sort", "pay")
    expect(page).to_have_url(site.url("roles/?field=language-audio&q=python&sort=pay"))
    calls = page.evaluate("window.__calls")
    assert [name for name, _, _ in calls] == ["pushState"] * 3
    assert all(frames >= 1 for _, _, frames in calls), calls


def test_back_goes_to_the_state_before_each_change(page, site):
    open_board(page, site)
    page.select_option("#rf-seniority", "senior")
    expect(page).to_have_url(site.url("roles/?seniority=senior"))
    # Two changes within one frame, before the URL follows either.
    page.evaluate(
        """() => {
            for (const [id, value] of [["rf-location", "remote"], ["rf-sort", "pay"]]) {
                const select = document.getElementById(id);
                select.value = value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            }
        }"""
    )
    expect(page).to_have_url(
        site.url("roles/?seniority=senior&location=remote&sort=pay")
    )
    page.go_back()
    expect(page.locator("#rf-sort")).to_have_value("newest")
    expect(page.locator("#rf-location")).to_have_value("remote")
    expect(page).to_have_url(site.url("roles/?seniority=senior&location=remote"))
    page.go_back()
    expect(page.locator("#rf-location")).to_have_value("")
    expect(page.locator("#rf-seniority")).to_have_value("senior")
    page.go_back()
    expect(page.locator("#rf-seniority")).to_have_value("")
    expect(page.locator(COUNT)).to_have_text(f"{len(site.board.roles)} open roles")


def cards_text(page) -> dict[str, list[str]]:
    """Each card as its elements' tags, classes and own text. The actions and
    the referral note are left out: the script's cards link to the role page,
    where the apply button is, and say what a referral earns in words of
    their own (tests/browser/test_roles_board.py checks those)."""
    page.wait_for_selector("[data-role-list]:not([aria-busy])", state="attached")
    return dict(
        page.eval_on_selector_all(
            LIST,
            """els => els.map(e => [e.id, Array.from(e.querySelectorAll('*'))
                .filter(n => !n.closest('.role-card-actions, .role-card-referral'))
                .map(n => n.tagName + '.' + n.className + ' ' + Array.from(n.childNodes)
                    .filter(t => t.nodeType === 3).map(t => t.data).join('')
                    .replace(/\\s+/g, ' ').trim())])""",
        )
    )


def test_script_rendered_cards_read_as_the_servers_pay_included(page, site):
    open_board(page, site)
    served = cards_text(page)
    pays = page.eval_on_selector_all(
        LIST + " .role-card-pay", "els => els.map(e => e.textContent)"
    )
    # Sorting by pay makes the script render every card itself.
    open_board(page, site, "?sort=pay")
    expect(page.locator(LIST).first).to_be_visible()
    rendered = cards_text(page)
    assert rendered.keys() == served.keys()
    for card_id, text in served.items():
        assert rendered[card_id] == text, card_id
    by_id = {f"role-{r.slug}": r for r in site.board.roles}
    rendered_pays = page.eval_on_selector_all(
        LIST,
        "els => els.map(e => [e.id, e.querySelector('.role-card-pay').textContent])",
    )
    for card_id, pay in rendered_pays:
        assert pay == view.format_pay(by_id[card_id].pay), card_id
    # The fixture has ranges, single figures, open ends and no pay at all.
    assert {"Pay not stated"} < set(pays)
    assert any(p.startswith("Up to ") for p in pays)
    assert any(p.startswith("From ") for p in pays)


# Figures the fixture does not state, written into the index the page fetches:
# (min, max, currency, interval), each formatted by the script and the server.
ODD_PAY = [
    (62.5, 62.5, "USD", "hour"),
    (1234.5, 2500.75, "USD", "hour"),
    (None, 1000000, "CAD", "week"),
    (2000.25, 2500, "CAD", "week"),
    (0.5, None, "EUR", "year"),
]


WORDS = "$60.00\u2013$60.00 / hour"


def test_the_script_formats_pay_numbers_as_the_server_does(page, site):
    changed: list[str] = []  # the short slugs of the rows given odd pay

    def with_odd_pay(route):
        data = route.fetch().json()
        at = {name: n for n, name in enumerate(data["fields"])}
        units = [(u["currency"], u["per"]) for u in data["pay_units"]]
        for row, (low, high, currency, per) in zip(
            data["roles"], ODD_PAY, strict=False
        ):
            row[at["pay"]] = [low, high, units.index((currency, per)), 1000]
            changed.append(row[at["slug"]])
        data["roles"][0][at["flags"]] += "t"
        # The words the index keeps when the numbers would misread.
        data["roles"][len(ODD_PAY)][at["pay"]] = [WORDS, 60]
        changed.append(data["roles"][len(ODD_PAY)][at["slug"]])
        route.fulfill(response=route.fetch(), json=data)

    page.route("**/roles/index.json", with_odd_pay)
    open_board(page, site, "?sort=pay")
    by_short = {short_slug(r.title, r.slug): r for r in site.board.roles}
    assert len(changed) == len(ODD_PAY) + 1
    words = page.locator(f"#role-{by_short[changed[-1]].slug}")
    expect(words.locator(".role-card-pay")).to_have_text(WORDS)
    expect(words).to_have_attribute("data-pay", "60")
    for n, (low, high, currency, per) in enumerate(ODD_PAY):
        interval = next(i for i, word in INTERVAL_WORDS.items() if word == per)
        words = format_pay(Pay(low, high, currency, interval))
        pay = page.locator(f"#role-{by_short[changed[n]].slug} .role-card-pay")
        if n == 0:
            words += f" ({PAY_PER_TASK_NOTE})"
            expect(pay.locator(".role-card-pay-note")).to_have_count(1)
        expect(pay).to_have_text(words)


# Records, per batch of cards the script adds to the list, how many and in
# which frame (frames counted by requestAnimationFrame).
BATCH_WATCH = """
window.__frames = 0;
window.__batches = [];
(function tick() { window.__frames++; requestAnimationFrame(tick); })();
addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("[data-role-list]");
  new MutationObserver((records) => {
    for (const r of records) {
      const added = r.addedNodes.length;
      if (added) window.__batches.push([added, window.__frames]);
    }
  }).observe(list, {childList: true});
});
"""
FIRST = 12  # cards the script draws before the next frame (roles.js)


def test_the_top_cards_come_in_the_first_frame_and_the_rest_after(page, site):
    roles = len(site.board.roles)
    assert roles > FIRST, "the fixture needs more roles than the first batch"
    page.add_init_script(BATCH_WATCH)
    open_board(page, site, "?sort=pay")  # the script renders every card itself
    page.wait_for_selector("[data-role-list]:not([aria-busy])", state="attached")
    batches = page.evaluate("window.__batches")
    assert [count for count, _ in batches[-2:]] == [FIRST, roles - FIRST]
    assert batches[-1][1] > batches[-2][1], "the rest waits for a later frame"
    cards = page.eval_on_selector_all(LIST, "els => els.map(e => e.id)")
    assert len(cards) == len(set(cards)) == roles


def test_a_newer_change_cancels_the_rest_of_an_older_one(page, site):
    senior = {f"role-{r.slug}" for r in site.board.roles if r.seniority == "senior"}
    # A stale rest (the newest order's cards after the first batch) would
    # show a role that is not senior.
    rest = {f"role-{r.slug}" for r in site.board.roles[FIRST:]}
    assert senior
    assert rest - senior
    open_board(page, site, "?sort=pay")
    # Two changes in one task: the first would draw every role in two
    # batches; the second leaves only the senior ones.
    page.evaluate(
        """() => {
            const sort = document.getElementById("rf-sort");
            sort.value = "newest";
            sort.dispatchEvent(new Event("change", {bubbles: true}));
            if (!document.querySelector("[data-role-list][aria-busy]")) {
                throw new Error("the first change did not leave a rest to draw");
            }
            const level = document.getElementById("rf-seniority");
            level.value = "senior";
            level.dispatchEvent(new Event("change", {bubbles: true}));
        }"""
    )
    page.wait_for_selector("[data-role-list]:not([aria-busy])", state="attached")
    page.wait_for_timeout(100)  # frames in which a stale rest would arrive
    cards = page.eval_on_selector_all(LIST, "els => els.map(e => e.id)")
    assert sorted(cards) == sorted(senior)
