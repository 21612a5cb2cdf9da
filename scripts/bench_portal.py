"""The bench's local servers: a micro1 portal with a set latency, and
static files sent with gzip, as GitHub Pages sends them."""

from __future__ import annotations

import gzip
import io
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import micro1_shaped  # detail records in micro1's shape


@dataclass
class Portal:
    """What the local server serves: boards by path prefix, and a byte count."""

    boards: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    latency: float = 0.0
    bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, board: str, number: int, limit: int) -> bytes:
        jobs = self.boards[board]
        data = jobs[(number - 1) * limit : number * limit]
        body = {
            "status": True,
            "statusCode": 200,
            "message": "Success",
            "total": len(jobs),
            "data": data,
        }
        return json.dumps(body).encode("utf-8")

    def detail(self, board: str, job_id: str) -> bytes:
        """A ``get_job_details`` answer, in the detail record's own names."""
        job = next((j for j in self.boards[board] if j["job_id"] == job_id), None)
        if job is None:
            answer: dict[str, Any] = {"status": False, "message": "Job not found"}
        else:
            answer = {"status": True, "statusCode": 200, "message": "Success"}
            answer["data"] = micro1_shaped.detail(job)
        return json.dumps(answer).encode("utf-8")


def portal_handler(portal: Portal) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def do_POST(self) -> None:
            url = urlsplit(self.path)
            board = url.path.split("/")[1]
            query = parse_qs(url.query)
            length = int(self.headers.get("Content-Length") or 0)
            asked = json.loads(self.rfile.read(length) or b"{}")
            if board not in portal.boards:
                self.send_error(404)
                return
            if asked.get("action") == "get_job_details":
                # Latency is set on the list pages, the figure the fetch
                # comparison is about; details answer at once.
                body = portal.detail(board, str(asked.get("job_id")))
            else:
                time.sleep(portal.latency)
                body = portal.page(
                    board, int(query["page"][0]), int(query.get("limit", ["100"])[0])
                )
            # Like micro1's POST pages: no ETag, no Last-Modified.
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            with portal.lock:
                portal.bytes_sent += len(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a connection mid-download is not an error here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving(handler: type[SimpleHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    server = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Gzip(SimpleHTTPRequestHandler):
    """Static files with gzip, as GitHub Pages serves them."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def gzip_handler(root: Path) -> type[SimpleHTTPRequestHandler]:
    class Handler(_Gzip):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

    return Handler
