"""The read-only demo key over real HTTP: it reads its account, every write is a 403
FORBIDDEN that changes nothing (alone or inside a batch), and validation still comes
first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.tw.conftest import client_for, error_of
from tests.support.fixtures import client_fixture
from tests.support.server import MockServer

READONLY = "tw_readonly_demo"
HOOK = "http://127.0.0.1:9/hook"

readonly = client_fixture(client_for, READONLY, "The read-only demo key (Starter limits).")

WRITES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "create dataset": ("POST", "datasets", {"name": "new_data"}),
    "update dataset": ("PATCH", "{dataset}", {"description": "changed"}),
    "delete dataset": ("DELETE", "{dataset}", None),
    "insert rows": ("POST", "{dataset}/rows", {"rows": [{"id": 999, "email": "x@example.com"}]}),
    "update rows": ("PATCH", "{dataset}/rows", {"where": {}, "data": {"name": "X"}}),
    "delete rows": ("POST", "{dataset}/rows/delete", {"where": {}}),
    "create policy": (
        "POST",
        "policies",
        {"name": "p", "rules": [{"resource": "datasets", "action": "read", "effect": "allow"}]},
    ),
    "update policy": ("PATCH", "{policy}", {"active": False}),
    "delete policy": ("DELETE", "{policy}", None),
    "connect integration": (
        "POST",
        "integrations/slack/connect",
        {"webhook_url": HOOK, "channel": "#x"},
    ),
    "disconnect integration": ("DELETE", "integrations/slack", None),
    "trigger integration": (
        "POST",
        "integrations/slack/trigger",
        {"action": "send_message", "payload": {"text": "hi"}},
    ),
    "create webhook": (
        "POST",
        "webhooks",
        {"url": HOOK, "events": ["dataset.created"], "secret": "s3cret-value"},
    ),
    "update webhook": ("PATCH", "webhooks/wh_unknown0", {"active": False}),
    "delete webhook": ("DELETE", "webhooks/wh_unknown0", None),
}
"""Every write operation with a valid body. Unknown ids (the webhook, the integration
that is not connected) would be 404s for a full-scope key: the scope is checked first."""


def own_paths(client: httpx.Client) -> dict[str, str]:
    """The read-only account's seeded `customer_data` dataset and first policy."""
    datasets = client.get("datasets", params={"filter[name][eq]": "customer_data"})
    policies = client.get("policies", params={"limit": 1})
    assert datasets.status_code == policies.status_code == 200, datasets.text + policies.text
    return {
        "dataset": f"datasets/{datasets.json()['data'][0]['id']}",
        "policy": f"policies/{policies.json()['data'][0]['id']}",
    }


def snapshot(client: httpx.Client, server: MockServer, dataset: str) -> list[Any]:
    """Everything a write could change: the lists, one dataset's rows, the deliveries."""
    reads = [
        client.get("datasets", params={"limit": 100}),
        client.post(f"{dataset}/rows/query", json={"limit": 1000}),
        client.get("policies", params={"limit": 100}),
        client.get("webhooks", params={"limit": 100}),
        client.get("integrations"),
        httpx.get(f"{server.origin}/__admin/webhooks", params={"api": "tw"}),
    ]
    assert all(r.status_code == 200 for r in reads), [r.text for r in reads]
    return [r.json() for r in reads]


@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_is_forbidden_and_changes_nothing(name, readonly, fresh):
    method, template, body = WRITES[name]
    paths = own_paths(readonly)
    before = snapshot(readonly, fresh, paths["dataset"])
    response = readonly.request(method, template.format(**paths), json=body)
    error_of(response, 403, "FORBIDDEN")
    assert "read-only" in response.json()["message"]
    assert response.headers["X-RateLimit-Limit"] == "20"
    assert snapshot(readonly, fresh, paths["dataset"]) == before


def test_the_same_write_works_with_a_full_scope_key(api):
    method, path, body = WRITES["create dataset"]
    assert api.request(method, path, json=body).status_code == 201


def test_an_invalid_write_is_still_a_validation_error(readonly):
    error_of(readonly.post("datasets", json={"name": "Not A Name"}), 400, "VALIDATION_ERROR")


def test_reads_work_on_the_keys_own_account(readonly):
    paths = own_paths(readonly)
    dataset = readonly.get(paths["dataset"])
    assert dataset.status_code == 200 and dataset.json()["name"] == "customer_data"
    rows = readonly.post(f"{paths['dataset']}/rows/query", json={"select": ["id"], "limit": 5})
    assert rows.status_code == 200 and set(rows.json()) >= {"data", "has_more"}
    decision = readonly.post(
        "policies/evaluate",
        json={
            "resource": "datasets.customer_data",
            "action": "read",
            "context": {"user": {"role": "analyst"}},
        },
    )
    assert decision.status_code == 200 and decision.json()["allowed"] is True
    assert readonly.get(paths["policy"]).status_code == 200
    integrations = readonly.get("integrations")
    assert [i["name"] for i in integrations.json()["data"]] == ["slack", "webhook"]


def test_a_batch_answers_each_write_403_and_runs_the_reads(readonly, fresh):
    paths = own_paths(readonly)
    before = snapshot(readonly, fresh, paths["dataset"])
    operations = [
        {"method": "GET", "path": f"/{paths['dataset']}"},
        {"method": "POST", "path": "/datasets", "body": {"name": "in_a_batch"}},
        {"method": "POST", "path": f"/{paths['dataset']}/rows/query", "body": {"limit": 1}},
        {"method": "DELETE", "path": f"/{paths['dataset']}"},
    ]
    response = readonly.post("batch", json={"operations": operations})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [200, 403, 200, 403]
    assert {results[1]["body"]["code"], results[3]["body"]["code"]} == {"FORBIDDEN"}
    assert snapshot(readonly, fresh, paths["dataset"]) == before


def test_an_atomic_batch_stops_at_the_first_forbidden_write(readonly):
    operations = [
        {"method": "GET", "path": "/integrations"},
        {
            "method": "POST",
            "path": "/policies/evaluate",
            "body": {"resource": "a", "action": "read"},
        },
        {"method": "PATCH", "path": "/webhooks/wh_unknown0", "body": {"active": False}},
        {"method": "GET", "path": "/datasets"},
    ]
    response = readonly.post("batch", json={"operations": operations, "atomic": True})
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == [200, 200, 403]
