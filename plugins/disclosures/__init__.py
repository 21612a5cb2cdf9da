"""disclosures: every referral link in the built site is marked and disclosed.

Referral links (by ``DISCLOSURES_RULES``) get ``rel="sponsored noopener"``,
pages that carry one get the theme's disclosure box before the first, feed
entries that carry one start with the disclosure sentence, and the build
fails when the written output still breaks a rule. ``register()`` only
connects module-level receivers (blinker keeps weak references).
"""

from __future__ import annotations

from pelican import signals

from .build import (
    on_all_generators_finalized,
    on_content_written,
    on_feed_written,
    on_finalized,
    on_initialized,
)
from .check import DisclosureCheckError, Problem
from .rules import Rule, is_referral_url
from .settings import DisclosuresSettingsError, load_settings

__all__ = [
    "DisclosureCheckError",
    "DisclosuresSettingsError",
    "Problem",
    "Rule",
    "is_referral_url",
    "load_settings",
    "register",
]


def register() -> None:
    # initialized: settings are final (-e overrides applied); bad rules stop
    # the build before anything is read.
    signals.initialized.connect(on_initialized)
    # all_generators_finalized: the Jinja environment exists and the context
    # is complete, so the box is rendered once with the site settings.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # content_written / feed_written: the only record of which file came from
    # which source (articles, pages, role pages, feeds).
    signals.content_written.connect(on_content_written)
    signals.feed_written.connect(on_feed_written)
    # finalized: everything is on disk, so the pass sees every page and feed.
    signals.finalized.connect(on_finalized)
