"""The site built from the shipped content and snapshots, and copies of it
that a test breaks on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings
from sitebuild import ROOT, site_settings

from checks.run import ChecksSettings, load_settings
from checks.site import Site


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ as `make build` writes it from content/ and data/roles/."""
    tmp = tmp_path_factory.mktemp("shipped-site")
    settings = site_settings(tmp, PATH=str(ROOT / "content"))
    Pelican(settings).run()
    return Path(settings["OUTPUT_PATH"])


@pytest.fixture
def checks_settings() -> ChecksSettings:
    return load_settings(read_settings(str(ROOT / "pelicanconf.py")))


@pytest.fixture
def broken_site(shipped_site: Path, tmp_path: Path) -> Callable[..., Site]:
    """A copy of the shipped site with pages written or replaced:
    ``broken_site({"path/index.html": "<html>..."})``."""

    def make(files: dict[str, str | bytes], **site: str) -> Site:
        root = tmp_path / "site"
        if not root.exists():
            shutil.copytree(shipped_site, root)
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return Site(root, **site)

    return make
