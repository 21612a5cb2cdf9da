"""Feed ids and sitemap dates that say what the content is, not how it was built.

- Pelican gives every feed the site's root URL as its ``atom:id``, so the
  category feeds share the main feed's id and a reader merges them; each feed
  takes its own URL as its id instead.
- pelican-sitemap dates every page without a date of its own (the home page)
  with the build's clock, which tells crawlers everything changed every night;
  its fallback becomes the newest article's date, the newest date the home
  page shows. Navigation indexes (archives, categories, tags) stay out of the
  sitemap (``SITEMAP["exclude"]`` in pelicanconf.py).
"""

from __future__ import annotations

from typing import Any

from pelican.generators import ArticlesGenerator
from pelican.plugins.sitemap import sitemap


def give_feed_its_own_id(context: Any, feed: Any) -> None:
    """Use the feed's own URL as its id where Pelican reused the site's."""
    values = feed.feed
    if values.get("feed_url") and values.get("id") == values.get("link"):
        values["id"] = values["feed_url"]


def date_undated_sitemap_entries(generators: list[Any]) -> None:
    """Set pelican-sitemap's fallback date to the newest article's date."""
    dates = [
        article.date
        for generator in generators
        if isinstance(generator, ArticlesGenerator)
        for article in generator.articles
    ]
    if dates:
        # The plugin reads this attribute for any page without a date; it is
        # the one place its fallback can be set from outside.
        sitemap.generator.now = max(dates)
