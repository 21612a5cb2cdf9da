"""Below ``Http``: a wall-clock deadline on every socket operation, and bodies
decoded a slice at a time under the size cap.

httpx's timeouts bound the wait for each read, not the exchange: a server
that sends one byte a second (in its headers, an endless gzip header or chunk
extension, or the body) never trips them. ``deadline`` sets, for the current
thread, the moment by which the exchange must be over; every connect, read
and write of ``DeadlineTransport`` gets at most the time left and fails once
it has run out, whatever the server does and wherever httpx is reading.

``BodyDecoder`` replaces httpx's content decoding: httpx inflates a whole
chunk at once, so ``Content-Encoding: gzip, gzip`` turns a few kilobytes into
gigabytes before any cap is checked. Here every layer is inflated at most
``SLICE`` bytes at a time and the output is counted as it grows.
"""

from __future__ import annotations

import contextlib
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

# Largest piece any decoding layer produces in one step.
SLICE = 64 * 1024
MAX_ENCODINGS = 2
ACCEPT_ENCODING = "gzip, deflate"

_DEADLINE: ContextVar[float | None] = ContextVar("role_cards_deadline", default=None)


class BodyError(Exception):
    """The body cannot be decoded within the rules; the message says why."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every socket operation of this thread inside must end ``seconds`` from now."""
    token = _DEADLINE.set(time.monotonic() + max(0.0, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    until = _DEADLINE.get()
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise error("the wall-clock deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A socket stream whose every read and write stops at the deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(
            super().connect_tcp(host, port, bounded, local_address, socket_options)
        )


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport on a socket layer that honours ``deadline``.

    httpx offers no public hook for httpcore's network backend, so the pool
    is rebuilt here with the same options and ours (httpx is pinned; the
    chaos tests fail if this stops working).
    """

    def __init__(self, *, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_Backend(),
        )


# --- content decoding ---------------------------------------------------------


def encodings(header: str) -> list[str]:
    """The codings of a Content-Encoding value, in the order they were applied."""
    names = [part.strip().lower() for part in header.split(",")]
    names = [name for name in names if name and name != "identity"]
    if len(names) > MAX_ENCODINGS:
        raise BodyError(
            f"{len(names)} stacked content encodings ({header.strip()}); "
            f"at most {MAX_ENCODINGS} are read"
        )
    for name in names:
        if name not in ("gzip", "x-gzip", "deflate"):
            raise BodyError(f"unsupported content encoding {name!r}")
    return names


class _Layer:
    """One coding, inflated at most SLICE bytes per step."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._gzip = name != "deflate"
        self._raw_deflate = False  # some servers send deflate without zlib framing
        self._started = False
        self._new()

    def _new(self) -> None:
        bits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(
            -zlib.MAX_WBITS if self._raw_deflate else bits
        )

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            if self._inflater.eof:
                if not self._gzip or not data:
                    return  # bytes after a deflate stream's end are ignored
                self._new()  # another gzip member follows
            try:
                out = self._inflater.decompress(data, SLICE)
            except zlib.error as exc:
                if not self._gzip and not self._started and not self._raw_deflate:
                    self._raw_deflate = True
                    self._new()
                    continue
                raise BodyError(f"{self.name} body does not inflate ({exc})") from None
            self._started = True
            if out:
                yield out
            if self._inflater.unconsumed_tail:
                data = self._inflater.unconsumed_tail
            elif len(out) == SLICE and not self._inflater.eof:
                data = b""  # output still pending inside the inflater
            elif self._inflater.eof and self._inflater.unused_data:
                data = self._inflater.unused_data
            else:
                return

    def finish(self) -> None:
        if not self._inflater.eof:
            raise BodyError(f"the {self.name} body is truncated")


class BodyDecoder:
    """Raw body bytes in, decoded bytes out, both counted against ``cap``."""

    def __init__(self, content_encoding: str, cap: int) -> None:
        # Decoding runs last coding first.
        self._layers = [_Layer(name) for name in reversed(encodings(content_encoding))]
        self._cap = cap
        self.raw = 0
        self.decoded = 0
        self._parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        self.raw += len(chunk)
        if self.raw > self._cap:
            raise BodyError(f"response over {self._cap} bytes")
        self._push(0, chunk)

    def _push(self, index: int, data: bytes) -> None:
        if index == len(self._layers):
            self.decoded += len(data)
            if self.decoded > self._cap:
                raise BodyError(f"response over {self._cap} bytes once decoded")
            self._parts.append(data)
            return
        for piece in self._layers[index].feed(data):
            self._push(index + 1, piece)

    def finish(self) -> bytes:
        for layer in self._layers:
            layer.finish()
        return b"".join(self._parts)
