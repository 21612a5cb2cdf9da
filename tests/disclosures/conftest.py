"""Fixtures for the disclosures tests: settings and a tiny site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from disclosures.settings import DisclosuresSettings, load_settings

from tests.disclosures.disclosure_pages import SENTENCE, build


@pytest.fixture
def settings() -> DisclosuresSettings:
    return load_settings({"DISCLOSURES_SENTENCE": SENTENCE, "SITEURL": ""})


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., Path]:
    """Write content files, run Pelican on the tiny site, return the output."""

    def run(files: dict[str, str], **override: Any) -> Path:
        return build(tmp_path, files, **override)

    return run
