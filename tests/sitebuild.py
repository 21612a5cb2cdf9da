"""Build a small real site into a temporary folder with Pelican's own API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def site_settings(
    tmp_path: Path, *, conf: str | None = "pelicanconf.py", **override: Any
) -> dict[str, Any]:
    """Settings pointed at tmp_path/content and tmp_path/out.

    ``conf`` is a settings file of the repository (with its theme and role
    snapshots), or None for Pelican's defaults plus ``override`` alone.
    """
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    base: dict[str, Any] = {
        "PATH": str(tmp_path / "content"),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    if conf is not None:
        base["THEME"] = str(ROOT / "theme")
        base["ROLE_CARDS_SNAPSHOT_DIR"] = str(ROOT / "data" / "roles")
    base.update(override)
    return read_settings(str(ROOT / conf) if conf else None, override=base)


def write_content(tmp_path: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under tmp_path/content; return that folder."""
    content = tmp_path / "content"
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (content / "articles").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    return content


def build(
    tmp_path: Path,
    files: dict[str, str],
    *,
    conf: str | None = "pelicanconf.py",
    **override: Any,
) -> Path:
    """Write the content, run Pelican, return the output folder."""
    write_content(tmp_path, files)
    Pelican(site_settings(tmp_path, conf=conf, **override)).run()
    return tmp_path / "out"


def article(
    title: str = "A test article",
    *,
    slug: str = "a-test-article",
    body: str = "Some words about vetting.\n",
    **meta: str | None,
) -> str:
    """Markdown source of a valid article; meta adds or replaces header lines
    (None leaves a line out)."""
    header: dict[str, str | None] = {
        "Title": title,
        "Date": "2026-11-01 10:00",
        "Category": "Hiring",
        "Tags": "vetting",
        "Slug": slug,
        "Summary": "A short summary.",
    }
    header.update(meta)
    lines = [f"{key}: {value}" for key, value in header.items() if value is not None]
    return "\n".join(lines) + "\n\n" + body


def pelican_cli(
    tmp_path: Path, *overrides: str, conf: str = "pelicanconf.py"
) -> subprocess.CompletedProcess[str]:
    """Run the `pelican` command as `make html` does, on tmp_path/content.

    ``overrides`` are `-e KEY=json` values. The plain log handler keeps each
    message on its lines whatever the terminal's width.
    """
    command = [
        str(Path(sys.executable).parent / "pelican"),
        str(tmp_path / "content"),
        *("-s", str(ROOT / conf), "-o", str(tmp_path / "out")),
        *("--fatal", "errors", "--log-handler", "plain"),
        *("-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false", *overrides),
    ]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=tmp_path
    )
