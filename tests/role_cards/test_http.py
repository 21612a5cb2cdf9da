"""role_cards.http against a real HTTP server on 127.0.0.1 (and MockTransport for
what a local server cannot show: DNS failures, https redirects)."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from role_cards.http import Http, NotModified, SourceError, make_client
from role_cards.retry import CONNECT_RETRIES, parse_retry_after
from role_cards.settings import RoleCardsSettings, SourceConfig
from werkzeug import Request, Response

FAST = RoleCardsSettings(
    connect_timeout=1.0, read_timeout=1.0, deadline=10.0, backoff_base=0.5
)


def source_at(url: str, **changes: object) -> SourceConfig:
    return SourceConfig(
        name="test", kind="micro1", url=url, apply_hosts=("jobs.micro1.ai",), **changes
    )


class Sleeps(list[float]):
    """A stand-in for time.sleep that records the delays instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def http_for(
    url: str,
    *,
    settings: RoleCardsSettings = FAST,
    transport: httpx.BaseTransport | None = None,
    validators: dict[str, dict[str, str]] | None = None,
    **kwargs: object,
) -> tuple[Http, Sleeps]:
    sleeps = Sleeps()
    client = make_client(settings, transport=transport)
    http = Http(
        client,
        source_at(url),
        settings,
        validators=validators,
        sleep=sleeps,
        jitter=lambda: 1.0,  # the full backoff ceiling, so delays are exact
        **kwargs,
    )
    return http, sleeps


def test_json_request_sends_user_agent_and_counts_bytes(httpserver):
    body = {"status": True, "data": [1, 2, 3]}
    httpserver.expect_request(
        "/jobs",
        method="POST",
        query_string="page=1",
        json={"action": "get_all_jobs"},
        headers={"User-Agent": FAST.user_agent, "Accept": "application/json"},
    ).respond_with_json(body)
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    got = http.request_json(
        "POST",
        httpserver.url_for("/jobs"),
        params={"page": 1},
        json={"action": "get_all_jobs"},
    )
    assert got == body
    assert http.stats.requests == 1
    assert http.stats.attempts == 1
    ((_request, response),) = httpserver.log
    assert http.stats.bytes == len(response.get_data()) > 0
    assert sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_with_exponential_backoff_then_succeeds(httpserver, status):
    for _ in range(2):
        httpserver.expect_ordered_request("/jobs").respond_with_data(
            "busy", status=status
        )
    httpserver.expect_ordered_request("/jobs").respond_with_json({"ok": 1})
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    assert http.request_json("GET", httpserver.url_for("/jobs")) == {"ok": 1}
    assert http.stats.attempts == 3
    assert sleeps == [0.5, 1.0]  # base 0.5 s, doubled, jitter pinned at 1.0


def test_5xx_gives_up_after_all_retries_with_attempt_count(httpserver):
    httpserver.expect_request("/jobs").respond_with_data("down", status=503)
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert caught.value.reason == "HTTP 503 after 4 attempts"
    assert sleeps == [0.5, 1.0, 2.0]


def test_backoff_is_capped_and_jittered(httpserver):
    httpserver.expect_request("/jobs").respond_with_data("down", status=500)
    settings = dataclasses.replace(FAST, retries=5, backoff_base=1.0, backoff_max=3.0)
    sleeps = Sleeps()
    http = Http(
        make_client(settings),
        source_at(httpserver.url_for("/jobs")),
        settings,
        sleep=sleeps,
        jitter=lambda: 0.5,
    )
    with pytest.raises(SourceError):
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert sleeps == [0.5, 1.0, 1.5, 1.5, 1.5]  # half of min(3, 1, 2, 4, 8, 16)


def test_other_4xx_is_not_retried(httpserver):
    httpserver.expect_request("/jobs").respond_with_data("no", status=404)
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert caught.value.reason == "HTTP 404 Not Found"
    assert http.stats.attempts == 1
    assert sleeps == []


def test_retry_after_seconds_is_obeyed(httpserver):
    httpserver.expect_ordered_request("/jobs").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/jobs").respond_with_json([])
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    assert http.request_json("GET", httpserver.url_for("/jobs")) == []
    assert sleeps == [1.0]


def test_retry_after_http_date_is_obeyed(httpserver):
    when = datetime.now(UTC) + timedelta(seconds=5)
    httpserver.expect_ordered_request("/jobs").respond_with_data(
        "", status=503, headers={"Retry-After": format_datetime(when, usegmt=True)}
    )
    httpserver.expect_ordered_request("/jobs").respond_with_json([])
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    http.request_json("GET", httpserver.url_for("/jobs"))
    assert len(sleeps) == 1
    assert 3.0 <= sleeps[0] <= 5.0


