"""The view settings: what the board shows, never what it loads.

This module owns the site's view settings (the article tag -> field mapping,
the related-roles limit, whether the referral reward is shown) and the fixed
numbers of the view (feed size, the "new" window, card and skill limits),
with the defaults and the validation that names a bad key. Fields come from
the taxonomy (``data/role_taxonomy.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .classify import FieldSet, load_taxonomy
from .settings import SettingsError

# Article tag (slug) -> field whose newest open roles end the article; None
# means "the newest open roles, any field". Unmapped tags pick nothing.
DEFAULT_TAG_FIELDS: dict[str, str | None] = {
    "llm": "ai-machine-learning",
    "llms": "ai-machine-learning",
    "generative-ai": "ai-machine-learning",
    "nlp": "ai-machine-learning",
    "computer-vision": "ai-machine-learning",
    "mlops": "ai-machine-learning",
    "machine-learning": "ai-machine-learning",
    "data-science": "data-analysis",
    "software-engineering": "software-engineering",
    "law": "law",
    "medicine": "medicine",
    "finance": "finance",
    "interviews": None,
    "vetting": None,
    "referrals": None,
    "remote-work": None,
}
DEFAULT_RELATED_LIMIT = 3
DEFAULT_SHOW_REWARD = True
FEED_LIMIT = 30  # newest open roles in roles/feed.atom
NEW_DAYS = 7  # a role posted less than this many days before the build is "New"
MAX_CARDS = 12  # the most cards one [roles ...] block or article ending may show
TOP_SKILLS = 5
SIMILAR_LIMIT = 3


@dataclass(frozen=True, slots=True)
class ViewSettings:
    """ROLE_CARDS_TAG_FIELDS, ROLE_CARDS_RELATED_LIMIT and
    ROLE_CARDS_SHOW_REWARD, validated once."""

    tag_fields: Mapping[str, str | None]
    related_limit: int = DEFAULT_RELATED_LIMIT
    show_reward: bool = DEFAULT_SHOW_REWARD


def load_view_settings(
    settings: Mapping[str, Any], *, fields: FieldSet | None = None
) -> ViewSettings:
    """Merge the site's view settings over the defaults; raise naming a bad key."""
    known = (fields or load_taxonomy().field).slugs
    # By default a tag named like a field picks that field, and a few common
    # tags (llm, nlp, interviews...) pick what they mean.
    default = {slug: slug for slug in known} | DEFAULT_TAG_FIELDS
    mapping = settings.get("ROLE_CARDS_TAG_FIELDS", default)
    if not isinstance(mapping, Mapping):
        raise SettingsError(
            "role_cards: ROLE_CARDS_TAG_FIELDS: expected a dict of tag slug -> "
            f"field (or None for the newest roles), got {mapping!r}"
        )
    tags: dict[str, str | None] = {}
    for tag, value in mapping.items():
        if value is not None and value not in known:
            raise SettingsError(
                f"role_cards: ROLE_CARDS_TAG_FIELDS[{tag!r}]: {value!r} is not a "
                "field in data/role_taxonomy.toml; use None or one of: "
                + ", ".join(known)
            )
        tags[str(tag).lower()] = value
    show_reward = settings.get("ROLE_CARDS_SHOW_REWARD", DEFAULT_SHOW_REWARD)
    if not isinstance(show_reward, bool):
        raise SettingsError(
            "role_cards: ROLE_CARDS_SHOW_REWARD: expected True or False, got "
            f"{show_reward!r}"
        )
    limit = settings.get("ROLE_CARDS_RELATED_LIMIT", DEFAULT_RELATED_LIMIT)
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int)
        or not 0 <= limit <= MAX_CARDS
    ):
        raise SettingsError(
            "role_cards: ROLE_CARDS_RELATED_LIMIT: expected a whole number from 0 "
            f"(no roles after articles) to {MAX_CARDS}, got {limit!r}"
        )
    return ViewSettings(tag_fields=tags, related_limit=limit, show_reward=show_reward)
