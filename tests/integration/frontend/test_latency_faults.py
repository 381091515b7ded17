"""Latency and faults over real sockets: set per request (`Prefer`), at run time
(`/__admin/rules`) and at start (settings), scoped and rated deterministically."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from mockserver.core.latency import MAX_LATENCY_SECONDS
from tests.support.server import MockServer

TW_AUTH = {"Authorization": "Bearer tw_enterprise_demo"}  # no rate limit


def rules_url(server: MockServer) -> str:
    return f"{server.origin}/__admin/rules"


def journal(server: MockServer, limit: int) -> list[dict[str, Any]]:
    entries = httpx.get(f"{server.origin}/__admin/requests?limit={limit}").json()["requests"]
    return list(entries)


HTTP = httpx.Client(timeout=10)
"""One client for the module (a new httpx client per request costs an SSL context)."""


def tw_get(server: MockServer, path: str = "datasets", **headers: str) -> httpx.Response:
    return HTTP.get(f"{server.url('tw')}/{path}", headers={**TW_AUTH, **headers})


def add_rule(server: MockServer, **rule: Any) -> dict[str, Any]:
    response = httpx.post(rules_url(server), json=rule)
    assert response.status_code == 201, response.text
    return dict(response.json()["rules"][0])


# -- faults -----------------------------------------------------------------------------


def test_reset_is_a_connection_error(fresh: MockServer) -> None:
    with pytest.raises(httpx.ReadError, match="reset"):
        tw_get(fresh, Prefer="fault=reset")
    entry = journal(fresh, 1)[0]
    assert (entry["status"], entry["fault"]) == (0, "reset")


def test_empty_response_closes_without_a_status_line(fresh: MockServer) -> None:
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        tw_get(fresh, Prefer="fault=empty")


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("malformed-chunk", "illegal chunk header"),
        ("truncated", "incomplete chunked read"),
        ("random-data", "without sending a response"),
    ],
)
def test_broken_chunked_bodies_are_protocol_errors(
    fresh: MockServer, kind: str, message: str
) -> None:
    with pytest.raises(httpx.RemoteProtocolError, match=message):
        tw_get(fresh, Prefer=f"fault={kind}")


def test_the_server_keeps_serving_after_faults(fresh: MockServer) -> None:
    for kind in ("reset", "empty", "truncated"):
        with pytest.raises(httpx.TransportError):
            tw_get(fresh, Prefer=f"fault={kind}")
    assert tw_get(fresh).status_code == 200


def test_error_status_fault_is_the_apis_own_body_in_its_format(fresh: MockServer) -> None:
    response = httpx.get(
        f"{fresh.url('teamworklive')}/projects.xml",
        auth=("demo@teamworklive.test", "twl_demo_key"),
        headers={"Prefer": "fault=503"},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert ElementTree.fromstring(response.content).tag == "error"
    response = tw_get(fresh, Prefer="fault=500")
    assert (response.status_code, response.json()["code"]) == (500, "INTERNAL_ERROR")


def test_a_faulted_request_changes_no_state(reset: MockServer) -> None:
    before = tw_get(reset, "datasets?limit=100").json()
    with pytest.raises(httpx.TransportError):
        httpx.post(
            f"{reset.url('tw')}/datasets",
            json={"name": "lost", "schema": {"columns": [{"name": "id", "type": "integer"}]}},
            headers={**TW_AUTH, "Prefer": "fault=reset"},
        )
    assert tw_get(reset, "datasets?limit=100").json() == before


# -- rules: scopes and rates ------------------------------------------------------------


def test_operation_scope_touches_only_that_operation(fresh: MockServer) -> None:
    add_rule(fresh, fault="500", api="tw", operation="list_policies")
    assert tw_get(fresh, "policies").status_code == 500
    assert tw_get(fresh, "datasets").status_code == 200


def test_path_template_scope(fresh: MockServer) -> None:
    add_rule(fresh, fault="503", api="teamworklive", path="/projects/{project_id}.{format}")
    auth = ("demo@teamworklive.test", "twl_demo_key")
    base = fresh.url("teamworklive")
    assert httpx.get(f"{base}/projects/42.json", auth=auth).status_code == 503
    assert httpx.get(f"{base}/projects.json", auth=auth).status_code == 200


def test_api_scope_leaves_the_other_apis_alone(fresh: MockServer) -> None:
    add_rule(fresh, fault="reset", api="tw")
    with pytest.raises(httpx.ReadError):
        tw_get(fresh)
    wrgl = httpx.get(
        f"{fresh.url('wrgl')}/repos", headers={"Authorization": "APIKEY wrgl_demo_key"}
    )
    assert wrgl.status_code == 200


def _outcomes(server: MockServer, count: int) -> list[str]:
    seen = []
    for _ in range(count):
        try:
            seen.append(str(tw_get(server).status_code))
        except httpx.TransportError:
            seen.append("reset")
    return seen


def test_a_rate_is_a_probability_and_deterministic_under_the_seed(fresh: MockServer) -> None:
    add_rule(fresh, fault="reset", api="tw", rate=0.5)
    first = _outcomes(fresh, 40)
    httpx.delete(rules_url(fresh))  # clearing restarts the seeded sequence
    add_rule(fresh, fault="reset", api="tw", rate=0.5)
    assert _outcomes(fresh, 40) == first
    assert 8 <= first.count("reset") <= 32 and "200" in first


# -- latency ----------------------------------------------------------------------------


def test_fixed_latency_delays_at_least_that_long(fresh: MockServer) -> None:
    started = time.perf_counter()
    response = tw_get(fresh, Prefer="latency=300ms")
    assert time.perf_counter() - started >= 0.3
    assert response.status_code == 200
    assert response.headers["Preference-Applied"] == 'latency="300ms"'
    assert journal(fresh, 1)[0]["delay_ms"] == 300


def test_uniform_latency_stays_in_its_range(fresh: MockServer) -> None:
    add_rule(fresh, latency="5-25ms", api="tw")
    for _ in range(20):
        assert tw_get(fresh).status_code == 200
    delays = [entry["delay_ms"] for entry in journal(fresh, 20)]
    assert all(5 <= delay <= 25 for delay in delays)
    assert len(set(delays)) > 10


def test_lognormal_latency_has_its_median(fresh: MockServer) -> None:
    add_rule(fresh, latency="lognormal:20ms:0.5", api="tw")
    for _ in range(60):
        assert tw_get(fresh).status_code == 200
    delays = [entry["delay_ms"] for entry in journal(fresh, 60)]
    assert statistics.median(delays) == pytest.approx(20, rel=0.25)
    assert max(delays) > 25 and min(delays) < 15


def test_latency_never_blocks_other_requests(fresh: MockServer) -> None:
    async def race() -> list[str]:
        finished: list[str] = []
        async with httpx.AsyncClient(base_url=fresh.url("tw"), headers=TW_AUTH) as client:

            async def call(name: str, headers: dict[str, str]) -> None:
                response = await client.get("/datasets", headers=headers)
                assert response.status_code == 200
                finished.append(name)

            slow = asyncio.create_task(call("slow", {"Prefer": "latency=1500ms"}))
            await asyncio.sleep(0.1)
            await call("fast", {})
            await slow
        return finished

    assert asyncio.run(race()) == ["fast", "slow"]


def test_delayed_requests_are_still_counted_by_the_rate_limiter(client: Any) -> None:
    example = client("example")  # a fixed window: every counted request lowers Remaining
    first = example.get("resources", headers={"Prefer": "latency=1ms"})
    second = example.get("resources", headers={"Prefer": "latency=1ms"})
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in (first, second)]
    assert remaining[1] == remaining[0] - 1


# -- the admin API and bad input --------------------------------------------------------


def test_rules_can_be_read_set_and_cleared(fresh: MockServer) -> None:
    stored = add_rule(fresh, latency="lognormal:200ms:0.5", api="example", rate=0.25)
    assert stored["latency"] == {
        "distribution": "lognormal",
        "text": "lognormal:200ms:0.5",
        "median_ms": 200.0,
        "sigma": 0.5,
    }
    listed = httpx.get(rules_url(fresh)).json()["rules"]
    assert [rule["id"] for rule in listed] == [stored["id"]]
    assert httpx.delete(f"{rules_url(fresh)}/{stored['id']}").status_code == 204
    assert httpx.get(rules_url(fresh)).json()["rules"] == []
    add_rule(fresh, fault="empty")
    assert httpx.delete(rules_url(fresh)).json() == {"removed": 1}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"latency": "-1"}, "negative"),
        ({"latency": "10h"}, "maximum of 60s"),
        ({"latency": "lognormal:200ms"}, "lognormal:MEDIAN:SIGMA"),
        ({"fault": "reset", "rate": 1.5}, "from 0 to 1"),
        ({"fault": "reset", "rate": -0.1}, "from 0 to 1"),
        ({"fault": "reset", "rate": "often"}, "a number"),
        ({"fault": "explode"}, "unknown fault"),
        ({"fault": "404"}, "unknown fault"),
        ({"fault": "reset", "api": "tw", "operation": "no_such_op"}, "unknown operationId"),
        ({"fault": "reset", "api": "nope"}, "unknown api"),
        ({"fault": "reset", "api": "tw", "path": "/nowhere"}, "unknown path template"),
        ({"fault": "reset", "operation": "list_datasets"}, "needs an API"),
        ({"fault": "reset", "latency": "1ms"}, "exactly one"),
        ({"fault": "reset", "colour": "red"}, "unknown rule field"),
        ([{"fault": "reset"}, {"fault": "explode"}], "unknown fault"),
        ("reset", "JSON object"),
    ],
)
def test_a_bad_rule_is_a_400_and_changes_nothing(
    fresh: MockServer, body: Any, message: str
) -> None:
    add_rule(fresh, latency="1ms", api="wrgl")
    before = httpx.get(rules_url(fresh)).json()
    response = httpx.post(rules_url(fresh), json=body)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert httpx.get(rules_url(fresh)).json() == before


def test_a_body_that_is_not_json_is_a_400(fresh: MockServer) -> None:
    response = httpx.post(rules_url(fresh), content=b"{latency: ")
    assert response.status_code == 400
    assert "not JSON" in response.json()["message"]
    assert httpx.get(rules_url(fresh)).json()["rules"] == []


@pytest.mark.parametrize(
    ("prefer", "message"),
    [
        ("latency=-1", "negative"),
        ("latency=10h", "maximum of 60s"),
        ("fault=explode", "unknown fault"),
    ],
)
def test_a_bad_latency_or_fault_preference_is_the_apis_400(
    fresh: MockServer, prefer: str, message: str
) -> None:
    response = tw_get(fresh, Prefer=prefer)
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert message in response.json()["message"]


def test_the_maximum_is_the_documented_one() -> None:
    assert MAX_LATENCY_SECONDS == 60


@pytest.fixture()
def started_with_rules() -> Iterator[MockServer]:
    with MockServer(
        ["tw"], latency_rules=("tw.list_datasets=7ms",), fault_rules=("tw.list_policies=500",)
    ) as server:
        yield server


def test_rules_given_at_start_are_in_force(started_with_rules: MockServer) -> None:
    assert tw_get(started_with_rules, "policies").status_code == 500
    assert tw_get(started_with_rules, "datasets").status_code == 200
    assert journal(started_with_rules, 1)[0]["delay_ms"] == 7
    texts = [
        r.get("latency", r.get("fault"))["text"]
        for r in httpx.get(rules_url(started_with_rules)).json()["rules"]
    ]
    assert texts == ["7ms", "500"]


def test_rules_leave_the_docs_usable(fresh: MockServer) -> None:
    add_rule(fresh, fault="reset", api="tw")
    assert HTTP.get(f"{fresh.url('tw')}/openapi.json").status_code == 200
    assert HTTP.get(f"{fresh.url('tw')}/ui/").status_code == 200
    with pytest.raises(httpx.ReadError):
        tw_get(fresh)
