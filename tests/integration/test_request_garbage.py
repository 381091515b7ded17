"""A served request leaves nothing for the cyclic garbage collector (core/faults.py
keeps only a weak reference to uvicorn's request cycle, which holds the scope)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import httpx
import pytest
from uvicorn.protocols.http.httptools_impl import RequestResponseCycle

from tests.support.server import MockServer


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    """What the collector finds unreachable while the test runs (kept, not freed)."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_served_requests_leave_no_request_cycle_garbage(
    saved_garbage: list[object],
) -> None:
    with (
        MockServer(["example"]) as server,
        httpx.Client(base_url=server.url("example") + "/", timeout=30) as client,
    ):
        login = client.post(
            "auth/login", json={"email": "enterprise@example.com", "password": "demo-password"}
        )
        assert login.status_code == 200, login.text
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        statuses = [client.get("resources", headers=auth).status_code for _ in range(20)]
        statuses += [
            client.post(
                "resources", headers=auth, json={"name": "n", "type": "standard"}
            ).status_code
            for _ in range(20)
        ]
        gc.collect()
        cycles = [o for o in saved_garbage if isinstance(o, RequestResponseCycle)]
    assert statuses == [200] * 20 + [201] * 20
    assert cycles == [], f"{len(cycles)} request cycles were cyclic garbage"
