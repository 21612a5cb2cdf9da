"""Fixtures for the chaos suite: scripted loopback servers and short deadlines."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import httpx
import pytest
from role_cards.http import Http, make_client
from role_cards.settings import RoleCardsSettings, SourceConfig

from .rawserver import RawServer, Script

# Deadlines a hundred times shorter than the defaults keep the slow cases fast.
_SHORT = {
    "connect_timeout": 0.5,
    "read_timeout": 0.5,
    "request_deadline": 1.0,
    "deadline": 2.0,
    "retries": 0,
    "backoff_base": 0.01,
    "max_response_bytes": 1024 * 1024,
}
# Only the settings this version has: the suite also runs against code from
# before a setting existed, to show which cases that code fails.
_KNOWN = {field.name for field in dataclasses.fields(RoleCardsSettings)}
CHAOS = RoleCardsSettings(**{k: v for k, v in _SHORT.items() if k in _KNOWN})


def source_at(url: str, **changes: object) -> SourceConfig:
    return SourceConfig(
        name="chaos", kind="micro1", url=url, apply_hosts=("jobs.micro1.ai",), **changes
    )


_CLIENTS: list[httpx.Client] = []


def http_for(url: str, settings: RoleCardsSettings = CHAOS) -> Http:
    """An Http for one source at ``url``; its client is closed after the test."""
    client = make_client(settings)
    _CLIENTS.append(client)
    return Http(client, source_at(url), settings, sleep=lambda _s: None)


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _CLIENTS:
        _CLIENTS.pop().close()


@pytest.fixture
def raw() -> Iterator[Callable[[Script], RawServer]]:
    servers: list[RawServer] = []

    def start(script: Script) -> RawServer:
        server = RawServer(script)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
