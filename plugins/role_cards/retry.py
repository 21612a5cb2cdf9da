"""The retry policy: which failures earn another attempt, and how long to wait.

``describe`` turns an httpx exception into a short reason a person can act on
and the number of retries it earns: network errors and timeouts get
ROLE_CARDS_RETRIES; a host that refuses connections or does not resolve gets
``CONNECT_RETRIES`` only, so a machine without network falls back to the
snapshots in about a second instead of minutes; an undecodable body or any
other error gets none. ``backoff`` is exponential with full jitter, and
``parse_retry_after`` reads a Retry-After header (seconds or an HTTP date).
``Http`` runs the loop with this policy: it retries 429 and 5xx (never other
4xx), obeys Retry-After up to a cap, and keeps every wait within the
source's deadline.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from .settings import RoleCardsSettings

# A refused connection or an unknown host is retried once: a flaky network
# recovers within a second, a machine with no network never does.
CONNECT_RETRIES = 1


def describe(exc: httpx.HTTPError, settings: RoleCardsSettings) -> tuple[str, int]:
    """A short reason for an httpx exception, and how many retries it earns.

    A timeout at the end of a deadline is ``Http``'s to describe: only it
    knows which deadline was running.
    """
    text = str(exc) or type(exc).__name__
    retries, connect_retries = (
        settings.retries,
        min(settings.retries, CONNECT_RETRIES),
    )
    if isinstance(exc, httpx.ConnectTimeout):
        reason = f"connect timeout ({settings.connect_timeout:g} s)"
        retries = connect_retries
    elif isinstance(exc, httpx.ConnectError):
        reason = _connect_reason(text, _host_of(exc))
        retries = connect_retries
    elif isinstance(exc, httpx.ReadTimeout):
        reason = f"read timeout ({settings.read_timeout:g} s)"
    elif isinstance(exc, httpx.TimeoutException):
        reason = f"timeout ({type(exc).__name__})"
    elif isinstance(exc, httpx.RemoteProtocolError):
        reason = f"the server broke the connection ({text})"
    elif isinstance(exc, httpx.NetworkError):
        reason = f"network error ({text})"
    elif isinstance(exc, httpx.DecodingError):
        reason, retries = f"undecodable response body ({text})", 0
    else:
        reason, retries = f"{type(exc).__name__}: {text}", 0
    return reason, retries


def _host_of(exc: httpx.HTTPError) -> str:
    try:
        return exc.request.url.host
    except RuntimeError:  # no request attached
        return "the host"


def _connect_reason(text: str, host: str) -> str:
    lowered = text.lower()
    if "refused" in lowered or "errno 111" in lowered:
        return "connection refused"
    if any(
        marker in lowered
        for marker in (
            "name or service not known",
            "nodename nor servname",
            "temporary failure in name resolution",
            "no address associated",
            "getaddrinfo failed",
        )
    ):
        return f"cannot resolve host {host}"
    if "certificate" in lowered or "ssl" in lowered:
        return f"TLS error ({text})"
    if "unreachable" in lowered:
        return "network unreachable"
    return f"cannot connect ({text})"


def backoff(settings: RoleCardsSettings, attempt: int, jitter: float) -> float:
    """The wait before retry ``attempt``: full jitter (``jitter`` in [0, 1))."""
    ceiling = min(settings.backoff_max, settings.backoff_base * 2.0 ** (attempt - 1))
    return jitter * ceiling


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
