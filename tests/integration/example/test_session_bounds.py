"""Example's open operations are limited per client address (from the contract's
`per-address` limits, with the documented headers and 429), and refresh tokens are
bounded: a user keeps only the most recent ones, expired ones are pruned."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import contract
from contract import parse_rate_limit
from tests.integration.example.conftest import error_of
from tests.support.fixtures import live_runtime
from tests.support.server import MockServer

runtime = live_runtime("example")

DEMO = {"email": "demo@example.com", "password": "demo-password"}


@pytest.fixture(scope="module")
def limited() -> Iterator[MockServer]:
    with MockServer(
        ["example"],
        rate_limit_overrides={
            "example.address.login": parse_rate_limit("3/1m"),
            "example.address.register": parse_rate_limit("2/1m"),
        },
    ) as server:
        yield server


def test_login_is_limited_per_address_with_the_documented_headers(limited):
    limited.reset()
    base = limited.url("example")
    answers = [httpx.post(f"{base}/auth/login", json=DEMO) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["x-ratelimit-remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert all(a.headers["x-ratelimit-limit"] == "3" for a in answers)
    error_of(answers[-1], 429, "rate_limit_exceeded")
    assert int(answers[-1].headers["retry-after"]) >= 1
    # register is counted on its own
    register = [
        httpx.post(
            f"{base}/auth/register",
            json={"email": f"n{i}@example.com", "username": f"newbie{i}", "password": "pw123456"},
        )
        for i in range(3)
    ]
    assert [r.status_code for r in register] == [201, 201, 429]


def test_the_documented_limit_applies_by_default(fresh):
    documented = contract.limits("example")
    assert documented is not None
    login = httpx.post(f"{fresh.url('example')}/auth/login", json=DEMO)
    assert login.status_code == 200
    assert login.headers["x-ratelimit-limit"] == str(documented.per_address["login"].limit)


def test_a_user_keeps_only_the_most_recent_refresh_tokens(fresh, runtime):
    base = fresh.url("example")
    kept = fresh.settings.refresh_tokens_per_user
    tokens = [
        httpx.post(f"{base}/auth/login", json=DEMO).json()["refresh_token"] for _ in range(kept + 2)
    ]
    ledger = runtime.state.tokens
    assert len(ledger.live_refresh) == kept
    oldest = httpx.post(f"{base}/auth/refresh", json={"refresh_token": tokens[0]})
    error_of(oldest, 401, "authentication_required")
    newest = httpx.post(f"{base}/auth/refresh", json={"refresh_token": tokens[-1]})
    assert newest.status_code == 200, newest.text
    assert len(ledger.live_refresh) == kept  # the used one replaced by the new one


def test_expired_refresh_tokens_are_pruned(fresh, runtime):
    base = fresh.url("example")
    httpx.post(f"{base}/auth/login", json=DEMO)
    ledger = runtime.state.tokens
    ledger.prune(now=float("inf"))
    assert ledger.live_refresh == {} and ledger.by_user == {}
