"""6000 requests per user per clock hour (lowered here through settings), exact under
concurrency; over it, 503 `Rate Limit Exceeded` with Retry-After, in the requested format."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from mockserver.core.ratelimit import RateLimit
from tests.integration.teamworklive.conftest import DEMO, MEMBER, OTHER, error_of
from tests.support.server import MockServer

LIMIT = 5


@pytest.fixture(scope="module")
def limited():
    # Hour-long windows, as documented: a test's burst never straddles a boundary
    # unless it runs across the top of the hour.
    overrides = {"teamworklive.standard": RateLimit(LIMIT, 3600)}
    with MockServer(["teamworklive"], rate_limit_overrides=overrides) as server:
        yield server


def _client(server: MockServer, credentials: tuple[str, str] | None) -> httpx.Client:
    return httpx.Client(base_url=server.url("teamworklive") + "/", auth=credentials, timeout=15)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_over_the_limit_is_503_rate_limit_exceeded_with_retry_after(limited, fmt):
    limited.reset()
    with _client(limited, DEMO) as demo:
        responses = [demo.get(f"me.{fmt}") for _ in range(LIMIT + 2)]
    assert [r.status_code for r in responses] == [200] * LIMIT + [503] * 2
    for denied in responses[LIMIT:]:
        assert error_of(denied, 503, fmt)["message"] == "Rate Limit Exceeded"
        retry_after = int(denied.headers["retry-after"])
        until_the_hour = 3600 - time.time() % 3600
        assert 1 <= retry_after <= 3600 and abs(retry_after - until_the_hour) <= 2
    assert not [h for r in responses for h in r.headers if h.lower().startswith("x-ratelimit")]


def test_each_user_has_an_allowance_of_their_own(limited):
    limited.reset()
    with _client(limited, DEMO) as demo, _client(limited, MEMBER) as member:
        for _ in range(LIMIT):
            assert demo.get("me.json").status_code == 200
        assert demo.get("me.json").status_code == 503
        assert member.get("me.json").status_code == 200
    with _client(limited, OTHER) as other:
        assert other.get("me.json").status_code == 200


def test_authenticated_answers_count_and_earlier_refusals_do_not(limited):
    limited.reset()
    with _client(limited, DEMO) as demo, _client(limited, None) as anonymous:
        for _ in range(3):
            assert anonymous.get("me.json").status_code == 401  # before authentication
            assert demo.patch("me.json").status_code == 405  # before authentication
            assert demo.get("me.yaml").status_code == 404  # no such extension
            assert demo.get("nothing.json").status_code == 404  # no such URL
        assert demo.get("companies/999999.json").status_code == 404  # counted
        assert demo.get("companies.json", params={"per_page": 0}).status_code == 400  # counted
        assert demo.post("companies.json", json={}).status_code == 400  # counted
        assert [demo.get("me.json").status_code for _ in range(3)] == [200, 200, 503]
        # The rate limit answers before validation, and its 503s are not counted.
        error_of(
            demo.post("companies.xml", content=b"<", headers={"Content-Type": "application/xml"}),
            503,
            "xml",
        )


def test_the_limit_is_exact_under_concurrency():
    overrides = {"teamworklive.standard": RateLimit(50, 3600)}
    with MockServer(["teamworklive"], rate_limit_overrides=overrides) as server:

        async def burst() -> list[int]:
            async with httpx.AsyncClient(
                base_url=server.url("teamworklive") + "/",
                auth=DEMO,
                timeout=30,
                limits=httpx.Limits(max_connections=40),
            ) as client:
                results = await asyncio.gather(*[client.get("me.json") for _ in range(120)])
            return [r.status_code for r in results]

        statuses = asyncio.run(burst())
    assert statuses.count(200) == 50 and statuses.count(503) == 70


def test_requests_succeed_again_once_retry_after_has_passed():
    overrides = {"teamworklive.standard": RateLimit(3, 2)}
    with (
        MockServer(["teamworklive"], rate_limit_overrides=overrides) as server,
        _client(server, DEMO) as demo,
    ):
        denied = next(r for r in (demo.get("me.json") for _ in range(10)) if r.status_code == 503)
        retry_after = int(denied.headers["retry-after"])
        assert 1 <= retry_after <= 2
        time.sleep(retry_after)  # honouring Retry-After is the behaviour under test
        assert demo.get("me.json").status_code == 200


def test_admin_reset_restores_the_allowance(limited):
    limited.reset()
    with _client(limited, DEMO) as demo:
        for _ in range(LIMIT):
            demo.get("me.json")
        assert demo.get("me.json").status_code == 503
        limited.reset()
        assert demo.get("me.json").status_code == 200
