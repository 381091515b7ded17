"""Per-plan limits really limit, exactly, with the documented headers."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from mockserver.core.ratelimit import RateLimit
from tests.integration.example.conftest import PASSWORD, error_of
from tests.support.server import MockServer


@pytest.fixture(scope="module")
def limited():
    # Hour-long windows: a test's burst never straddles a window boundary.
    with MockServer(
        ["example"],
        rate_limit_overrides={
            "example.free": RateLimit(5, 3600),
            "example.pro": RateLimit(50, 3600),
        },
    ) as s:
        yield s


def _client(server: MockServer, email: str) -> httpx.Client:
    base = server.url("example") + "/"
    token = httpx.post(base + "auth/login", json={"email": email, "password": PASSWORD})
    return httpx.Client(
        base_url=base,
        timeout=15,
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )


def test_headers_count_down_then_429_with_retry_after(limited):
    limited.reset()
    with _client(limited, "demo@example.com") as client:
        responses = [client.get("resources", params={"per_page": 1}) for _ in range(7)]
    assert [r.status_code for r in responses] == [200] * 5 + [429] * 2
    assert [int(r.headers["x-ratelimit-remaining"]) for r in responses] == [4, 3, 2, 1, 0, 0, 0]
    assert {r.headers["x-ratelimit-limit"] for r in responses} == {"5"}
    resets = {int(r.headers["x-ratelimit-reset"]) for r in responses}
    assert len(resets) == 1 and time.time() < resets.pop() <= time.time() + 3601
    denied = responses[-1]
    error_of(denied, 429, "rate_limit_exceeded")
    assert 1 <= int(denied.headers["retry-after"]) <= 3600


def test_errors_of_authenticated_requests_carry_the_headers_and_count(limited):
    limited.reset()
    with _client(limited, "demo@example.com") as client:
        missing = client.get("resources/res_doesnotexist")
        assert missing.status_code == 404 and missing.headers["x-ratelimit-remaining"] == "4"
        invalid = client.get("resources", params={"per_page": 0})
        assert invalid.status_code == 400 and invalid.headers["x-ratelimit-remaining"] == "3"


def test_plans_are_separate_and_pro_gets_its_own_limit(limited):
    limited.reset()
    with _client(limited, "demo@example.com") as free, _client(limited, "pro@example.com") as pro:
        for _ in range(5):
            free.get("users/me")
        assert free.get("users/me").status_code == 429
        response = pro.get("users/me")
        assert response.status_code == 200 and response.headers["x-ratelimit-limit"] == "50"


def test_limit_is_exact_under_concurrency(limited):
    limited.reset()
    base = limited.url("example") + "/"
    token = httpx.post(
        base + "auth/login", json={"email": "pro@example.com", "password": PASSWORD}
    ).json()["access_token"]

    async def burst() -> list[int]:
        async with httpx.AsyncClient(
            base_url=base,
            timeout=30,
            headers={"Authorization": f"Bearer {token}"},
            limits=httpx.Limits(max_connections=40),
        ) as client:
            results = await asyncio.gather(*[client.get("users/me") for _ in range(120)])
        return [r.status_code for r in results]

    statuses = asyncio.run(burst())
    assert statuses.count(200) == 50 and statuses.count(429) == 70


def test_reset_admin_endpoint_restores_the_allowance(limited):
    limited.reset()
    with _client(limited, "demo@example.com") as client:
        for _ in range(6):
            client.get("users/me")
        assert client.get("users/me").status_code == 429
        limited.reset()
        relogged = _client(limited, "demo@example.com")
        assert relogged.get("users/me").status_code == 200
        relogged.close()


def test_no_rate_limits_setting_disables_them():
    with (
        MockServer(["example"], rate_limits_enabled=False) as server,
        _client(server, "demo@example.com") as client,
    ):
        statuses = {client.get("users/me").status_code for _ in range(70)}
        assert statuses == {200}
        assert "x-ratelimit-limit" not in client.get("users/me").headers
