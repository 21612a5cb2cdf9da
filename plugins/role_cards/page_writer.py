"""Writing one page under /roles/: the page object and the page writer.

This module owns how a template becomes a file: ``PageRef``, the ``page=``
object the sitemap plugin and the disclosures pass read, and ``PageWriter``,
which renders a template with the shared context through
``writer.write_file`` (so Pelican's ``content_written`` signal fires for each
page), looks templates up once per build, names the snapshot behind a page
and reuses a cached page when its inputs have not changed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Template
from pelican import signals
from pelican.utils import get_relative_path, path_to_url

from .cache import page_cache
from .model import Role
from .render import environment_for


@dataclass(frozen=True, slots=True)
class PageRef:
    """The ``page=`` object for the sitemap plugin and the disclosures pass.

    ``modified`` becomes the sitemap's lastmod; a status other than "published"
    keeps the URL out of the sitemap; ``source_path`` names the data behind it.
    """

    url: str
    title: str
    date: datetime
    modified: datetime
    status: str = "published"
    source_path: str = ""
    translations: tuple[Any, ...] = ()


class PageWriter:
    """Writes one template to one path with the shared context and a page object."""

    def __init__(self, writer: Any, generator: Any, *, shared: dict[str, Any]) -> None:
        self.writer = writer
        self.generator = generator
        self.env = environment_for(generator)
        self.shared = shared
        self.siteurl = generator.settings.get("SITEURL", "")
        self._source_paths: dict[tuple[str, ...], str] = {}
        self._templates: dict[str, Template] = {}
        self.cache = page_cache(generator)

    def source_path(self, roles: Sequence[Role]) -> str:
        """The snapshot behind some roles, as the disclosures check names it."""
        sources = tuple(sorted({role.source for role in roles}))
        path = self._source_paths.get(sources)
        if path is None:
            settings = self.generator.role_settings
            if len(sources) == 1:
                path = _display_path(settings.snapshot_path(sources[0]))
            else:
                path = _display_path(settings.snapshot_dir)
            self._source_paths[sources] = path
        return path

    def template(self, name: str) -> Template:
        """A template, looked up once per build rather than once per page."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def destination(self, page: PageRef) -> str:
        return os.path.join(self.writer.output_path, page.url + "index.html")

    def reuse(self, page: PageRef) -> bool:
        """Put the cached page in place, if the cache has it for these inputs."""
        destination = self.destination(page)
        if self.cache is None or not self.cache.restore(page.url, destination):
            return False
        self.announce(page, stored=True)
        return True

    def announce(self, page: PageRef, *, stored: bool = False) -> None:
        """What Writer.write_file announces for a page written here: the
        sitemap and the disclosures pass learn of it from this signal. A page
        not ``stored`` yet goes into the cache too."""
        destination = self.destination(page)
        signals.content_written.send(destination, context={"page": page})
        if self.cache is not None and not stored:
            self.cache.store(page.url, destination)

    def render(self, template: str, page: PageRef, **values: Any) -> str:
        """The page as Writer.write_file would render it (no file written)."""
        name = page.url + "index.html"
        context = dict(self.generator.context)
        context["localsiteurl"] = context.get("localsiteurl")
        if self.generator.settings.get("RELATIVE_URLS", False):
            relative = path_to_url(get_relative_path(name))
            context["SITEURL"] = context["localsiteurl"] = relative
        context["output_file"] = name
        context.update(page=page, **self.shared, **values)
        return self.template(template).render(context)

    def __call__(self, template: str, page: PageRef, **values: Any) -> None:
        if self.reuse(page):
            return
        name = page.url + "index.html"
        destination = self.destination(page)
        self.writer.write_file(
            name,
            self.template(template),
            self.generator.context,
            relative_urls=self.generator.settings.get("RELATIVE_URLS", False),
            page=page,
            **self.shared,
            **values,
        )
        if self.cache is not None:
            self.cache.store(page.url, destination)


def _display_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