def test_retry_after_over_the_cap_gives_up_at_once(httpserver):
    httpserver.expect_request("/jobs").respond_with_data(
        "", status=429, headers={"Retry-After": "86400"}
    )
    http, sleeps = http_for(httpserver.url_for("/jobs"))
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert time.monotonic() - started < 2
    assert "Retry-After 86400 s, over the 30 s cap" in caught.value.reason
    assert sleeps == []
    assert http.stats.attempts == 1


def test_parse_retry_after_forms():
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after("Sat, 21 Nov 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Sat, 21 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None, now=now) is None


def test_connection_refused_fails_fast_with_one_retry(closed_port):
    url = f"http://127.0.0.1:{closed_port}/jobs"
    http, sleeps = http_for(url)
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", url)
    assert caught.value.reason == "connection refused after 2 attempts"
    assert http.stats.attempts == 1 + CONNECT_RETRIES
    assert sleeps == [0.5]


def test_dns_failure_is_named_and_not_retried_for_long():
    def no_dns(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(
            "[Errno -2] Name or service not known", request=request
        )

    http, sleeps = http_for(
        "https://prod-api.micro1.ai/x", transport=httpx.MockTransport(no_dns)
    )
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", "https://prod-api.micro1.ai/x")
    assert (
        caught.value.reason == "cannot resolve host prod-api.micro1.ai after 2 attempts"
    )
    assert http.stats.attempts == 2
    assert sleeps == [0.5]


def test_read_timeout_is_reported_in_seconds(httpserver, stalling_handler):
    httpserver.expect_request("/slow").respond_with_handler(stalling_handler)
    settings = dataclasses.replace(FAST, read_timeout=0.3, retries=0)
    http, _ = http_for(httpserver.url_for("/slow"), settings=settings)
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/slow"))
    assert caught.value.reason == "read timeout (0.3 s)"
    assert time.monotonic() - started < 0.75


def test_body_over_the_cap_by_content_length(httpserver):
    httpserver.expect_request("/big").respond_with_data("x" * 5000)
    settings = dataclasses.replace(FAST, max_response_bytes=1000)
    http, _ = http_for(httpserver.url_for("/big"), settings=settings)
    with pytest.raises(SourceError) as caught:
        http.request_text("GET", httpserver.url_for("/big"))
    assert caught.value.reason == "response over 1000 bytes (Content-Length 5000)"


def test_body_over_the_cap_without_content_length(httpserver):
    def stream(request: Request) -> Response:
        return Response((b"y" * 400 for _ in range(10)), content_type="text/plain")

    httpserver.expect_request("/stream").respond_with_handler(stream)
    settings = dataclasses.replace(FAST, max_response_bytes=1000)
    http, _ = http_for(httpserver.url_for("/stream"), settings=settings)
    with pytest.raises(SourceError) as caught:
        http.request_text("GET", httpserver.url_for("/stream"))
    assert caught.value.reason == "response over 1000 bytes"


def test_malformed_json_names_the_problem(httpserver):
    httpserver.expect_request("/jobs").respond_with_data(
        "<!DOCTYPE html><p>Are you a robot?</p>", content_type="text/html"
    )
    http, _ = http_for(httpserver.url_for("/jobs"))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert caught.value.reason.startswith("malformed JSON: Expecting value at line 1")
    assert "<!DOCTYPE html>" in caught.value.reason


def test_text_is_decoded_with_the_declared_charset(httpserver):
    httpserver.expect_request("/page").respond_with_data(
        "Zürich".encode("latin-1"), content_type="text/html; charset=iso-8859-1"
    )
    http, _ = http_for(httpserver.url_for("/page"))
    assert http.request_text("GET", httpserver.url_for("/page")) == "Zürich"


def test_redirect_on_the_same_host_and_port_is_followed(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_json({"moved": True})
    http, _ = http_for(httpserver.url_for("/old"))
    assert http.request_json("GET", httpserver.url_for("/old")) == {"moved": True}
    assert http.stats.attempts == 2


def test_redirect_to_a_foreign_host_is_refused(httpserver):
    httpserver.expect_request("/jobs").respond_with_data(
        "", status=302, headers={"Location": "https://evil.example/jobs"}
    )
    http, _ = http_for(httpserver.url_for("/jobs"))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert caught.value.reason.startswith("redirected to https://evil.example,")


def test_redirect_to_an_allowlisted_https_host_is_followed():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url}")
        if request.url.host == "api.example.org":
            return httpx.Response(
                303, headers={"Location": "https://jobs.micro1.ai/list"}
            )
        return httpx.Response(200, json={"jobs": []})

    http, _ = http_for(
        "https://api.example.org/x", transport=httpx.MockTransport(handler)
    )
    assert http.request_json("POST", "https://api.example.org/x", json={}) == {
        "jobs": []
    }
    # 303 turns the POST into a GET, as browsers do.
    assert seen == ["POST https://api.example.org/x", "GET https://jobs.micro1.ai/list"]


def test_redirect_from_https_down_to_http_is_refused():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "http://api.example.org/x"})

    http, _ = http_for(
        "https://api.example.org/x", transport=httpx.MockTransport(handler)
    )
    with pytest.raises(SourceError, match=r"redirected to http://api\.example\.org"):
        http.request_json("GET", "https://api.example.org/x")


