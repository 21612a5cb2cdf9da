"""Fixtures for the disclosures tests: settings, signal isolation, a tiny site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from blinker import ANY, Signal
from disclosures.settings import DisclosuresSettings, load_settings
from pelican import Pelican
from pelican.plugins import signals

from tests.disclosures.disclosure_pages import DISCLOSURE_PAGE, SENTENCE, site_settings


@pytest.fixture
def settings() -> DisclosuresSettings:
    return load_settings({"DISCLOSURES_SENTENCE": SENTENCE, "SITEURL": ""})


@pytest.fixture
def isolated_signals() -> Iterator[None]:
    """Only this plugin's receivers during a build.

    Pelican's signals are process-wide: plugins registered by other tests'
    builds stay connected and would otherwise run inside these builds.
    """
    foreign: list[tuple[Any, Callable[..., Any]]] = []
    for value in vars(signals).values():
        if not isinstance(value, Signal):
            continue
        for receiver in list(value.receivers_for(ANY)):
            if not getattr(receiver, "__module__", "").startswith("disclosures"):
                foreign.append((value, receiver))
                value.disconnect(receiver)
    try:
        yield
    finally:
        for signal, receiver in foreign:
            signal.connect(receiver)


@pytest.fixture
def build_site(tmp_path: Path, isolated_signals: None) -> Callable[..., Path]:
    """Write content files, run Pelican, return the output folder."""

    def build(files: dict[str, str], **override: Any) -> Path:
        content = tmp_path / "content"
        for relative, text in {"pages/disclosure.md": DISCLOSURE_PAGE, **files}.items():
            path = content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (content / "articles").mkdir(parents=True, exist_ok=True)
        Pelican(site_settings(tmp_path, **override)).run()
        return tmp_path / "out"

    return build
