"""Shared fixtures: one real mock server per session, reset between tests that write;
and the rule that keeps a module's shared set-up on one pytest-xdist worker."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import MockServer

SHARED_SCOPES = ("module", "class")
"""Fixture scopes whose one instance several tests of a module share (a gate run they all
read, a limited server whose budget they spend in order, the installed wheel)."""


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `make test` (pytest-xdist, `--dist loadgroup`) the tests that share a module-
    or class-scoped fixture form one group, run by one worker in file order: the fixture
    is built once and its state evolves exactly as in a serial run. Every other test (its
    own fixtures, or the per-worker session server reset per test) is scheduled alone."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(d.scope in SHARED_SCOPES for defs in definitions for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


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
