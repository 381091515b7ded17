"""TW Enterprise "Custom" limits per API key (CLI and admin API), and discovery at the
host root when TW is served alone, over real HTTP."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

import contract
from mockserver.core.ratelimit import RateLimit
from tests.integration.tw.conftest import ENTERPRISE, PRO, client_for, error_of
from tests.support.server import MockServer

CUSTOM = RateLimit(1, 60, burst=3)


def limit_path(server: MockServer, key: str) -> str:
    return f"{server.origin}/__admin/tw/keys/{key}/rate-limit"


def statuses(base: str, key: str, count: int) -> list[httpx.Response]:
    with client_for(base, key) as client:
        return [client.get("datasets", params={"limit": 1}) for _ in range(count)]


def test_a_key_limit_from_the_command_line_is_in_force_with_headers():
    with MockServer(["tw"], key_rate_limits={f"tw:{ENTERPRISE}": CUSTOM}) as server:
        base = server.url("tw") + "/"
        for _ in range(2):  # and again after a reset: it is configuration, not state
            answers = statuses(base, ENTERPRISE, 5)
            assert [r.status_code for r in answers] == [200, 200, 200, 429, 429]
            assert [r.headers["x-ratelimit-remaining"] for r in answers[:3]] == ["2", "1", "0"]
            assert {r.headers["x-ratelimit-limit"] for r in answers} == {"3"}
            error_of(answers[-1], 429, "RATE_LIMIT_EXCEEDED")
            server.reset()


def test_the_admin_api_sets_shows_and_removes_a_key_limit(mock):
    mock.reset()
    base = mock.url("tw") + "/"
    assert "x-ratelimit-limit" not in statuses(base, ENTERPRISE, 1)[0].headers
    unlimited = httpx.get(limit_path(mock, ENTERPRISE)).json()
    assert unlimited == {"key": ENTERPRISE, "plan": "enterprise", "custom": False, "limit": None}

    put = httpx.put(limit_path(mock, ENTERPRISE), json={"limit": str(CUSTOM)})
    assert put.status_code == 200
    assert put.json() == {
        "key": ENTERPRISE,
        "plan": "enterprise",
        "custom": True,
        "limit": str(CUSTOM),
    }
    answers = statuses(base, ENTERPRISE, 4)
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[0].headers["x-ratelimit-limit"] == "3"

    assert httpx.delete(limit_path(mock, ENTERPRISE)).json()["custom"] is False
    assert "x-ratelimit-limit" not in statuses(base, ENTERPRISE, 1)[0].headers


def test_a_plan_key_shows_its_documented_limit_and_can_get_its_own(mock):
    mock.reset()
    documented = contract.limits("tw").plans["pro"]
    shown = httpx.get(limit_path(mock, PRO)).json()
    assert (shown["custom"], shown["limit"]) == (False, str(documented))
    httpx.put(limit_path(mock, PRO), json={"limit": str(CUSTOM)}).raise_for_status()
    answers = statuses(mock.url("tw") + "/", PRO, 4)
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    mock.reset()  # admin-set limits do not survive a reset
    assert httpx.get(limit_path(mock, PRO)).json()["limit"] == str(documented)


@pytest.mark.parametrize(
    ("method", "key", "body", "status", "message"),
    [
        ("PUT", ENTERPRISE, b"not json", 400, "the body must be JSON"),
        ("PUT", ENTERPRISE, b'{"limit": 5}', 400, "the body must be JSON"),
        ("PUT", ENTERPRISE, b'{"limit": "fast"}', 400, "not a rate limit"),
        ("PUT", ENTERPRISE, b'{"limit": "0/1s"}', 400, "must be positive"),
        ("GET", "tw_nobody", b"", 404, "no TW API key"),
        ("PUT", "tw_nobody", b'{"limit": "1/1s"}', 404, "no TW API key"),
    ],
)
def test_bad_admin_requests_get_a_clear_error(mock, method, key, body, status, message):
    answer = httpx.request(method, limit_path(mock, key), content=body)
    assert answer.status_code == status
    assert message in answer.json()["message"]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("tw:tw_enterprise_demo=fast", "argument --key-rate-limit: not a rate limit"),
        ("tw_enterprise_demo=1/1s", "argument --key-rate-limit: expected API:KEY=LIMIT"),
        ("nope:key=1/1s", "argument --key-rate-limit: unknown API 'nope'"),
    ],
)
def test_a_bad_key_limit_on_the_command_line_is_one_clear_line(argument, message):
    done = subprocess.run(
        [sys.executable, "-m", "understudy", "mock", "--port", "0", "--key-rate-limit", argument],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert message in done.stderr


def test_standalone_tw_serves_its_contract_and_playground_at_the_host_root():
    with MockServer(["tw"], standalone=True) as server:
        document = httpx.get(f"{server.origin}/openapi.json")
        assert document.status_code == 200
        assert document.headers["content-type"] == "application/json"
        assert document.json()["info"]["title"] == contract.load("tw")["info"]["title"]
        assert document.json()["servers"] == [{"url": "/v1"}]
        playground = httpx.get(f"{server.origin}/playground")
        assert playground.status_code == 307
        assert playground.headers["location"] == "/v1/ui/"
        page = httpx.get(f"{server.origin}/playground", follow_redirects=True)
        assert page.status_code == 200 and "swagger" in page.text.lower()


def test_all_in_one_leaves_the_host_root_alone(mock):
    assert httpx.get(f"{mock.origin}/playground").status_code == 404
