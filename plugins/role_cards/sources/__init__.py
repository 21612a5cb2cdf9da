"""One module per kind of source: ``fetch(http, source)`` is thin I/O,
``parse(payload, source, now=...)`` is pure and returns a ParseResult."""
