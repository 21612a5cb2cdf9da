"""The suite's own guard: no test reaches a host other than this machine.

The guard (tests/conftest.py) raises InternetAccessError, a RuntimeError.
"""

from __future__ import annotations

import socket

import httpx
import pytest


def test_a_connection_to_a_public_address_is_refused():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(RuntimeError, match="must not connect"),
    ):
        sock.connect(("192.0.2.1", 80))


def test_a_lookup_of_a_public_name_is_refused():
    with pytest.raises(RuntimeError, match=r"must not look up 'prod-api\.micro1\.ai'"):
        socket.getaddrinfo("prod-api.micro1.ai", 443)


def test_httpx_to_the_real_source_never_leaves_the_machine():
    with pytest.raises(RuntimeError, match="must not"):
        httpx.post("https://prod-api.micro1.ai/api/v1/job/portal", timeout=1)


def test_loopback_still_works(httpserver):
    httpserver.expect_request("/ping").respond_with_data("pong")
    assert httpx.get(httpserver.url_for("/ping")).text == "pong"
