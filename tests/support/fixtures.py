"""Fixture factories shared by the per-API conftests: one API alone on a real mock
server, its base URL (reset to the seeded state per test), its live runtime, and one
client fixture per demo credential. Each conftest only names its API and credentials."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from tests.support.server import MockServer

Credential = TypeVar("Credential")


def single_api_server(api: str, scope: str = "session") -> Any:
    """A fixture serving ``api`` alone under its all-in-one prefix, responses validated
    against its spec (so the other APIs cannot break this API's tests)."""

    @pytest.fixture(scope=scope)  # type: ignore[call-overload]
    def server() -> Iterator[MockServer]:
        with MockServer([api]) as running:
            yield running

    return server


def reset_server() -> Any:
    """A fixture: the package's ``mock`` server, back in its seeded state."""

    @pytest.fixture()
    def fresh(mock: MockServer) -> MockServer:
        mock.reset()
        return mock

    return fresh


def base_url(api: str) -> Any:
    """A fixture: ``api``'s base URL (with a trailing slash) on the reset server."""

    @pytest.fixture()
    def base(fresh: MockServer) -> str:
        return fresh.url(api) + "/"

    return base


def live_runtime(api: str) -> Any:
    """A fixture: the runtime behind the reset server, to read its store around requests."""

    @pytest.fixture()
    def runtime(fresh: MockServer) -> Any:
        return fresh.runtime(api)

    return runtime


def client_fixture(
    make: Callable[[str, Credential], httpx.Client], credential: Credential, doc: str = ""
) -> Any:
    """A fixture: a client made by ``make(base, credential)``, closed after the test."""

    @pytest.fixture()
    def client(base: str) -> Iterator[httpx.Client]:
        with make(base, credential) as made:
            yield made

    client.__doc__ = doc or None
    return client
