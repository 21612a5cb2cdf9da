"""Site settings guard, reading time, drafts and canonical URLs."""

from __future__ import annotations

import re

import pytest
from rmtly_site.site import SiteSettingsError, settings_problems
from sitebuild import article, build, site_settings

REAL_CODE = "3f6c2a9e-5b1d-4c7a-9e2f-8a1b2c3d4e5f"


def test_placeholder_code_is_fine_for_development(tmp_path):
    assert settings_problems(site_settings(tmp_path)) == []


def test_publish_build_refuses_the_placeholder_code(tmp_path):
    settings = site_settings(tmp_path, conf="publishconf.py")
    settings["REFERRAL_CODE"] = settings["REFERRAL_CODE_PLACEHOLDER"]
    (problem,) = settings_problems(settings)
    assert "REFERRAL_CODE is the development placeholder" in problem
    assert "RMTLY_REFERRAL_CODE" in problem


def test_publish_build_stops_before_reading_anything(tmp_path, monkeypatch):
    monkeypatch.delenv("RMTLY_REFERRAL_CODE", raising=False)
    with pytest.raises(SiteSettingsError, match="development placeholder"):
        build(
            tmp_path,
            {"articles/a.md": article()},
            conf="publishconf.py",
            PLUGINS=["rmtly_site"],
        )
    assert not (tmp_path / "out" / "a-test-article").exists()


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("REFERRAL_CODE", "my-code", "is not a UUID"),
        ("ROLES_URL", "http://example.com/roles", "must use https"),
        ("ROLES_URL", "", "must be a site path"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, key, value, expected):
    settings = site_settings(tmp_path)
    settings[key] = value
    (problem,) = settings_problems(settings)
    assert problem.startswith(key)
    assert expected in problem


def test_reading_time_counts_rendered_words(tmp_path):
    body = ("word " * 690) + "\n"
    out = build(tmp_path, {"articles/a.md": article(body=body)}, PLUGINS=["rmtly_site"])
    html = (out / "a-test-article" / "index.html").read_text()
    assert re.search(r"3\s*min", html), "690 words at 230 words a minute is 3 min"


def test_publish_build_writes_no_drafts_and_absolute_canonicals(tmp_path, monkeypatch):
    monkeypatch.setenv("RMTLY_REFERRAL_CODE", REAL_CODE)
    files = {
        "articles/a.md": article(),
        "articles/d.md": article("Unfinished", slug="unfinished", Status="draft"),
    }
    out = build(
        tmp_path,
        files,
        conf="publishconf.py",
        PLUGINS=["rmtly_site"],
        ROLE_CARDS_FETCH=False,
    )
    written = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert not [p for p in written if "unfinished" in p or p.startswith("drafts/")]
    assert "Unfinished" not in (out / "feeds" / "all.atom.xml").read_text()
    html = (out / "a-test-article" / "index.html").read_text()
    assert '<link rel="canonical" href="https://rmtly.org/a-test-article/"' in html


def test_development_build_previews_drafts(tmp_path):
    files = {"articles/d.md": article("Unfinished", slug="unfinished", Status="draft")}
    out = build(tmp_path, files, PLUGINS=["rmtly_site"])
    assert (out / "drafts" / "unfinished.html").exists()


def test_a_referral_code_pasted_with_spaces_is_trimmed(tmp_path, monkeypatch):
    monkeypatch.setenv("RMTLY_REFERRAL_CODE", f"  {REAL_CODE}\n")
    settings = site_settings(tmp_path, conf="publishconf.py")
    assert settings["REFERRAL_CODE"] == REAL_CODE
    settings["REFERRAL_CODE"] = f" {REAL_CODE} "
    assert settings_problems(settings) == []


def test_role_cards_trims_the_referral_code_too():
    from role_cards.settings import _check_referral_code

    assert _check_referral_code(f"\t{REAL_CODE} ", ()) == REAL_CODE
