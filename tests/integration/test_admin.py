"""Admin endpoints and deterministic seeding, on every server."""

from __future__ import annotations

import httpx
import pytest

from tests.support.server import MockServer


def test_health_lists_the_mounted_apis(mock):
    health = httpx.get(f"{mock.origin}/__admin/health").json()
    assert health["status"] == "ok"
    assert health["apis"]["example"]["mount"] == "/example/v1"


def test_requests_journal_is_newest_first_and_filterable(fresh):
    httpx.get(f"{fresh.url('example')}/resources")
    httpx.get(f"{fresh.url('example')}/users/me")
    entries = httpx.get(
        f"{fresh.origin}/__admin/requests", params={"api": "example", "limit": 2}
    ).json()["requests"]
    assert [e["path"] for e in entries] == ["/example/v1/users/me", "/example/v1/resources"]
    assert entries[0]["status"] == 401


def test_reset_restores_the_seeded_state(fresh):
    base = fresh.url("example")
    token = httpx.post(
        f"{base}/auth/login", json={"email": "demo@example.com", "password": "demo-password"}
    ).json()
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    seeded = httpx.get(f"{base}/resources", headers=auth).json()
    httpx.post(f"{base}/resources", headers=auth, json={"name": "temp", "type": "standard"})
    assert (
        httpx.get(f"{base}/resources", headers=auth).json()["meta"]["total"]
        == seeded["meta"]["total"] + 1
    )
    assert httpx.post(f"{fresh.origin}/__admin/reset").status_code == 200
    assert httpx.get(f"{base}/resources", headers=auth).status_code == 401  # sessions reset too
    token = httpx.post(
        f"{base}/auth/login", json={"email": "demo@example.com", "password": "demo-password"}
    ).json()
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    assert httpx.get(f"{base}/resources", headers=auth).json() == seeded


def test_same_seed_same_data_other_seed_other_data():
    def first_page(seed: int) -> list:
        with MockServer(["example"], seed=seed) as server:
            base = server.url("example")
            token = httpx.post(
                f"{base}/auth/login",
                json={"email": "demo@example.com", "password": "demo-password"},
            ).json()
            return httpx.get(
                f"{base}/resources", headers={"Authorization": f"Bearer {token['access_token']}"}
            ).json()["data"]

    assert first_page(7) == first_page(7)
    assert first_page(7) != first_page(8)


def test_unknown_reset_target_is_404(mock):
    assert httpx.post(f"{mock.origin}/__admin/reset", params={"api": "nope"}).status_code == 404


def test_cors_preflight_and_exposed_headers(mock):
    preflight = httpx.options(
        f"{mock.url('example')}/resources",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "http://localhost:3000")
    simple = httpx.get(f"{mock.url('example')}/resources", headers={"Origin": "http://x.test"})
    assert (
        "x-ratelimit-remaining" in simple.headers.get("access-control-expose-headers", "").lower()
    )


@pytest.mark.parametrize("limit", ["0", "-1", "x", "10001", "1e3", "", "٣"])
def test_a_bad_journal_limit_is_a_400_naming_the_range(mock, limit):
    response = httpx.get(f"{mock.origin}/__admin/requests", params={"limit": limit})
    assert response.status_code == 400, response.text
    assert "from 1 to 10000" in response.json()["message"]


@pytest.mark.parametrize("path", ["/__admin/requests", "/__admin/webhooks"])
def test_filtering_by_an_unknown_api_is_a_404(mock, path):
    response = httpx.get(f"{mock.origin}{path}", params={"api": "nope"})
    assert response.status_code == 404
    assert response.json() == {"message": "unknown api 'nope'"}
