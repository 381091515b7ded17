"""Integrations over real HTTP: connection state, per-integration config, and triggers
that really POST to a receiver."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from tests.integration.tw.conftest import error_of, fields_of
from tests.support.receiver import Receiver


@pytest.fixture()
def receiver():
    with Receiver() as server:
        yield server


def states(api) -> dict[str, dict]:
    return {i["name"]: i for i in api.get("integrations").json()["data"]}


def test_both_integrations_are_listed_disconnected_at_first(api):
    assert states(api) == {
        "slack": {"name": "slack", "connected": False, "connected_at": None, "config": None},
        "webhook": {"name": "webhook", "connected": False, "connected_at": None, "config": None},
    }


def test_slack_trigger_posts_a_slack_message(api, receiver, fresh):
    url = f"{receiver.origin}/services/T000/B000/XXXX"
    connected = api.post(
        "integrations/slack/connect", json={"webhook_url": url, "channel": "#notifications"}
    )
    assert connected.status_code == 200, connected.text
    assert connected.json()["config"] == {
        "webhook_url": f"{receiver.origin}/****",
        "channel": "#notifications",
    }
    assert states(api)["slack"]["connected"] is True
    triggered = api.post(
        "integrations/slack/trigger",
        json={"action": "send_message", "payload": {"text": "Dataset updated successfully"}},
    )
    assert triggered.status_code == 202
    assert triggered.json()["status"] == "queued"
    (message,) = receiver.wait_for(1)
    assert message.path == "/services/T000/B000/XXXX"
    assert message.headers["content-type"] == "application/json"
    assert json.loads(message.body) == {
        "channel": "#notifications",
        "text": "Dataset updated successfully",
    }
    assert "x-tw-signature" not in message.headers
    log = httpx.get(f"{fresh.origin}/__admin/webhooks", params={"api": "tw"}).json()
    entry = next(d for d in log["deliveries"] if d["id"] == triggered.json()["delivery_id"])
    assert entry["url"] == url


def test_generic_webhook_trigger_is_signed_when_it_has_a_secret(api, receiver):
    api.post(
        "integrations/webhook/connect",
        json={"url": f"{receiver.origin}/in", "secret": "integration-secret"},
    )
    assert states(api)["webhook"]["config"] == {
        "url": f"{receiver.origin}/in",
        "secret": "********",
    }
    triggered = api.post(
        "integrations/webhook/trigger",
        json={"action": "send_message", "payload": {"text": "hello"}},
    ).json()
    (message,) = receiver.wait_for(1)
    expected = hmac.new(b"integration-secret", message.body, hashlib.sha256).hexdigest()
    assert message.headers["x-tw-signature"] == expected
    assert message.headers["x-tw-delivery"] == triggered["delivery_id"]
    body = json.loads(message.body)
    assert body["action"] == "send_message" and body["payload"] == {"text": "hello"}


@pytest.mark.parametrize(
    ("name", "config", "status"),
    [
        ("slack", {"webhook_url": "https://hooks.slack.com/services/x"}, 400),
        ("slack", {"channel": "#x"}, 400),
        ("slack", {"url": "https://example.com/in"}, 400),
        ("slack", {"webhook_url": "ftp://hooks.slack.com/x", "channel": "#x"}, 400),
        ("slack", {"webhook_url": "https://hooks.slack.com/x", "channel": "general"}, 400),
        ("webhook", {"webhook_url": "https://hooks.slack.com/x", "channel": "#x"}, 400),
        ("webhook", {"url": "ftp://example.com/in"}, 400),
        ("teams", {"url": "https://example.com/in"}, 400),
    ],
    ids=[
        "slack without channel",
        "slack without url",
        "webhook body for slack",
        "slack over ftp",
        "channel without #",
        "slack body for webhook",
        "ftp url",
        "unknown integration",
    ],
)
def test_configs_are_checked_per_integration(api, name, config, status):
    error_of(api.post(f"integrations/{name}/connect", json=config), status, "VALIDATION_ERROR")
    assert not any(i["connected"] for i in states(api).values())


def test_triggering_a_disconnected_integration_is_a_conflict(api, receiver):
    body = error_of(
        api.post(
            "integrations/slack/trigger", json={"action": "send_message", "payload": {"text": "x"}}
        ),
        409,
        "CONFLICT",
    )
    assert "not connected" in body["message"]
    api.post(
        "integrations/slack/connect", json={"webhook_url": f"{receiver.origin}/x", "channel": "#c"}
    )
    assert api.delete("integrations/slack").status_code == 204
    error_of(api.delete("integrations/slack"), 404, "NOT_FOUND")
    error_of(
        api.post(
            "integrations/slack/trigger", json={"action": "send_message", "payload": {"text": "x"}}
        ),
        409,
        "CONFLICT",
    )
    bad_action = api.post(
        "integrations/slack/trigger", json={"action": "shout", "payload": {"text": "x"}}
    )
    assert fields_of(error_of(bad_action, 400, "VALIDATION_ERROR"))
    assert receiver.received == []
