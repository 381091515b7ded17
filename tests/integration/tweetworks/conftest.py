"""Tweetworks fixtures: a Tweetworks-only mock (all-in-one prefix `/tweetworks`), clients
per user, and helpers that read the error container and the store."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from tests.support.fixtures import (
    base_url,
    client_fixture,
    live_runtime,
    reset_server,
    single_api_server,
)
from tests.support.server import MockServer

KEY = "tweetworks_demo_key"
DEMO = ("demo", "demo-password")
OTHER = ("other", "other-password")
REALM = 'Basic realm="Login please"'


mock = single_api_server("tweetworks")
fresh = reset_server()
base = base_url("tweetworks")
runtime = live_runtime("tweetworks")


@pytest.fixture(scope="session")
def tweetworks_server(mock: MockServer) -> MockServer:
    """The Tweetworks-only server (its name in the Tweetworks tests)."""
    return mock


class Client(httpx.Client):
    """An httpx client that adds the API key: to the query of a GET, to a form POST."""

    def get(self, url: Any, *, params: Any = None, **kwargs: Any) -> httpx.Response:  # type: ignore[override]
        return super().get(url, params={"data[key]": KEY, **(params or {})}, **kwargs)

    def post(self, url: Any, *, data: Any = None, **kwargs: Any) -> httpx.Response:  # type: ignore[override]
        if "content" not in kwargs:
            data = {"data[key]": KEY, **(data or {})}
        return super().post(url, data=data, **kwargs)


def client(base: str, auth: tuple[str, str] | None) -> Client:
    return Client(base_url=base, auth=auth, timeout=30)


def unkeyed(base: str, auth: tuple[str, str] | None) -> httpx.Client:
    """A plain client: no API key added to requests."""
    return httpx.Client(base_url=base, auth=auth, timeout=30)


demo = client_fixture(client, DEMO, "User `demo`, with the API key.")
other = client_fixture(client, OTHER, "User `other`, with the API key.")
anonymous = client_fixture(client, None, "The API key, but no Basic credentials.")
raw = client_fixture(unkeyed, None, "No API key, no credentials: exactly what the test sends.")


def error_of(response: httpx.Response, status: int, fmt: str = "json") -> str:
    """Assert Tweetworks' error container in ``fmt`` and return its text."""
    assert response.status_code == status, response.text
    media_type = response.headers["content-type"].split(";")[0]
    if fmt == "xml":
        assert media_type == "application/xml", response.text
        assert b"<text><![CDATA[" in response.content
        root = ElementTree.fromstring(response.content)
        assert root.tag == "error" and [c.tag for c in root] == ["text"], response.text
        text = root.find("text").text  # type: ignore[union-attr]
    else:
        assert media_type == "application/json", response.text
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"text"}, body
        text = body["error"]["text"]
    assert isinstance(text, str) and text
    if status == 401:
        assert response.headers["www-authenticate"] == REALM
    return text


def items(response: httpx.Response, container: str) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {container}, body
    return body[container]  # type: ignore[no-any-return]


def snapshot(runtime: Any) -> tuple[Any, ...]:
    """Everything a write could change: counts and every record's content."""
    state = runtime.state
    return (
        sorted((k, repr(v)) for k, v in ((p["id"], p) for p in state.posts.values())),
        sorted((g["id"], repr(g)) for g in state.groups.values()),
        sorted(repr(m) for m in state.memberships.values()),
    )
