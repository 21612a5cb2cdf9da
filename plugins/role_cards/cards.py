"""Role cards as HTML, rendered once and shared by every page that lists them.

This module owns ``CardRenderer``, which renders each role's card once for
the board, the field listings and the similar roles, and ``SimilarCards``,
which gives a role's similar open roles as the cards already made.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from . import board as view
from .model import Role
from .page_writer import PageWriter


class CardRenderer:
    """Renders each role's card once; the board and similar roles reuse it."""

    TEMPLATE = "partials/role_card.html"

    def __init__(self, write: PageWriter) -> None:
        self._template = write.template(self.TEMPLATE)
        context = write.generator.context
        self._values = {
            key: context.get(key, "")
            for key in ("SITEURL", "SITENAME", "DISCLOSURES_PAGE_URL")
        }
        self._html: dict[str, Markup] = {}

    def __call__(self, card: view.RoleView) -> Markup:
        key = card.role.id
        html = self._html.get(key)
        if html is None:
            # Rendered by the autoescaping environment: every field escaped.
            html = Markup(self._template.render(self._values, card=card))  # noqa: S704
            self._html[key] = html
        return html


class SimilarCards:
    """Similar open roles of any role, as the cards the board already made."""

    def __init__(
        self, open_roles: Sequence[Role], cards: Sequence[view.RoleView]
    ) -> None:
        self._index = view.SimilarRoles(open_roles)
        self._cards = {card.role.id: card for card in cards}

    def __call__(self, role: Role) -> list[view.RoleView]:
        return [self._cards[other.id] for other in self._index.pick(role)]
