"""The accessibility gate fails on a page made to break axe's rules, in the
variant where it breaks, and reports requests to other hosts."""

from __future__ import annotations

import pytest

from checks import a11y
from tests.site_checks.pages import CSP_META, page

pytestmark = pytest.mark.browser

# Contrast that passes in light mode and fails in dark mode, and an image
# without alt text that fails in every variant.
DARK_ONLY = (
    "@media (prefers-color-scheme: dark) { .faint { color: #333; background: #222; } }"
)


def test_axe_violations_name_page_template_and_variant(broken_site, browser) -> None:
    site = broken_site(
        {
            "theme/css/faint.css": DARK_ONLY,
            "a11y/index.html": page(
                '<p class="faint">hard to read in the dark</p><img src="/favicon.svg">',
                head='<link rel="stylesheet" href="/theme/css/faint.css">\n',
                template="zz-broken",
            ),
            # Without its policy (which would block it first), a page that loads
            # from another host is caught by the browser too.
            "tracked/index.html": page(
                '<img src="https://tracker.example/p.gif" alt="">',
                template="zz-tracked",
            ).replace(
                CSP_META,
                "",
            ),
        }
    )
    result = a11y.check(site, browser=browser)
    mine = [p for p in result.problems if p.page.startswith("a11y/index.html")]
    alt = [p for p in mine if p.what.startswith("image-alt (critical)")]
    contrast = [p for p in mine if p.what.startswith("color-contrast")]
    assert len(alt) == 4  # light and dark, 390 and 1280 px
    assert {p.page for p in contrast} == {
        "a11y/index.html (zz-broken, dark, 390 px)",
        "a11y/index.html (zz-broken, dark, 1280 px)",
    }
    assert all("dequeuniversity.com" in p.fix for p in mine)
    outside = [p for p in result.problems if "tracker.example" in p.what]
    assert len(outside) == 4
    assert all(p.page.startswith("tracked/index.html (zz-tracked, ") for p in outside)
    # Only the broken page fails: every shipped template is still clean.
    assert {p.page.split(" ")[0] for p in result.problems} <= {
        "a11y/index.html",
        "tracked/index.html",
    }
    templates = {site.template(page) for page in site.pages}
    assert {"zz-broken", "zz-tracked", "role", "board"} <= templates
    assert f"{len(templates)} templates" in result.summary
