"""The autoescaping Jinja environment every role page, card and board is rendered in.

Pelican's own environment has autoescape off, and role text comes from remote
job boards. So role templates get an environment of their own: the same
template loader (theme, then Pelican's simple theme), the same filters, globals
and tests that Pelican offers templates, and autoescape on. The only HTML from
a source that templates print unescaped is ``role.description_html``, which was
sanitised with nh3 when it was parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import BaseLoader, Environment

# Pelican's JINJA_ENVIRONMENT keys that are safe to mirror; "autoescape" is not
# among them on purpose: it is always True here.
_MIRRORED_OPTIONS = (
    "extensions",
    "trim_blocks",
    "lstrip_blocks",
    "keep_trailing_newline",
    "undefined",
)


def make_environment(
    *,
    loader: BaseLoader,
    settings: Mapping[str, Any],
    filters: Mapping[str, Any] | None = None,
    globals_: Mapping[str, Any] | None = None,
    tests: Mapping[str, Any] | None = None,
) -> Environment:
    """An autoescaping environment with the loader, filters, globals and tests given."""
    jinja_options = dict(settings.get("JINJA_ENVIRONMENT") or {})
    options = {
        key: jinja_options[key] for key in _MIRRORED_OPTIONS if key in jinja_options
    }
    # Templates do not change during a build, and a board of a thousand cards
    # includes the card template a thousand times: skip the per-include stat.
    env = Environment(loader=loader, autoescape=True, auto_reload=False, **options)
    env.filters.update(filters or {})
    env.globals.update(globals_ or {})
    env.tests.update(tests or {})
    return env


def environment_for(generator: Any) -> Environment:
    """The autoescaping twin of a Pelican generator's environment (built once)."""
    cached = getattr(generator, "_role_cards_env", None)
    if isinstance(cached, Environment):
        return cached
    source = generator.env
    env = make_environment(
        loader=source.loader,
        settings=generator.settings,
        filters=source.filters,
        globals_=source.globals,
        tests=source.tests,
    )
    generator._role_cards_env = env
    return env
