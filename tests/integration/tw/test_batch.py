"""Batches over real HTTP: operations answered as if sent alone, in order; atomic mode
rolls back (rows and events too); bounds."""

from __future__ import annotations

import httpx
import pytest

from mockserver.core.ratelimit import RateLimit
from tests.integration.tw.conftest import (
    CUSTOMER_COLUMNS,
    STARTER,
    all_rows,
    client_for,
    error_of,
)
from tests.support.receiver import Receiver
from tests.support.server import MockServer


def batch(api, operations, **options):
    response = api.post("batch", json={"operations": operations, **options})
    assert response.status_code == 200, response.text
    return response.json()["results"]


def names(api) -> set[str]:
    return {d["name"] for d in api.get("datasets", params={"limit": 100}).json()["data"]}


def test_the_documented_batch(api, customers):
    results = batch(
        api,
        [
            {"method": "POST", "path": "/datasets", "body": {"name": "dataset1"}},
            {"method": "POST", "path": "/datasets", "body": {"name": "dataset2"}},
            {
                "method": "POST",
                "path": f"/{customers}/rows",
                "body": {"rows": [{"id": 3, "email": "max@example.com", "name": "Max"}]},
            },
            {"method": "GET", "path": "/datasets?filter[name][eq]=dataset1&limit=5"},
        ],
    )
    assert [r["status"] for r in results] == [201, 201, 201, 200]
    assert results[0]["body"]["name"] == "dataset1" and results[2]["body"] == {"inserted": 1}
    assert [d["name"] for d in results[3]["body"]["data"]] == ["dataset1"]
    assert {"dataset1", "dataset2"} <= names(api)
    assert len(all_rows(api, customers)) == 3


def test_each_failure_is_answered_as_alone_and_the_rest_stand(api, customers):
    results = batch(
        api,
        [
            {"method": "POST", "path": "/datasets", "body": {"name": "kept"}},
            {"method": "POST", "path": "/datasets", "body": {"name": "Bad Name"}},
            {"method": "GET", "path": "/datasets/ds_missing"},
            {"method": "POST", "path": f"/{customers}/rows", "body": {"rows": [{"id": 1}]}},
            {"method": "DELETE", "path": "/datasets"},
            {"method": "DELETE", "path": "/nowhere"},
            {"method": "POST", "path": "/datasets", "body": {"name": "also_kept"}},
        ],
    )
    assert [r["status"] for r in results] == [201, 400, 404, 400, 405, 404, 201]
    codes = [r["body"]["code"] for r in results[1:6]]
    assert codes == [
        "VALIDATION_ERROR",
        "NOT_FOUND",
        "VALIDATION_ERROR",
        "METHOD_NOT_ALLOWED",
        "NOT_FOUND",
    ]
    assert results[3]["body"]["errors"][0]["field"] == "rows[0].id"
    assert {"kept", "also_kept"} <= names(api)


def test_atomic_batches_roll_back_everything_before_the_failure(api, customers, fresh):
    before_rows = all_rows(api, customers)
    before_names = names(api)
    with Receiver() as receiver:
        api.post(
            "webhooks",
            json={
                "url": f"{receiver.origin}/h",
                "events": ["dataset.created", "dataset.updated"],
                "secret": "batch-secret",
            },
        )
        results = batch(
            api,
            [
                {
                    "method": "POST",
                    "path": "/datasets",
                    "body": {"name": "atomic_new", "schema": {"columns": CUSTOMER_COLUMNS}},
                },
                {
                    "method": "POST",
                    "path": f"/{customers}/rows",
                    "body": {"rows": [{"id": 7, "email": "seven@example.com"}]},
                },
                {
                    "method": "PATCH",
                    "path": f"/{customers}/rows",
                    "body": {"where": {"id": 1}, "data": {"name": "changed"}},
                },
                {
                    "method": "POST",
                    "path": f"/{customers}/rows/delete",
                    "body": {"where": {"id": 2}},
                },
                {"method": "PATCH", "path": f"/{customers}", "body": {"name": "renamed_set"}},
                {
                    "method": "POST",
                    "path": "/policies",
                    "body": {
                        "name": "p",
                        "rules": [{"resource": "a", "action": "read", "effect": "allow"}],
                    },
                },
                {"method": "POST", "path": "/datasets", "body": {"name": "atomic_new"}},
                {"method": "POST", "path": "/datasets", "body": {"name": "never_run"}},
            ],
            atomic=True,
        )
        assert [r["status"] for r in results] == [201, 201, 200, 200, 200, 201, 409]
        assert all_rows(api, customers) == before_rows
        assert names(api) == before_names
        assert api.get("policies").json()["total"] == 3
        error_of(api.get(f"datasets/{results[0]['body']['id']}"), 404, "NOT_FOUND")
        api.post("datasets", json={"name": "after_the_batch"})
        (only,) = receiver.wait_for(1)
    assert b"after_the_batch" in only.body  # no event of the rolled-back batch was sent


