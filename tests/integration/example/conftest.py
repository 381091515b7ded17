"""Example API fixtures: its base URL on the shared mock, and logged-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.support.server import MockServer

PASSWORD = "demo-password"


@pytest.fixture()
def base(fresh: MockServer) -> str:
    return fresh.url("example") + "/"


def login(base: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=15)
    response = client.post("auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return client


@pytest.fixture()
def as_user(base: str) -> Iterator[Callable[[str], httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(email: str) -> httpx.Client:
        client = login(base, email)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture()
def demo(as_user: Callable[[str], httpx.Client]) -> httpx.Client:
    return as_user("demo@example.com")


@pytest.fixture()
def pro(as_user: Callable[[str], httpx.Client]) -> httpx.Client:
    return as_user("pro@example.com")


@pytest.fixture()
def anonymous(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=15) as client:
        yield client


def error_of(response: httpx.Response, status: int, code: str) -> dict:
    """Assert the Example API's own error body and return its `error` object."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    return body["error"]


@pytest.fixture(scope="package")
def mock() -> Iterator[MockServer]:
    """The Example API alone under its prefix (other APIs cannot break these tests)."""
    with MockServer(["example"]) as server:
        yield server
