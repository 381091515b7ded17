"""Fixtures for what a frontend developer reaches for: every API on one real mock, and
a client per API carrying its demo credentials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.server import MockServer

APIS = ("example", "tw", "wrgl", "teamworklive", "tweetworks")


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer() as running:
        yield running


@pytest.fixture()
def fresh(mock: MockServer) -> MockServer:
    """The shared server without rules; tests that write reset it first (most only read)."""
    httpx.delete(f"{mock.origin}/__admin/rules", timeout=10).raise_for_status()
    return mock


def demo_client(server: MockServer, api: str) -> httpx.Client:
    """A client on ``api``'s base URL with its demo credentials (Tweetworks' API key goes in
    each request's query: use :func:`key_params`)."""
    base = server.url(api) + "/"
    client = httpx.Client(base_url=base, timeout=15)
    if api == "example":
        login = client.post(
            "auth/login", json={"email": "demo@example.com", "password": "demo-password"}
        )
        assert login.status_code == 200, login.text
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    elif api == "tw":
        client.headers["Authorization"] = "Bearer tw_starter_demo"
    elif api == "wrgl":
        client.headers["Authorization"] = "APIKEY wrgl_demo_key"
    elif api == "teamworklive":
        client.auth = ("demo@teamworklive.test", "twl_demo_key")
    elif api == "tweetworks":
        client.auth = ("demo", "demo-password")
    return client


@pytest.fixture()
def reset(fresh: MockServer) -> MockServer:
    """The shared server back in its seeded state."""
    fresh.reset()
    return fresh


@pytest.fixture()
def client(fresh: MockServer) -> Iterator[Any]:
    clients: list[httpx.Client] = []

    def make(api: str) -> httpx.Client:
        made = demo_client(fresh, api)
        clients.append(made)
        return made

    yield make
    for made in clients:
        made.close()


TWEETWORKS_KEY = {"data[key]": "tweetworks_demo_key"}
