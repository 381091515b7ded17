"""Shared fixtures: one real mock server per session, reset between tests that write."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import MockServer


@pytest.fixture(scope="session")
def mock() -> Iterator[MockServer]:
    """Every API under its prefix, responses validated against the specs."""
    with MockServer() as server:
        yield server


@pytest.fixture()
def fresh(mock: MockServer) -> MockServer:
    """The shared mock, back in its seeded state."""
    mock.reset()
    return mock


@pytest.fixture()
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=15) as client:
        yield client
