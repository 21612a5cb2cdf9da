"""A loopback TCP server that answers with whatever bytes a test scripts.

pytest-httpserver speaks correct HTTP; a misbehaving server (headers sent a
byte at a time, an endless chunk extension, a body shorter than its
Content-Length) has to be written byte by byte. Each connection reads one
request head (and its declared body) and hands the socket to the script.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class Request:
    line: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.line.split(" ")[1]


Script = Callable[["Conn", Request], None]


@dataclass
class Conn:
    sock: socket.socket
    stop: threading.Event

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def trickle(self, data: Iterable[int] | bytes, every: float) -> None:
        """Send one byte at a time, ``every`` seconds apart, until told to stop."""
        for byte in data:
            if self.stop.is_set():
                return
            self.sock.sendall(bytes([byte]))
            time.sleep(every)


@dataclass
class RawServer:
    script: Script
    requests: list[Request] = field(default_factory=list)
    tls: ssl.SSLContext | None = None  # serve https with this context

    def __post_init__(self) -> None:
        self.stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()
        self._threads.append(accept)

    def url(self, path: str = "/jobs") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._socks.append(sock)
            worker = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            worker.start()
            self._threads.append(worker)

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(5)
        try:
            if self.tls is not None:
                sock = self.tls.wrap_socket(sock, server_side=True)
                self._socks.append(sock)  # the raw socket is detached now
        except OSError:  # the client refused the handshake
            sock.close()
            return
        with sock:
            try:
                while not self.stop.is_set():
                    request = _read_request(sock)
                    if request is None:
                        return
                    self.requests.append(request)
                    self.script(Conn(sock, self.stop), request)
                    if request.headers.get("connection", "").lower() == "close":
                        return
            except OSError:  # the client gave up: that is the point of most tests
                return

    def close(self) -> None:
        self.stop.set()
        self._listener.close()
        for sock in self._socks:  # wakes a worker waiting for the next request
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)


def _read_request(sock: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for header in header_lines:
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Request(line, headers, rest[:length])


def response(
    status: str = "200 OK",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    length: bool = True,
) -> bytes:
    """A well-formed response head and body (Content-Length unless told not to)."""
    lines = [f"HTTP/1.1 {status}"]
    merged = {"Content-Type": "application/json", **(headers or {})}
    if length and "Content-Length" not in merged:
        merged["Content-Length"] = str(len(body))
    lines += [f"{name}: {value}" for name, value in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
