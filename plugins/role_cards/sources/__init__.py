"""One module per kind of source: ``fetch(http, source)`` is thin I/O,
``parse(payload, source, now=...)`` is pure and returns a ParseResult.

``KINDS`` maps a source kind (``SourceConfig.kind``) to its module.
"""

from __future__ import annotations

from types import ModuleType

from . import ashby, greenhouse, jsonld, lever, micro1

KINDS: dict[str, ModuleType] = {
    "micro1": micro1,
    "greenhouse": greenhouse,
    "lever": lever,
    "ashby": ashby,
    "jsonld": jsonld,
}
