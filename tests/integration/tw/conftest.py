"""TW fixtures: its base URL on the shared mock, clients per demo key, error checks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.fixtures import base_url, client_fixture, reset_server, single_api_server

ENTERPRISE = "tw_enterprise_demo"
PRO = "tw_pro_demo"
STARTER = "tw_starter_demo"

CUSTOMER_COLUMNS = [
    {"name": "id", "type": "integer", "primaryKey": True},
    {"name": "email", "type": "string", "unique": True},
    {"name": "name", "type": "string"},
    {"name": "created_at", "type": "timestamp"},
]


mock = single_api_server("tw")
fresh = reset_server()
base = base_url("tw")


def client_for(base: str, key: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=base, headers=headers, timeout=30)


api = client_fixture(client_for, ENTERPRISE, "The Enterprise demo key (no limit on this mock).")
other = client_fixture(client_for, PRO, "Another account (the Pro key).")
anonymous = client_fixture(client_for, None, "No credentials.")


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert TW's own error body and return it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], list)
    assert set(body) <= {"code", "message", "errors", "retryAfter"}
    return body


def fields_of(body: dict[str, Any]) -> list[str]:
    return [e["field"] for e in body["errors"]]


@pytest.fixture()
def customers(api: httpx.Client) -> str:
    """A fresh `customer_rows` dataset with the documented columns and two rows; its path."""
    made = api.post(
        "datasets", json={"name": "customer_rows", "schema": {"columns": CUSTOMER_COLUMNS}}
    )
    assert made.status_code == 201, made.text
    path = f"datasets/{made.json()['id']}"
    inserted = api.post(
        f"{path}/rows",
        json={
            "rows": [
                {
                    "id": 1,
                    "email": "user@example.com",
                    "name": "John Doe",
                    "created_at": "2024-03-01T10:00:00Z",
                },
                {
                    "id": 2,
                    "email": "jane@example.com",
                    "name": "Jane Smith",
                    "created_at": "2023-12-31T23:30:00-02:00",
                },
            ]
        },
    )
    assert inserted.status_code == 201, inserted.text
    return path


def query(api: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"{path}/rows/query", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def all_rows(api: httpx.Client, path: str) -> list[dict[str, Any]]:
    return query(api, path, {"limit": 1000})["data"]