def test_a_successful_atomic_batch_commits_and_sends_its_events(api):
    with Receiver() as receiver:
        api.post(
            "webhooks",
            json={
                "url": f"{receiver.origin}/h",
                "events": ["dataset.created"],
                "secret": "batch-secret",
            },
        )
        results = batch(
            api,
            [
                {"method": "POST", "path": "/datasets", "body": {"name": f"ok_{i}"}}
                for i in range(3)
            ],
            atomic=True,
        )
        assert [r["status"] for r in results] == [201] * 3
        assert len(receiver.wait_for(3)) == 3
    assert {"ok_0", "ok_1", "ok_2"} <= names(api)


def test_refused_operations_and_bounds(api):
    nested = batch(
        api,
        [
            {"method": "POST", "path": "/batch", "body": {"operations": []}},
            {"method": "POST", "path": "/%62atch", "body": {"operations": []}},
        ],
    )
    for result in nested:
        assert result["status"] == 400 and result["body"]["code"] == "VALIDATION_ERROR"
    assert nested[1]["body"]["errors"][0]["field"] == "operations[1].path"
    trigger = {
        "method": "POST",
        "path": "/integrations/slack/trigger",
        "body": {"action": "send_message", "payload": {"text": "x"}},
    }
    (refused,) = batch(api, [trigger], atomic=True)
    assert refused["status"] == 400
    (not_connected,) = batch(api, [trigger])
    assert not_connected["status"] == 409
    too_many = [{"method": "GET", "path": "/datasets"}] * 51
    error_of(api.post("batch", json={"operations": too_many}), 400, "VALIDATION_ERROR")
    error_of(api.post("batch", json={"operations": []}), 400, "VALIDATION_ERROR")
    bad_method = [{"method": "TRACE", "path": "/datasets"}]
    error_of(api.post("batch", json={"operations": bad_method}), 400, "VALIDATION_ERROR")


def test_a_batch_takes_one_token_and_its_operations_none():
    limits = {"tw.starter": RateLimit(1, 60, burst=3)}
    with MockServer(["tw"], rate_limit_overrides=limits) as server:
        base = server.url("tw") + "/"
        with client_for(base, STARTER) as starter:
            results = batch(starter, [{"method": "GET", "path": "/datasets"}] * 10)
            assert [r["status"] for r in results] == [200] * 10
            assert starter.get("datasets").headers["x-ratelimit-remaining"] == "1"
            anonymous = httpx.post(
                base + "batch", json={"operations": [{"method": "GET", "path": "/datasets"}]}
            )
            error_of(anonymous, 401, "UNAUTHORIZED")


@pytest.mark.parametrize("atomic", [False, True])
def test_batch_operations_see_each_others_writes(api, atomic):
    results = batch(
        api,
        [
            {
                "method": "POST",
                "path": "/datasets",
                "body": {"name": "chained", "schema": {"columns": CUSTOMER_COLUMNS}},
            },
            {"method": "GET", "path": "/datasets?filter[name][eq]=chained"},
        ],
        atomic=atomic,
    )
    assert results[1]["body"]["total"] == 1
