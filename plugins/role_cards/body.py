"""What a response's body becomes: bytes read under the size cap, then JSON or text.

``read_capped`` refuses a body whose Content-Length is over the cap and feeds
the rest, as it arrives, through ``wire.BodyDecoder``, which inflates it a
slice at a time and counts the decoded bytes against the cap. ``decode_json``
reads JSON as UTF-8 (a byte-order mark is skipped) whatever charset the
Content-Type claims, since RFC 8259 allows no other; ``decode_text`` uses the
charset the server names. Every failure is a ``BodyError`` with a short
reason, which ``Http`` turns into a SourceError; the socket-level rules (the
wall-clock deadline, the layer-by-layer inflation) stay in ``wire``.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Iterator
from typing import Any

import httpx

from .wire import BodyDecoder, BodyError


def read_capped(response: httpx.Response, cap: int) -> bytes:
    """The decoded body of ``response``, at most ``cap`` bytes; BodyError if over."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise BodyError(f"response over {cap} bytes (Content-Length {declared})")
    decoder = BodyDecoder(response.headers.get("Content-Encoding", ""), cap)
    for chunk in _raw_chunks(response):
        decoder.feed(chunk)
    return decoder.finish()


def _raw_chunks(response: httpx.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_raw()
    except httpx.StreamConsumed:
        # A response built in memory (httpx.MockTransport in tests) was read
        # when it was made; what it holds is already in memory.
        yield response.content


def decode_json(content: bytes, charset: str | None) -> Any:
    """The JSON document in ``content``; BodyError saying why if it is malformed."""
    try:
        # JSON is UTF-8 (RFC 8259); a charset in the header is ignored.
        return jsonlib.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        claimed = f"; the header says {charset}" if charset else ""
        raise BodyError(
            f"malformed JSON: not UTF-8 at byte {exc.start}{claimed}"
        ) from None
    except jsonlib.JSONDecodeError as exc:
        start = " ".join(content[:40].decode("utf-8", "replace").split())
        raise BodyError(
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            f" (body starts {start!r})"
        ) from None
    except RecursionError:
        raise BodyError("malformed JSON: nested too deeply to read") from None
    except ValueError:  # Python refuses integers of over 4,300 digits
        raise BodyError("malformed JSON: a number too long to read") from None


def decode_text(
    content: bytes, charset: str | None, default: str, *, errors: str
) -> str:
    """``content`` as text in the server's charset, or ``default``."""
    # A charset the server names but Python does not know is a server's typo,
    # not a reason to fail: the default (UTF-8) is what such servers mean.
    try:
        return content.decode(charset or default, errors=errors)
    except LookupError:
        return content.decode(default, errors=errors)
