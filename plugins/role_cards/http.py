"""The one place role_cards talks HTTP: the httpx client and its failure policy.

``make_client`` builds the project's only httpx.Client; ``Http`` wraps it for
one source's run and is all a source module sees. Everything that can go
wrong on the wire (timeouts, refused connections, 429/5xx, oversized or
malformed bodies, redirects off the allowlist) becomes a ``SourceError`` with
a short reason a person can act on; httpx exceptions are translated here and
nowhere else.

Policy, per request:
- deadlines: each exchange ends ROLE_CARDS_REQUEST_DEADLINE after it starts
  and the source's whole run ROLE_CARDS_DEADLINE after it starts, on the wall
  clock, whatever the server sends (``wire`` enforces it on every socket
  operation); connect and read timeouts come from the settings as well;
- retries: what earns one and how long to wait is ``retry``'s policy; the
  loop here obeys Retry-After up to a cap (a longer one gives up at once
  rather than stall the nightly build) and keeps every wait in the deadline;
- redirects are followed by hand, only to https URLs on port 443 of the
  source's own hosts or its apply allowlist (or the source's own scheme, host
  and port);
- bodies are read and decoded under the size cap by ``body`` (on top of
  ``wire``'s slice-at-a-time inflation), JSON as UTF-8 whatever charset the
  Content-Type claims;
- conditional GETs (If-None-Match / If-Modified-Since) when the previous run
  read the source in one GET; a 304 raises NotModified.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from .body import decode_json, decode_text, read_capped
from .retry import backoff, describe, parse_retry_after
from .settings import RoleCardsSettings, SourceConfig
from .wire import ACCEPT_ENCODING, BodyError, DeadlineTransport, deadline

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
JSON_ACCEPT = "application/json"
TEXT_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

Validators = dict[str, dict[str, str]]


class SourceError(Exception):
    """Fetching a source failed; ``reason`` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotModified(Exception):  # noqa: N818 (a signal, not an error)
    """The server answered 304 to a conditional request: the snapshot is current."""


