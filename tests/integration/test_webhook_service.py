"""Webhook delivery under a storm: a dead, a slow and a healthy target, bounded queues,
back-off and client rebuilds, over real HTTP (counts and log states, never timings)."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from typing import Any

import httpx
import pytest

from tests.support.receiver import Receiver
from tests.support.server import MockServer, free_port

CREATES = 60
EVENTS = ["resource.created"]


def logged_in(server: MockServer, email: str = "demo@example.com") -> httpx.Client:
    client = httpx.Client(base_url=server.url("example") + "/", timeout=30)
    token = client.post("auth/login", json={"email": email, "password": "demo-password"})
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def subscribe(client: httpx.Client, url: str) -> None:
    made = client.post("webhooks", json={"url": url, "events": EVENTS})
    assert made.status_code == 201, made.text


def webhook_log(server: MockServer) -> dict[str, Any]:
    response = httpx.get(f"{server.origin}/__admin/webhooks", timeout=30)
    assert response.status_code == 200
    return response.json()


def settled(server: MockServer, url_prefix: str, count: int, timeout: float = 60) -> list[dict]:
    """The deliveries to ``url_prefix`` once ``count`` of them have a final state."""
    deadline = time.monotonic() + timeout
    while True:
        deliveries = [
            d for d in webhook_log(server)["deliveries"] if d["url"].startswith(url_prefix)
        ]
        done = [d for d in deliveries if d["state"] != "pending"]
        if len(done) >= count or time.monotonic() > deadline:
            return deliveries
        time.sleep(0.05)


def create_many(client: httpx.Client, count: int) -> list[int]:
    def create(i: int) -> int:
        return client.post("resources", json={"name": f"storm {i}", "type": "standard"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(create, range(count)))


@pytest.fixture()
def storm_mock():
    with MockServer(
        ["example"],
        rate_limits_enabled=False,
        webhook_connect_timeout=0.5,
        webhook_read_timeout=0.3,
        webhook_backoff=0.05,
        webhook_cooldown=30,
    ) as server:
        yield server


def test_a_dead_and_a_slow_target_cannot_starve_a_healthy_one(storm_mock):
    dead = f"http://127.0.0.1:{free_port()}/dead"
    with (
        Receiver() as healthy,
        Receiver(delay=2.0) as slow,
        closing(logged_in(storm_mock)) as client,
    ):
        for url in (dead, f"{slow.origin}/slow", f"{healthy.origin}/ok"):
            subscribe(client, url)
        statuses = create_many(client, CREATES)
        health = httpx.get(f"{storm_mock.origin}/__admin/health", timeout=30)
        assert statuses == [201] * CREATES
        assert health.status_code == 200
        assert len(healthy.wait_for(CREATES, timeout=60)) == CREATES

        to_healthy = settled(storm_mock, healthy.origin, CREATES)
        assert Counter(d["state"] for d in to_healthy) == {"delivered": CREATES}
        to_dead = settled(storm_mock, dead, CREATES)
        assert {d["state"] for d in to_dead} == {"failed"}
        causes = [a["error"] for d in to_dead for a in d["attempts"]]
        assert any(c.startswith(("ConnectError", "ConnectTimeout")) for c in causes), causes[:5]
        assert any(c.startswith("backoff:") for c in causes), "a dead target is backed off"
        to_slow = settled(storm_mock, slow.origin, CREATES)
        slow_causes = {
            a["error"].split(":")[0] for d in to_slow for a in d["attempts"] if a["error"]
        }
        assert "ReadTimeout" in slow_causes

        targets = {t["target"]: t for t in webhook_log(storm_mock)["targets"]}
        assert targets[f"http://127.0.0.1:{healthy.port}"]["state"] == "healthy"
        assert targets[f"http://127.0.0.1:{healthy.port}"]["counts"] == {"delivered": CREATES}
        assert targets[dead.removesuffix("/dead")]["state"] == "backoff"
        # the API still answers at once after the storm
        assert client.get("resources").status_code == 200


def test_a_full_queue_drops_deliveries_and_the_api_answer_is_unaffected():
    with (
        MockServer(
            ["example"],
            rate_limits_enabled=False,
            webhook_target_queue_capacity=3,
            webhook_target_concurrency=1,
            webhook_read_timeout=5,
        ) as server,
        Receiver(delay=1.0) as slow,
        closing(logged_in(server)) as client,
    ):
        subscribe(client, f"{slow.origin}/slow")
        statuses = [
            client.post("resources", json={"name": f"r{i}", "type": "standard"}).status_code
            for i in range(10)
        ]
        assert statuses == [201] * 10
        deliveries = webhook_log(server)["deliveries"]
        dropped = [d for d in deliveries if d["state"] == "dropped"]
        assert len(dropped) >= 10 - 1 - 3
        assert all("full" in d["attempts"][-1]["error"] for d in dropped)
        target = webhook_log(server)["targets"][0]
        assert target["counts"]["dropped"] == len(dropped)


def test_reset_rebuilds_the_delivery_client(fresh_example):
    server = fresh_example
    with Receiver() as receiver, closing(logged_in(server)) as client:
        subscribe(client, f"{receiver.origin}/x")
        client.post("resources", json={"name": "one", "type": "standard"})
        receiver.wait_for(1)
        before = server.app.webhooks.client_generation
        server.reset()
        client = logged_in(server)
        subscribe(client, f"{receiver.origin}/x")
        client.post("resources", json={"name": "two", "type": "standard"})
        receiver.wait_for(2)
        client.close()
    assert server.app.webhooks.client_generation == before + 1


@pytest.fixture(scope="module")
def example_mock():
    with MockServer(["example"], rate_limits_enabled=False) as server:
        yield server


@pytest.fixture()
def fresh_example(example_mock):
    example_mock.reset()
    return example_mock
