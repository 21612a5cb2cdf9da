"""Hostile and broken servers on 127.0.0.1, one behaviour per test.

Each test drives role_cards.http through a real socket against a scripted
server (rawserver) and checks the outcome a nightly build needs: a
SourceError whose reason says what happened, within the deadline, or the
right data when the misbehaviour is harmless.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import ssl
import subprocess
import time
import tracemalloc
import zlib

import pytest
from role_cards.http import NotModified, SourceError

from .conftest import CHAOS, http_for
from .rawserver import Conn, Request, response

JOBS = {"status": True, "total": 1, "data": [{"job_id": "a"}]}
JOBS_BYTES = json.dumps(JOBS).encode()
# The deadlines in CHAOS: 1 s per exchange, 2 s per source. A case that
# "ends at its deadline" must end well before the server would have.
SLACK = 0.8


def fails(url: str, *, method: str = "GET") -> tuple[str, float]:
    http = http_for(url)
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        http.request_json(method, url)
    return caught.value.reason, time.monotonic() - started


def head(extra: str = "", status: str = "200 OK") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}\r\n".encode()
    )


# --- item 1: a deadline that is a wall clock ---------------------------------


def test_headers_sent_a_byte_at_a_time_end_at_the_request_deadline(raw):
    def script(conn: Conn, _: Request) -> None:
        # Eight seconds of headers, one byte every 50 ms, then a valid answer.
        conn.trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 160, every=0.05)
        conn.send(b"\r\n" + response(body=JOBS_BYTES)[17:])

    reason, took = fails(raw(script).url())
    assert "1 s request deadline" in reason
    assert took < CHAOS.request_deadline + SLACK


def test_an_endless_gzip_header_ends_at_the_request_deadline(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"))
        # A gzip header whose file name (FNAME flag) never ends, in small chunks.
        conn.send(b"a\r\n\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\x03\r\n")
        for _ in range(160):
            if conn.stop.is_set():
                return
            conn.send(b"1\r\nx\r\n")
            time.sleep(0.05)

    reason, took = fails(raw(script).url())
    assert "request deadline" in reason
    assert took < CHAOS.request_deadline + SLACK


def test_an_endless_chunk_extension_ends_at_the_request_deadline(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head("Transfer-Encoding: chunked\r\n"))
        conn.trickle(b"5;ext=" + b"x" * 160, every=0.05)

    reason, took = fails(raw(script).url())
    assert "request deadline" in reason
    assert took < CHAOS.request_deadline + SLACK


def test_a_body_sent_a_byte_at_a_time_ends_at_the_request_deadline(raw):
    def script(conn: Conn, _: Request) -> None:
        body = b" " * 150 + JOBS_BYTES
        conn.send(head(f"Content-Length: {len(body)}\r\n"))
        conn.trickle(body, every=0.05)

    reason, took = fails(raw(script).url())
    assert "request deadline" in reason
    assert took < CHAOS.request_deadline + SLACK


def test_the_source_deadline_bounds_several_slow_requests(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head(f"Content-Length: {len(JOBS_BYTES)}\r\n"))
        # About 0.6 s: each request alone is well within its 1 s.
        conn.trickle(JOBS_BYTES, every=0.01)

    server = raw(script)
    http = http_for(server.url())
    started = time.monotonic()

    def read_ten_pages() -> None:
        for _ in range(10):
            http.request_json("GET", server.url())

    with pytest.raises(SourceError) as caught:
        read_ten_pages()
    assert "2 s deadline" in caught.value.reason
    assert time.monotonic() - started < CHAOS.deadline + SLACK


def test_gzip_on_gzip_is_decoded_in_slices_under_the_cap(raw):
    inner = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    body = gzip.compress(inner, compresslevel=9)
    assert len(body) < 10_000

    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=body, headers={"Content-Encoding": "gzip, gzip"}))

    url = raw(script).url()
    tracemalloc.start()
    try:
        reason, _ = fails(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak:,} bytes"  # slices, not 64 MiB
    assert reason == f"response over {CHAOS.max_response_bytes} bytes once decoded"


def test_gzip_on_gzip_within_the_cap_is_read(raw):
    body = gzip.compress(gzip.compress(JOBS_BYTES))

    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=body, headers={"Content-Encoding": "gzip, gzip"}))

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == JOBS


def test_three_stacked_encodings_are_refused(raw):
    body = gzip.compress(gzip.compress(gzip.compress(JOBS_BYTES)))

    def script(conn: Conn, _: Request) -> None:
        headers = {"Content-Encoding": "gzip, gzip, gzip"}
        conn.send(response(body=body, headers=headers))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("3 stacked content encodings")


# --- item 6: JSON is UTF-8; redirects keep to the allowlist's port -------------


def test_json_is_read_as_utf8_whatever_charset_the_header_claims(raw):
    body = json.dumps({"city": "Zürich"}, ensure_ascii=False).encode()

    def script(conn: Conn, _: Request) -> None:
        ctype = "application/json; charset=iso-8859-1"
        conn.send(response(body=body, headers={"Content-Type": ctype}))

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == {"city": "Zürich"}


def test_json_with_a_utf8_byte_order_mark_is_read(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=b"\xef\xbb\xbf" + JOBS_BYTES))

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == JOBS


def test_latin1_bytes_in_json_are_refused_naming_the_header(raw):
    def script(conn: Conn, _: Request) -> None:
        ctype = "application/json; charset=iso-8859-1"
        body = '{"city": "Zürich"}'.encode("latin-1")
        conn.send(response(body=body, headers={"Content-Type": ctype}))

    reason, _ = fails(raw(script).url())
    assert reason == "malformed JSON: not UTF-8 at byte 11; the header says iso-8859-1"


def test_a_redirect_to_an_allowed_host_on_another_port_is_refused(raw):
    def script(conn: Conn, _: Request) -> None:
        location = "https://jobs.micro1.ai:8443/jobs"
        conn.send(response("302 Found", headers={"Location": location}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("redirected to https://jobs.micro1.ai:8443,")


def test_a_redirect_to_an_allowed_host_on_443_is_followed_as_far_as_the_host():
    # Spelled out, port 443 is the default: httpx.URL drops it, so it is allowed.
    import httpx
    from role_cards.http import Http, make_client

    from .conftest import source_at

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "jobs.micro1.ai":
            return httpx.Response(200, json=JOBS)
        return httpx.Response(302, headers={"Location": "https://jobs.micro1.ai:443/j"})

    client = make_client(CHAOS, transport=httpx.MockTransport(answer))
    http = Http(client, source_at("http://127.0.0.1:9/jobs"), CHAOS)
    assert http.request_json("GET", "http://127.0.0.1:9/jobs") == JOBS


# --- more: what CDNs, proxies, captive portals and half-deployed APIs do --------


def test_a_captive_portal_login_page_with_200_is_malformed_json(raw):
    page = b"<!DOCTYPE html><html><body><form>Log in to Hotel WiFi</form></body></html>"

    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=page, headers={"Content-Type": "text/html"}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("malformed JSON: Expecting value at line 1 column 1")
    assert "'<!DOCTYPE html>" in reason


def test_json_sent_as_text_plain_is_still_read(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=JOBS_BYTES, headers={"Content-Type": "text/plain"}))

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == JOBS


def test_a_body_cut_short_of_its_content_length_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head(f"Content-Length: {len(JOBS_BYTES) + 50}\r\n") + JOBS_BYTES)
        conn.sock.close()

    reason, _ = fails(raw(script).url())
    assert reason.startswith("the server broke the connection")


def test_a_content_length_longer_than_the_body_on_an_open_connection(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head(f"Content-Length: {len(JOBS_BYTES) + 50}\r\n") + JOBS_BYTES)
        conn.stop.wait(5)

    reason, took = fails(raw(script).url())
    assert reason.startswith("read timeout")
    assert took < CHAOS.request_deadline + SLACK


def test_a_content_length_shorter_than_the_body_is_truncated_json(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head("Content-Length: 10\r\nConnection: close\r\n") + JOBS_BYTES)

    reason, _ = fails(raw(script).url())
    assert reason.startswith("malformed JSON")


def test_a_truncated_gzip_body_is_an_error(raw):
    body = gzip.compress(JOBS_BYTES)[:-12]

    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=body, headers={"Content-Encoding": "gzip"}))

    reason, _ = fails(raw(script).url())
    assert reason == "the gzip body is truncated"


def test_a_plain_body_labelled_gzip_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=JOBS_BYTES, headers={"Content-Encoding": "gzip"}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("gzip body does not inflate")


def test_raw_deflate_without_zlib_framing_is_read(raw):
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = packer.compress(JOBS_BYTES) + packer.flush()

    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=body, headers={"Content-Encoding": "deflate"}))

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == JOBS


def test_brotli_which_was_never_asked_for_is_refused(raw):
    def script(conn: Conn, request: Request) -> None:
        assert request.headers["accept-encoding"] == "gzip, deflate"
        conn.send(response(body=b"\x0b\x02\x80", headers={"Content-Encoding": "br"}))

    reason, _ = fails(raw(script).url())
    assert reason == "unsupported content encoding 'br'"


def test_a_304_to_an_unconditional_request_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response("304 Not Modified", length=False))

    reason, _ = fails(raw(script).url())
    assert reason == "HTTP 304 to a request that was not conditional"


def test_a_304_with_no_validators_stored_is_not_taken_as_current(raw):
    def script(conn: Conn, request: Request) -> None:
        assert "if-none-match" not in request.headers
        conn.send(response("304 Not Modified", length=False))

    url = raw(script).url()
    http = http_for(url)
    reasons = []
    for _ in range(2):  # the second request would be conditional if anything was
        try:
            http.request_json("GET", url)
        except NotModified:
            pytest.fail("a 304 without validators was taken as 'not modified'")
        except SourceError as exc:
            reasons.append(exc.reason)
    assert reasons == ["HTTP 304 to a request that was not conditional"] * 2


def test_a_redirect_down_to_http_is_refused(raw):
    def script(conn: Conn, _: Request) -> None:
        location = "http://jobs.micro1.ai/jobs"
        conn.send(response("301 Moved Permanently", headers={"Location": location}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("redirected to http://jobs.micro1.ai,")


def test_a_captive_portal_redirect_to_its_login_host_is_refused(raw):
    def script(conn: Conn, _: Request) -> None:
        location = "https://login.hotel-wifi.example/?continue=jobs"
        conn.send(response("302 Found", headers={"Location": location}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("redirected to https://login.hotel-wifi.example,")


def test_a_redirect_carrying_a_user_name_is_refused(raw):
    def script(conn: Conn, _: Request) -> None:
        location = "https://user:pw@jobs.micro1.ai/jobs"
        conn.send(response("302 Found", headers={"Location": location}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("redirected to https://jobs.micro1.ai,")


def test_a_redirect_loop_on_the_same_origin_gives_up(raw):
    def script(conn: Conn, request: Request) -> None:
        conn.send(response("307 Temporary Redirect", headers={"Location": "/jobs"}))

    reason, _ = fails(raw(script).url())
    assert reason == f"more than {CHAOS.max_redirects} redirects"


def test_an_api_moved_on_the_same_origin_is_followed(raw):
    def script(conn: Conn, request: Request) -> None:
        if request.path == "/old":
            conn.send(response("308 Permanent Redirect", headers={"Location": "/new"}))
        else:
            conn.send(response(body=JOBS_BYTES))

    url = raw(script).url("/old")
    assert http_for(url).request_json("GET", url) == JOBS


def test_an_empty_200_is_malformed_json(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response())

    reason, _ = fails(raw(script).url())
    assert reason.startswith("malformed JSON: Expecting value")


def test_a_half_deployed_api_answering_404_is_an_http_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response("404 Not Found", body=b"Cannot POST /api/v1/job/portal"))

    reason, _ = fails(raw(script).url(), method="POST")
    assert reason == "HTTP 404 Not Found"


def test_a_proxy_asking_for_credentials_is_an_http_error(raw):
    def script(conn: Conn, _: Request) -> None:
        headers = {"Proxy-Authenticate": 'Basic realm="corp"'}
        conn.send(response("407 Proxy Authentication Required", headers=headers))

    reason, _ = fails(raw(script).url())
    assert reason == "HTTP 407 Proxy Authentication Required"


def test_a_cdn_error_page_with_503_then_success_is_retried(raw):
    answers = [response("503 Service Unavailable", b"<html>origin down</html>")]

    def script(conn: Conn, _: Request) -> None:
        conn.send(answers.pop() if answers else response(body=JOBS_BYTES))

    url = raw(script).url()
    settings = dataclasses.replace(CHAOS, retries=1)
    assert http_for(url, settings).request_json("GET", url) == JOBS


def test_a_retry_after_over_the_cap_is_not_waited_for(raw):
    def script(conn: Conn, _: Request) -> None:
        headers = {"Retry-After": "3600"}
        conn.send(response("429 Too Many Requests", headers=headers))

    url = raw(script).url()
    http = http_for(url, dataclasses.replace(CHAOS, retries=2))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", url)
    assert "Retry-After 3600 s, over the 30 s cap" in caught.value.reason


def test_a_connection_closed_before_any_answer_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.sock.close()

    reason, _ = fails(raw(script).url())
    assert reason.startswith("the server broke the connection")


def test_a_server_that_does_not_speak_http_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(b"SSH-2.0-OpenSSH_9.6\r\n")
        conn.sock.close()

    reason, _ = fails(raw(script).url())
    assert reason.startswith("the server broke the connection")


def test_a_close_delimited_http10_answer_is_read(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n")
        conn.send(JOBS_BYTES)
        conn.sock.close()

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == JOBS


def test_a_bad_chunk_size_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head("Transfer-Encoding: chunked\r\n") + b"zz\r\n{}\r\n0\r\n\r\n")

    reason, _ = fails(raw(script).url())
    assert reason.startswith("the server broke the connection")


def test_an_informational_100_before_the_answer_is_skipped(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(b"HTTP/1.1 100 Continue\r\n\r\n" + response(body=JOBS_BYTES))

    url = raw(script).url()
    assert http_for(url).request_json("GET", url) == JOBS


def test_an_oversized_header_block_is_an_error(raw):
    def script(conn: Conn, _: Request) -> None:
        cookie = "a" * 200_000
        conn.send(response(body=JOBS_BYTES, headers={"Set-Cookie": cookie}))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("the server broke the connection")


def test_a_declared_content_length_over_the_cap_is_refused_unread(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head("Content-Length: 999999999\r\n") + b"{")
        conn.stop.wait(5)

    reason, took = fails(raw(script).url())
    assert reason == (
        f"response over {CHAOS.max_response_bytes} bytes (Content-Length 999999999)"
    )
    assert took < 0.5


def test_trailing_garbage_after_json_is_malformed(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(response(body=JOBS_BYTES + b"<!-- cached by edge-7 -->"))

    reason, _ = fails(raw(script).url())
    assert reason.startswith("malformed JSON: Extra data")


def test_headers_then_silence_is_a_read_timeout(raw):
    def script(conn: Conn, _: Request) -> None:
        conn.send(head(f"Content-Length: {len(JOBS_BYTES)}\r\n"))
        conn.stop.wait(5)

    reason, took = fails(raw(script).url())
    assert reason == "read timeout (0.5 s)"
    assert took < CHAOS.request_deadline + SLACK


# --- https: the deadline layer wraps TLS too ----------------------------------


@pytest.fixture
def tls(tmp_path, monkeypatch) -> ssl.SSLContext:
    """A server context for 127.0.0.1 whose self-signed certificate the client
    trusts through SSL_CERT_FILE, which httpx reads when it builds its context."""
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_https_through_the_deadline_layer_reads_the_answer(raw, tls):
    server = raw(lambda conn, _: conn.send(response(body=JOBS_BYTES)))
    server.tls = tls
    url = server.url()
    assert url.startswith("https://")
    assert http_for(url).request_json("GET", url) == JOBS


def test_https_headers_a_byte_at_a_time_end_at_the_request_deadline(raw, tls):
    def script(conn: Conn, _: Request) -> None:
        conn.trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 160, every=0.05)

    server = raw(script)
    server.tls = tls
    reason, took = fails(server.url())
    assert "1 s request deadline" in reason
    assert took < CHAOS.request_deadline + SLACK


def test_an_untrusted_certificate_is_a_tls_error(raw, tls, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    server = raw(lambda conn, _: conn.send(response(body=JOBS_BYTES)))
    server.tls = tls
    reason, _ = fails(server.url())
    assert reason.startswith("TLS error")
    assert "CERTIFICATE_VERIFY_FAILED" in reason