def make_client(
    settings: RoleCardsSettings, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """The project's one httpx client (tests may pass a transport)."""
    limits = httpx.Limits(
        max_connections=settings.concurrency * 2,
        max_keepalive_connections=settings.concurrency,
    )
    return httpx.Client(
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        # Redirects are checked against the allowlist by Http, hop by hop.
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        limits=limits,
        transport=transport or DeadlineTransport(limits=limits),
    )


@dataclass(slots=True)
class HttpStats:
    """What one source's run cost on the wire."""

    requests: int = 0  # logical requests made by the source module
    attempts: int = 0  # HTTP exchanges, retries and redirect hops included
    bytes: int = 0  # bytes received (as sent on the wire)
    sleeps: list[float] = field(default_factory=list)  # backoff delays, in order


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: httpx.Headers
    url: httpx.URL
    content: bytes = b""
    charset: str | None = None


class Http:
    """One source's view of the client: requests with the project's policy applied."""

    def __init__(
        self,
        client: httpx.Client,
        source: SourceConfig,
        settings: RoleCardsSettings,
        *,
        validators: Mapping[str, Mapping[str, str]] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.client = client
        self.source = source
        self.settings = settings
        self.stats = HttpStats()
        self._previous = {url: dict(v) for url, v in (validators or {}).items()}
        self._seen: Validators = {}
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._started = clock()  # the source's total deadline runs from here
        self._limit = "source"  # which deadline bounds the exchange in flight
        self._until = float("inf")  # when it ends, on time.monotonic()
        self._origins = {_origin(httpx.URL(u)) for u in (source.url, *source.urls)}
        self._hosts = {o[1] for o in self._origins} | set(source.apply_hosts)

    # --- the API source modules use ---------------------------------------

    def request_json(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Send a request and decode the JSON body; SourceError on any failure."""
        answer = self._request(
            method, url, params=params, json=json, accept=JSON_ACCEPT
        )
        with _body_errors():
            return decode_json(answer.content, answer.charset)

    def request_text(
        self, method: str, url: str, *, params: Mapping[str, Any] | None = None
    ) -> str:
        """Send a request and return the body as text; SourceError on any failure."""
        answer = self._request(
            method, url, params=params, json=None, accept=TEXT_ACCEPT
        )
        return decode_text(answer.content, answer.charset, "utf-8", errors="replace")

    # --- what the loader reads afterwards ---------------------------------

    def validators_to_store(self) -> Validators:
        """Validators worth keeping for the next run.

        Only a source read in a single GET is revalidated: a 304 on page one
        says nothing about page two, so multi-request runs store nothing.
        """
        return dict(self._seen) if self.stats.requests == 1 else {}

    @property
    def max_roles(self) -> int:
        return self.settings.max_roles

    @property
    def elapsed(self) -> float:
        return self._clock() - self._started

    # --- the policy -------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        accept: str,
    ) -> _Answer:
        self.stats.requests += 1
        method = method.upper()
        try:
            target = httpx.URL(url)
            if params:
                target = target.copy_merge_params(dict(params))
        except (httpx.InvalidURL, TypeError) as exc:
            raise SourceError(f"invalid URL {url!r} ({exc})") from None
        key = str(target)
        headers = {"Accept": accept, **self._conditional_headers(method, key)}
        for _hop in range(self.settings.max_redirects + 1):
            answer = self._send(method, target, json, headers)
            if answer.status not in REDIRECT_STATUSES:
                return self._accept(method, key, headers, answer)
            target = self._redirect_target(answer)
            # Browsers and httpx turn a redirected POST into a GET for 301-303.
            if answer.status == 303 or (
                answer.status in (301, 302) and method == "POST"
            ):
                method, json = "GET", None
        raise SourceError(f"more than {self.settings.max_redirects} redirects")

    def _conditional_headers(self, method: str, key: str) -> dict[str, str]:
        # POST paging is never conditional: the body, not the URL, picks the
        # page, and servers send no validators for POST answers anyway.
        stored = self._previous.get(key)
        if method != "GET" or self.stats.requests != 1 or len(self._previous) != 1:
            return {}
        headers: dict[str, str] = {}
        if stored and stored.get("etag"):
            headers["If-None-Match"] = stored["etag"]
        if stored and stored.get("last_modified"):
            headers["If-Modified-Since"] = stored["last_modified"]
        return headers

    def _accept(
        self, method: str, key: str, sent: Mapping[str, str], answer: _Answer
    ) -> _Answer:
        if method == "GET" and answer.status in (200, 304):
            fresh = {
                name: answer.headers[header]
                for name, header in (
                    ("etag", "ETag"),
                    ("last_modified", "Last-Modified"),
                )
                if answer.headers.get(header)
            }
            kept = self._previous.get(key, {}) if answer.status == 304 else {}
            if fresh or kept:
                self._seen[key] = {**kept, **fresh}
        if answer.status == 304:
            if "If-None-Match" in sent or "If-Modified-Since" in sent:
                raise NotModified(key)
            raise SourceError("HTTP 304 to a request that was not conditional")
        if not 200 <= answer.status < 300:
            phrase = httpx.codes.get_reason_phrase(answer.status)
            raise SourceError(f"HTTP {answer.status} {phrase}".strip())
        return answer

    def _redirect_target(self, answer: _Answer) -> httpx.URL:
        location = answer.headers.get("Location")
        if not location:
            raise SourceError(f"HTTP {answer.status} redirect without a Location")
        try:
            target = answer.url.join(location)
        except httpx.InvalidURL as exc:
            raise SourceError(f"redirect to an invalid URL ({exc})") from None
        host = target.host
        # httpx.URL.port is None for the scheme's default port (443).
        allowed = (
            target.scheme == "https" and host in self._hosts and target.port is None
        ) or (_origin(target) in self._origins)
        if not allowed or target.userinfo:
            port = f":{target.port}" if target.port is not None else ""
            raise SourceError(
                f"redirected to {target.scheme}://{host}{port}, which is not one of "
                "the "
                f"source's hosts ({', '.join(sorted(self._hosts))}); add it to "
                "apply_hosts only if you trust it"
            )
        return target

    def _send(
        self, method: str, url: httpx.URL, json: Any, headers: Mapping[str, str]
    ) -> _Answer:
        """One request with retries; redirects and 304 come back as answers."""
        attempt = 0
        while True:
            attempt += 1
            self.stats.attempts += 1
            try:
                answer = self._attempt(method, url, json, headers)
            except httpx.HTTPError as exc:
                reason, limit = self._describe(exc)
                if attempt > limit:
                    suffix = f" after {attempt} attempts" if attempt > 1 else ""
                    raise SourceError(reason + suffix) from None
                delay = self._backoff(attempt)
            else:
                if answer.status != 429 and answer.status < 500:
                    return answer
                reason = f"HTTP {answer.status}"
                if attempt > self.settings.retries:
                    suffix = f" after {attempt} attempts" if attempt > 1 else ""
                    raise SourceError(reason + suffix)
                asked = self._retry_after(answer, reason)
                delay = self._backoff(attempt) if asked is None else asked
            self._pause(delay, reason, attempt)

    def _attempt(
        self, method: str, url: httpx.URL, json: Any, headers: Mapping[str, str]
    ) -> _Answer:
        timeout, left = self._timeout()
        self._limit = "request" if self.settings.request_deadline < left else "source"
        allowed = min(self.settings.request_deadline, left)
        self._until = time.monotonic() + allowed
        with (
            deadline(allowed),
            self.client.stream(
                method, url, json=json, headers=dict(headers), timeout=timeout
            ) as response,
        ):
            try:
                content = b""
                if 200 <= response.status_code < 300:
                    with _body_errors():
                        content = read_capped(
                            response, self.settings.max_response_bytes
                        )
            finally:
                self.stats.bytes += response.num_bytes_downloaded
            return _Answer(
                response.status_code,
                response.headers,
                response.url,
                content,
                response.charset_encoding,
            )

    def _timeout(self) -> tuple[httpx.Timeout, float]:
        """httpx's timeouts for the next exchange, and the source's time left."""
        left = self.settings.deadline - self.elapsed
        if left <= 0:
            raise SourceError(f"gave up: the {self._deadline} deadline has passed")
        timeout = httpx.Timeout(
            min(self.settings.read_timeout, left),
            connect=min(self.settings.connect_timeout, left),
        )
        return timeout, left

    @property
    def _deadline(self) -> str:
        return f"{self.settings.deadline:g} s"

    def _past_deadline(self) -> bool:
        # A socket timeout within a few milliseconds of the end is the deadline.
        return time.monotonic() >= self._until - 0.01

    def _deadline_reason(self) -> str:
        if self._limit == "request":
            return (
                f"no complete answer within the {self.settings.request_deadline:g} s "
                "request deadline"
            )
        return f"gave up: the source's {self._deadline} deadline has passed"

    def _describe(self, exc: httpx.HTTPError) -> tuple[str, int]:
        """A short reason for an httpx exception, and how many retries it earns."""
        if isinstance(exc, httpx.TimeoutException) and self._past_deadline():
            retries = 0 if self._limit == "source" else self.settings.retries
            return self._deadline_reason(), retries
        return describe(exc, self.settings)

    def _backoff(self, attempt: int) -> float:
        return backoff(self.settings, attempt, self._jitter())

    def _retry_after(self, answer: _Answer, reason: str) -> float | None:
        delay = parse_retry_after(
            answer.headers.get("Retry-After"), now=datetime.now(UTC)
        )
        cap = self.settings.retry_after_cap
        if delay is not None and delay > cap:
            raise SourceError(
                f"{reason} with Retry-After {delay:.0f} s, over the {cap:g} s cap; "
                "not waiting"
            )
        return delay

    def _pause(self, delay: float, reason: str, attempt: int) -> None:
        if self.elapsed + delay > self.settings.deadline:
            raise SourceError(
                f"{reason}; no time left for a retry within {self._deadline}"
            )
        logger.info(
            "role_cards: %s: %s; retry %d in %.1f s",
            self.source.name,
            reason,
            attempt,
            delay,
        )
        self.stats.sleeps.append(delay)
        self._sleep(delay)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


@contextlib.contextmanager
def _body_errors() -> Iterator[None]:
    """A body that breaks ``body``'s rules fails the source with its reason."""
    try:
        yield
    except BodyError as exc:
        raise SourceError(str(exc)) from None
