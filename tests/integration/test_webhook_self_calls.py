"""The mock never calls itself: a webhook aimed at its own admin or API paths, under any
alias of its address, directly or through a redirect, is logged `blocked` and does
nothing."""

from __future__ import annotations

import time
from contextlib import closing

import httpx
import pytest

from tests.support.receiver import Receiver, Redirector
from tests.support.server import MockServer

ALIASES = ["127.0.0.1", "localhost", "127.0.0.2", "[::1]", "0.0.0.0"]


@pytest.fixture(scope="module", params=[False, True], ids=["loopback-only", "any-host"])
def self_mock(request):
    with MockServer(["example"], rate_limits_enabled=False, webhook_any_host=request.param) as s:
        yield s


def login(server: MockServer) -> httpx.Client:
    client = httpx.Client(base_url=server.url("example") + "/", timeout=30)
    token = client.post(
        "auth/login", json={"email": "demo@example.com", "password": "demo-password"}
    ).json()
    client.headers["Authorization"] = f"Bearer {token['access_token']}"
    return client


def final_delivery(server: MockServer, url: str) -> dict:
    deadline = time.monotonic() + 20
    while True:
        log = httpx.get(f"{server.origin}/__admin/webhooks", params={"api": "example"}).json()
        mine = [d for d in log["deliveries"] if d["url"] == url]
        if (mine and mine[0]["state"] != "pending") or time.monotonic() > deadline:
            return mine[0]
        time.sleep(0.02)


def resources_total(client: httpx.Client) -> int:
    return client.get("resources").json()["meta"]["total"]


@pytest.mark.parametrize("alias", ALIASES)
def test_a_webhook_at_the_mocks_own_reset_is_blocked(self_mock, alias):
    self_mock.reset()
    url = f"http://{alias}:{self_mock.port}/__admin/reset"
    with closing(login(self_mock)) as client:
        assert (
            client.post("webhooks", json={"url": url, "events": ["resource.created"]}).status_code
            == 201
        )
        client.post("resources", json={"name": "kept", "type": "standard"})
        entry = final_delivery(self_mock, url)
        assert entry["state"] == "blocked", entry
        assert entry["attempts"][-1]["error"].startswith("blocked:")
        # nothing was reset: the session still works and the new resource is still there
        names = [
            r["name"] for r in client.get("resources", params={"per_page": 100}).json()["data"]
        ]
        assert "kept" in names


def test_a_redirect_to_the_mock_is_blocked(self_mock):
    self_mock.reset()
    with Redirector(f"http://localhost:{self_mock.port}/__admin/reset") as redirector:
        url = f"{redirector.origin}/hook"
        with closing(login(self_mock)) as client:
            client.post("webhooks", json={"url": url, "events": ["resource.created"]})
            client.post("resources", json={"name": "kept", "type": "standard"})
            entry = final_delivery(self_mock, url)
            assert entry["state"] == "blocked", entry
            assert entry["attempts"][-1]["status"] == 307
            assert "redirected to" in entry["attempts"][-1]["error"]
            assert client.get("users/me").status_code == 200  # the session survived


def test_other_servers_on_loopback_are_still_called(self_mock):
    self_mock.reset()
    with Receiver() as receiver, closing(login(self_mock)) as client:
        client.post(
            "webhooks", json={"url": f"{receiver.origin}/x", "events": ["resource.created"]}
        )
        client.post("resources", json={"name": "sent", "type": "standard"})
        assert len(receiver.wait_for(1)) == 1


def test_a_request_carrying_the_delivery_marker_is_refused(self_mock):
    """The second line: whatever route a delivery took back here, it is refused."""
    self_mock.reset()
    with closing(login(self_mock)) as client:
        marker = {"X-Understudy-Delivery": self_mock.app.webhooks.guard.marker}
        refused = httpx.post(f"{self_mock.origin}/__admin/reset", headers=marker)
        assert refused.status_code == 508
        assert "itself" in refused.json()["message"]
        assert client.get("users/me").status_code == 200