def test_redirect_loops_stop(httpserver):
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    http, _ = http_for(httpserver.url_for("/loop"))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/loop"))
    assert caught.value.reason == "more than 3 redirects"
    assert http.stats.attempts == 4


def test_conditional_get_raises_not_modified_on_304(httpserver):
    url = httpserver.url_for("/board")
    httpserver.expect_request(
        "/board", headers={"If-None-Match": '"v1"', "If-Modified-Since": "yesterday"}
    ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    stored = {url: {"etag": '"v1"', "last_modified": "yesterday"}}
    http, _ = http_for(url, validators=stored)
    with pytest.raises(NotModified):
        http.request_json("GET", url)
    assert http.validators_to_store() == {
        url: {"etag": '"v1"', "last_modified": "yesterday"}
    }


def test_new_validators_are_recorded_from_a_full_answer(httpserver):
    url = httpserver.url_for("/board")
    httpserver.expect_request("/board").respond_with_json(
        {"jobs": []},
        headers={"ETag": '"v2"', "Last-Modified": "Fri, 20 Nov 2026 10:00:00 GMT"},
    )
    http, _ = http_for(url, validators={url: {"etag": '"v1"'}})
    http.request_json("GET", url)
    assert http.validators_to_store() == {
        url: {"etag": '"v2"', "last_modified": "Fri, 20 Nov 2026 10:00:00 GMT"}
    }


def test_post_and_multi_request_runs_are_never_conditional(httpserver):
    url = httpserver.url_for("/jobs")
    httpserver.expect_request("/jobs").respond_with_json([], headers={"ETag": '"p"'})
    http, _ = http_for(url, validators={url: {"etag": '"p"'}})
    http.request_json("POST", url, json={})
    http.request_json("GET", url)
    for request, _response in httpserver.log:
        assert "If-None-Match" not in request.headers
    # Two requests: a 304 on one page would say nothing about the other.
    assert http.validators_to_store() == {}


def test_a_304_without_a_conditional_request_is_an_error(httpserver):
    httpserver.expect_request("/x").respond_with_data("", status=304)
    http, _ = http_for(httpserver.url_for("/x"))
    with pytest.raises(SourceError, match="not conditional"):
        http.request_json("GET", httpserver.url_for("/x"))


def test_the_source_deadline_stops_retries(httpserver):
    httpserver.expect_request("/jobs").respond_with_data("", status=503)
    ticks = iter([0.0, 1.0, 9.8])  # start, first attempt, before the retry
    settings = dataclasses.replace(FAST, deadline=10.0)
    sleeps = Sleeps()
    http = Http(
        make_client(settings),
        source_at(httpserver.url_for("/jobs")),
        settings,
        sleep=sleeps,
        clock=lambda: next(ticks),
        jitter=lambda: 1.0,
    )
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/jobs"))
    assert caught.value.reason == "HTTP 503; no time left for a retry within 10 s"
    assert sleeps == []


def test_an_invalid_url_is_a_source_error():
    http, _ = http_for("https://api.example.org/x")
    with pytest.raises(SourceError, match="invalid URL"):
        http.request_text("GET", "http://[::1")


def test_an_unknown_charset_is_read_as_utf8(httpserver):
    body = '{"city": "Zürich"}'.encode()
    httpserver.expect_request("/x").respond_with_data(
        body, content_type="application/json; charset=no-such-charset"
    )
    http, _ = http_for(httpserver.url_for("/x"))
    assert http.request_json("GET", httpserver.url_for("/x")) == {"city": "Zürich"}
    assert http.request_text("GET", httpserver.url_for("/x")) == body.decode()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "malformed JSON: nested too deeply to read"),
        (b"[" + b"7" * 5000 + b"]", "malformed JSON: a number too long to read"),
        (b"\xff\xfe{}", "malformed JSON: not UTF-8"),
    ],
    ids=["deep", "long-number", "not-utf8"],
)
def test_hostile_json_is_a_source_error(httpserver, body, reason):
    httpserver.expect_request("/x").respond_with_data(
        body, content_type="application/json"
    )
    http, _ = http_for(httpserver.url_for("/x"))
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", httpserver.url_for("/x"))
    assert caught.value.reason.startswith(reason)


def test_a_connect_timeout_is_retried_once_and_named():
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    http, sleeps = http_for(
        "https://prod-api.micro1.ai/x", transport=httpx.MockTransport(unreachable)
    )
    with pytest.raises(SourceError) as caught:
        http.request_json("GET", "https://prod-api.micro1.ai/x")
    assert caught.value.reason == "connect timeout (1 s) after 2 attempts"
    assert sleeps == [0.5]
