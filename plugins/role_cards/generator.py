"""The Pelican side of role_cards: roles into the context, role pages out.

The build reads as phases: settings are validated, the board is loaded
(fetched or read from snapshots), then pages are written. The logic of each
phase lives in its own module; this one only wires them to Pelican.
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from .loader import load_board
from .pages import write_role_pages
from .settings import load_settings
from .shortcodes import expand_cards


class RolesGenerator(Generator):  # type: ignore[misc]  # Pelican is untyped
    """Loads the role board into ``context["role_board"]`` and writes /roles/."""

    def generate_context(self) -> None:
        self.role_settings = load_settings(self.settings)
        self.board = load_board(self.role_settings)
        self.context["role_board"] = self.board

    def generate_output(self, writer: Any) -> None:
        write_role_pages(writer, self)


def expand_article_cards(generators: list[Any]) -> None:
    """Render ``[roles ...]`` lines and tag-picked roles inside articles."""
    roles = next((g for g in generators if isinstance(g, RolesGenerator)), None)
    if roles is not None:
        expand_cards(generators, roles)
