"""Event webhooks over real HTTP: signed deliveries (checked with an independent HMAC),
the documented payload and change counts, retries and the delivery log."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from tests.integration.tw.conftest import CUSTOMER_COLUMNS, error_of
from tests.support.receiver import Receiver

SECRET = "your_webhook_secret"


@pytest.fixture()
def receiver():
    with Receiver() as server:
        yield server


def verify(payload: bytes, signature: str, secret: str) -> bool:
    """The documented verifyWebhook, in Python."""
    digest = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature.encode(), digest.encode())


def subscribe(api, url: str, events=("dataset.created", "dataset.updated", "dataset.deleted")):
    made = api.post("webhooks", json={"url": url, "events": list(events), "secret": SECRET})
    assert made.status_code == 201, made.text
    assert "secret" not in made.json()
    return made.json()


def test_every_event_is_delivered_signed_with_the_documented_payload(api, receiver, fresh):
    subscribe(api, f"{receiver.origin}/webhooks")
    dataset = api.post(
        "datasets", json={"name": "customer_events", "schema": {"columns": CUSTOMER_COLUMNS}}
    ).json()
    path = f"datasets/{dataset['id']}"
    rows = [{"id": i, "email": f"u{i}@example.com"} for i in range(1, 151)]
    api.post(f"{path}/rows", json={"rows": rows})
    api.patch(f"{path}/rows", json={"where": {"id": {"lte": 23}}, "data": {"name": "x"}})
    api.post(f"{path}/rows/delete", json={"where": {"id": {"gt": 145}}})
    api.patch(path, json={"name": "customer_events_renamed"})
    api.delete(path)
    deliveries = sorted(receiver.wait_for(6), key=lambda d: d.headers["x-tw-delivery"])
    events = [json.loads(d.body) for d in deliveries]
    for delivery, event in zip(deliveries, events, strict=True):
        assert verify(delivery.body, delivery.headers["x-tw-signature"], SECRET)
        assert delivery.headers["x-tw-event"] == event["type"]
        assert delivery.headers["x-tw-delivery"].startswith("dlv_")
        assert event["id"].startswith("evt_") and event["created_at"].endswith("Z")
        assert set(event) == {"id", "type", "created_at", "data"}
        assert event["data"]["dataset_id"] == dataset["id"]
    assert [e["type"] for e in events] == ["dataset.created"] + ["dataset.updated"] * 4 + [
        "dataset.deleted"
    ]
    assert [e["data"]["changes"] for e in events] == [
        {"rows_added": 0, "rows_updated": 0, "rows_deleted": 0},
        {"rows_added": 150, "rows_updated": 0, "rows_deleted": 0},
        {"rows_added": 0, "rows_updated": 23, "rows_deleted": 0},
        {"rows_added": 0, "rows_updated": 0, "rows_deleted": 5},
        {"rows_added": 0, "rows_updated": 0, "rows_deleted": 0},
        {"rows_added": 0, "rows_updated": 0, "rows_deleted": 145},
    ]
    assert events[4]["data"]["name"] == "customer_events_renamed"
    assert len({e["id"] for e in events}) == 6
    log = httpx.get(f"{fresh.origin}/__admin/webhooks", params={"api": "tw"}).json()
    assert [d["state"] for d in log["deliveries"][:6]] == ["delivered"] * 6


def test_a_wrong_secret_does_not_verify(api, receiver):
    subscribe(api, f"{receiver.origin}/hook")
    api.post("datasets", json={"name": "signed"})
    (delivery,) = receiver.wait_for(1)
    assert not verify(delivery.body, delivery.headers["x-tw-signature"], "another_secret")
    assert not verify(delivery.body + b" ", delivery.headers["x-tw-signature"], SECRET)


def test_only_subscribed_active_events_of_the_account_are_sent(api, other, receiver):
    hook = subscribe(api, f"{receiver.origin}/hook", events=["dataset.deleted"])
    made = api.post("datasets", json={"name": "quiet"}).json()
    other.post("datasets", json={"name": "someone_elses"})
    api.patch(f"webhooks/{hook['id']}", json={"active": False})
    api.delete(f"datasets/{made['id']}")
    api.patch(f"webhooks/{hook['id']}", json={"active": True, "events": ["dataset.created"]})
    api.post("datasets", json={"name": "loud"})
    (delivery,) = receiver.wait_for(1)
    assert json.loads(delivery.body)["data"]["name"] == "loud"


def test_failed_deliveries_are_retried_and_logged(api, fresh):
    with Receiver(fail_first=2) as flaky:
        subscribe(api, f"{flaky.origin}/x", events=["dataset.created"])
        api.post("datasets", json={"name": "retried"})
        attempts = flaky.wait_for(3, timeout=15)
    assert len({a.headers["x-tw-delivery"] for a in attempts}) == 1
    assert len({a.body for a in attempts}) == 1
    assert all(verify(a.body, a.headers["x-tw-signature"], SECRET) for a in attempts)
    log = httpx.get(f"{fresh.origin}/__admin/webhooks", params={"api": "tw"}).json()
    entry = log["deliveries"][0]
    assert entry["state"] == "delivered"
    assert [a["status"] for a in entry["attempts"]] == [500, 500, 200]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "javascript:alert(1)",
        "not a url",
        "file:///etc/passwd",
        "http://",
        "https://exa mple.com/x",
    ],
)
def test_non_http_urls_are_refused(api, url):
    error_of(
        api.post("webhooks", json={"url": url, "events": ["dataset.created"], "secret": SECRET}),
        400,
        "VALIDATION_ERROR",
    )
    assert api.get("webhooks").json()["total"] == 0


def test_webhook_crud(api, other):
    hook = subscribe(api, "https://your-server.com/webhooks")
    assert api.get(f"webhooks/{hook['id']}").json() == hook
    error_of(other.get(f"webhooks/{hook['id']}"), 404, "NOT_FOUND")
    rotated = api.patch(f"webhooks/{hook['id']}", json={"secret": "rotated-secret"}).json()
    assert "secret" not in rotated
    short = api.patch(f"webhooks/{hook['id']}", json={"secret": "short"})
    error_of(short, 400, "VALIDATION_ERROR")
    assert api.delete(f"webhooks/{hook['id']}").status_code == 204
    error_of(api.get(f"webhooks/{hook['id']}"), 404, "NOT_FOUND")
    missing_secret = api.post(
        "webhooks", json={"url": "https://x.com/h", "events": ["dataset.created"]}
    )
    error_of(missing_secret, 400, "VALIDATION_ERROR")
