"""Webhooks are really delivered, signed, retried and logged."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import httpx
import pytest

from tests.integration.example.conftest import error_of
from tests.support.receiver import Receiver


@pytest.fixture()
def receiver():
    with Receiver() as server:
        yield server


def verify(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def test_resource_events_are_delivered_signed(demo, receiver, fresh):
    hook = demo.post(
        "webhooks",
        json={
            "url": f"{receiver.origin}/hooks",
            "events": ["resource.created", "resource.deleted"],
            "secret": "your_secret",
        },
    )
    assert hook.status_code == 201, hook.text
    assert hook.json()["data"]["secret"] == "your_secret"
    assert "secret" not in demo.get(f"webhooks/{hook.json()['data']['id']}").json()["data"]
    resource = demo.post("resources", json={"name": "Hooked", "type": "standard"}).json()["data"]
    demo.patch(f"resources/{resource['id']}", json={"name": "not subscribed"})
    demo.delete(f"resources/{resource['id']}")
    created, deleted = receiver.wait_for(2)
    for delivery in (created, deleted):
        assert verify("your_secret", delivery.body, delivery.headers["x-example-signature"])
    events = [json.loads(d.body) for d in (created, deleted)]
    assert [e["type"] for e in events] == ["resource.created", "resource.deleted"]
    assert events[0]["id"].startswith("evt_") and events[0]["data"]["id"] == resource["id"]
    assert created.headers["x-example-event"] == "resource.created"
    log = httpx.get(f"{fresh.origin}/__admin/webhooks", params={"api": "example"}).json()
    assert [d["state"] for d in log["deliveries"]][:2] == ["delivered", "delivered"]


def test_test_endpoint_delivers_and_failures_are_retried(demo, fresh):
    with Receiver(fail_first=2) as flaky:
        hook = demo.post(
            "webhooks", json={"url": f"{flaky.origin}/x", "events": ["resource.updated"]}
        ).json()["data"]
        assert hook["secret"].startswith("whsec_")
        queued = demo.post(f"webhooks/{hook['id']}/test")
        assert queued.status_code == 202
        event_id = queued.json()["data"]["event_id"]
        attempts = flaky.wait_for(3, timeout=15)
        assert all(json.loads(a.body)["id"] == event_id for a in attempts)
        assert all(
            verify(hook["secret"], a.body, a.headers["x-example-signature"]) for a in attempts
        )
    log = httpx.get(f"{fresh.origin}/__admin/webhooks").json()["deliveries"]
    entry = next(d for d in log if d["event_id"] == event_id)
    assert entry["state"] == "delivered"
    assert [a["status"] for a in entry["attempts"]] == [500, 500, 200]


@pytest.mark.parametrize(
    "url", ["ftp://example.com/hook", "javascript:alert(1)", "not a url", "file:///etc/passwd"]
)
def test_non_http_webhook_urls_are_rejected(demo, url):
    before = demo.get("webhooks").json()["meta"]["total"]
    error_of(
        demo.post("webhooks", json={"url": url, "events": ["resource.created"]}),
        400,
        "invalid_request",
    )
    assert demo.get("webhooks").json()["meta"]["total"] == before


def test_webhook_crud_and_unknown_ids(demo):
    hook = demo.post(
        "webhooks", json={"url": "http://127.0.0.1:9/none", "events": ["resource.created"]}
    ).json()["data"]
    updated = demo.patch(f"webhooks/{hook['id']}", json={"active": False})
    assert updated.json()["data"]["active"] is False
    assert demo.delete(f"webhooks/{hook['id']}").status_code == 204
    error_of(demo.get(f"webhooks/{hook['id']}"), 404, "resource_not_found")
    error_of(demo.post(f"webhooks/{hook['id']}/test"), 404, "resource_not_found")


def test_non_loopback_targets_are_blocked_by_default_and_logged(demo, fresh):
    demo.post(
        "webhooks", json={"url": "https://hooks.example.invalid/x", "events": ["resource.created"]}
    )
    demo.post("resources", json={"name": "Not sent anywhere", "type": "standard"})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        log = httpx.get(f"{fresh.origin}/__admin/webhooks", params={"api": "example"}).json()
        if log["deliveries"] and log["deliveries"][0]["state"] != "pending":
            break
        time.sleep(0.02)
    entry = log["deliveries"][0]
    assert entry["state"] == "blocked" and entry["url"] == "https://hooks.example.invalid/x"
    assert entry["attempts"][0]["status"] is None
