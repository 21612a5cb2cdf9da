"""scripts/check_disclosures.py: the check alone over an existing output folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from check_disclosures import main

from tests.disclosures.disclosure_pages import BOX, REFERRAL, ROOT, SENTENCE, page

SCRIPT = ROOT / "scripts" / "check_disclosures.py"
ESCAPED = REFERRAL.replace("&", "&amp;")
GOOD_LINK = f'<a rel="sponsored noopener" href="{ESCAPED}">apply</a>'


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    path = tmp_path / "conf.py"
    path.write_text(
        f'SITEURL = "https://rmtly.org"\nDISCLOSURES_SENTENCE = "{SENTENCE}"\n',
        encoding="utf-8",
    )
    return path


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def atom(content: str) -> str:
    escaped = content.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title>'
        f'<content type="html">{escaped}</content></entry></feed>'
    )


def test_clean_output_exits_0_with_a_summary(
    tmp_path: Path, conf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = write_site(
        tmp_path / "out",
        {
            "index.html": page("<p>Home</p>"),
            "a/index.html": page(f"{BOX}<p>{GOOD_LINK}</p>"),
            "feeds/all.atom.xml": atom(f"<p>{SENTENCE}</p>{GOOD_LINK}"),
            "sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
        },
    )
    assert main([str(out), "--settings", str(conf)]) == 0
    assert capsys.readouterr().out == (
        "disclosures: checked 2 pages and 1 feeds; 2 referral links, all disclosed\n"
    )


def test_problems_exit_1_with_every_message(
    tmp_path: Path, conf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = write_site(
        tmp_path / "out",
        {
            "a/index.html": page(f'<p><a href="{ESCAPED}">apply</a></p>{BOX}'),
            "b/index.html": page("<p>Home</p>", footer=""),
            "feeds/all.atom.xml": atom(GOOD_LINK),
        },
    )
    assert main([str(out), "--settings", str(conf)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("disclosures: 4 problems in the written site")
    assert "- a/index.html:6 (source: unknown" in err
    assert "the referral link has no rel" in err
    assert "comes before the disclosure box" in err
    assert "- b/index.html (source: unknown" in err
    assert "does not link to the Disclosure page (https://rmtly.org/disclosure/)" in err
    assert "- feeds/all.atom.xml (source: unknown" in err
    assert f"    link: {REFERRAL}" in err


def test_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_bad_settings_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text('DISCLOSURES_RULES = [{"hots": "x"}]\n', encoding="utf-8")
    assert main([str(tmp_path), "--settings", str(conf)]) == 2
    assert "DISCLOSURES_RULES[0] has unknown key 'hots'" in capsys.readouterr().err


def test_the_script_runs_standalone(tmp_path: Path, conf: Path) -> None:
    help_run = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert help_run.returncode == 0
    assert "usage: check_disclosures.py" in help_run.stdout
    out = write_site(tmp_path / "out", {"a/index.html": page(f"<p>{GOOD_LINK}</p>")})
    failed = subprocess.run(
        [sys.executable, str(SCRIPT), str(out), "--settings", str(conf)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert failed.returncode == 1
    assert "no disclosure box before it" in failed.stderr
