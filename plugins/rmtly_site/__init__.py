"""rmtly_site: site-wide rules that are not about roles or disclosures.

- every content file's metadata is checked before Pelican reads it, so an
  author's mistake stops the build with the file, the line and the fix;
- the referral code and ROLES_URL are validated once, and a publish build
  refuses the development placeholder code;
- articles get a reading time;
- each feed gets its own id, and the sitemap dates pages by their content;
- the project's own errors are printed as one clean message, no traceback.
"""

from __future__ import annotations

from pelican import signals

from . import errors
from .checks import check_article_sources, check_page_sources
from .feeds_sitemap import date_undated_sitemap_entries, give_feed_its_own_id
from .site import add_reading_time, check_site_settings


def register() -> None:
    # A logging filter, not a signal: Pelican's main() logs the stopping error.
    errors.install()
    # initialized: settings are final (after -e overrides), nothing read yet.
    signals.initialized.connect(check_site_settings)
    # *_generator_init: the generator knows its paths; checking here fails the
    # build before Pelican would skip a broken file with a log line.
    signals.article_generator_init.connect(check_article_sources)
    signals.page_generator_init.connect(check_page_sources)
    signals.content_object_init.connect(add_reading_time)
    # feed_generated: the feed is complete and not yet written.
    signals.feed_generated.connect(give_feed_its_own_id)
    # all_generators_finalized: every article is read, no page is written yet.
    signals.all_generators_finalized.connect(date_undated_sitemap_entries)
