"""Build a small real site into a temporary folder with Pelican's own API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def site_settings(
    tmp_path: Path, *, conf: str = "pelicanconf.py", **override: Any
) -> dict[str, Any]:
    """The repository's settings, pointed at tmp_path/content and tmp_path/out."""
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    base = {
        "PATH": str(tmp_path / "content"),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "ROLE_CARDS_SNAPSHOT_DIR": str(ROOT / "data" / "roles"),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    base.update(override)
    return read_settings(str(ROOT / conf), override=base)


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


def build(tmp_path: Path, files: dict[str, str], **override: Any) -> Path:
    """Write the content, run Pelican, return the output folder."""
    write_content(tmp_path, files)
    Pelican(site_settings(tmp_path, **override)).run()
    return tmp_path / "out"


def article(
    title: str = "A test article",
    *,
    slug: str = "a-test-article",
    body: str = "Some words about vetting.\n",
    **meta: str,
) -> str:
    """Markdown source of a valid article; meta adds or replaces header lines."""
    header = {
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
