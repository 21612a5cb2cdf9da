"""role_cards: live roles fetched at build time, rendered as a role board and cards.

register() only connects module-level receivers (blinker keeps weak references).
"""

from __future__ import annotations

from pelican import signals

from .generator import RolesGenerator, expand_article_cards


def get_generators(pelican: object) -> type[RolesGenerator]:
    return RolesGenerator


def register() -> None:
    # A whole Generator: its generate_context runs after articles and pages
    # are read, so the roles are in the context before any page is written.
    signals.get_generators.connect(get_generators)
    # Role cards inside articles need both the articles and the roles.
    signals.all_generators_finalized.connect(expand_article_cards)
