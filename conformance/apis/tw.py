"""Conformance profile of the TW API."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from conformance.observed import Observed
from conformance.profile import Profile, Scenario, ScenarioContext
from conformance.scenarios import (
    crud_round_trip,
    expect_error,
    expect_status,
    rate_limit_counts_down,
    rate_limited_answer,
    unauthenticated_is_401,
    unknown_id_is_404,
)

CODE_FOR_STATUS = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
}

PROBE = f"probe_{secrets.token_hex(4)}"
"""A name prefix unique to this gate run, so probes never collide with earlier ones."""

COLUMNS = [
    {"name": "id", "type": "integer", "primaryKey": True},
    {"name": "email", "type": "string", "unique": True},
    {"name": "score", "type": "number"},
    {"name": "active", "type": "boolean"},
    {"name": "seen_at", "type": "timestamp"},
]


def check_error_body(response: Observed) -> None:
    """`{"code", "message", "errors"?, "retryAfter"?}` with the code that fits the status."""
    if response.media_type != "application/json":
        raise AssertionError(
            f"{response.status} error is {response.media_type or 'untyped'}, not application/json"
        )
    body = response.json()
    if not isinstance(body, dict):
        raise AssertionError(f"{response.status} error body is not an object: {body!r:.200}")
    expected = CODE_FOR_STATUS.get(response.status)
    if expected and body.get("code") != expected:
        raise AssertionError(
            f"{response.status} error code is {body.get('code')!r}, expected {expected!r}"
        )
    if not isinstance(body.get("message"), str) or not body["message"]:
        raise AssertionError(f"{response.status} error has no message")
    errors = body.get("errors", [])
    if not isinstance(errors, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("field"), str)
        and isinstance(e.get("message"), str)
        for e in errors
    ):
        raise AssertionError(
            f"{response.status} error 'errors' is not a list of {{field, message}}"
        )
    if response.status == 429:
        retry = body.get("retryAfter")
        if not isinstance(retry, int) or retry < 1:
            raise AssertionError(f"429 body has no positive integer retryAfter: {body!r:.200}")
        if response.headers.get("retry-after") != str(retry):
            raise AssertionError("429 Retry-After header does not match the body's retryAfter")


def login(client: httpx.Client, _user: str, api_key: str) -> dict[str, str]:
    """TW has no login: the "password" of the credentials is the API key."""
    return {"Authorization": f"Bearer {api_key}"}


def error_body_shape(ctx: ScenarioContext) -> None:
    """Every kind of error the gate can provoke is in TW's format with the right code."""
    expect_error(ctx, ctx.client.post("datasets", json={"name": "Not A Valid Name"}), 400)
    expect_error(ctx, ctx.client.get("datasets", params={"limt": 5}), 400)
    expect_error(ctx, ctx.anonymous.get("datasets"), 401)
    wrong_key = {"Authorization": "Bearer not-a-key"}
    expect_error(ctx, ctx.anonymous.get("datasets", headers=wrong_key), 401)
    expect_error(ctx, ctx.client.get("datasets/ds_doesnotexist0"), 404)
    refused = ctx.client.put("datasets")
    expect_error(ctx, refused, 405)
    allowed = {m.strip() for m in refused.headers.get("allow", "").split(",")}
    if allowed != {"GET", "POST"}:
        raise AssertionError(f"405 on /datasets lists Allow {allowed}, expected GET, POST")
    invalid = ctx.client.post("datasets", json={"name": "x", "schema": {"columns": "no"}})
    expect_error(ctx, invalid, 400)
    if not invalid.json().get("errors"):
        raise AssertionError("a validation error does not name the field in 'errors'")


def _walk(ctx: ScenarioContext, path: str, params: dict[str, Any], mode: str) -> list[str]:
    """Every id of a listing, page by page, by cursor or by offset."""
    ids: list[str] = []
    cursor: str | None = None
    for page_number in range(500):
        query = dict(params)
        if mode == "cursor" and cursor is not None:
            query["cursor"] = cursor
        if mode == "offset":
            query["offset"] = page_number * params["limit"]
        response = ctx.client.get(path, params=query)
        expect_status(response, 200)
        body = response.json()
        if body["offset"] != len(ids):
            raise AssertionError(
                f"{path} {mode} page {page_number}: offset {body['offset']}, expected {len(ids)}"
            )
        ids += [item["id"] for item in body["data"]]
        if body["has_more"] != (body["next_cursor"] is not None):
            raise AssertionError(f"{path}: has_more and next_cursor disagree")
        if not body["has_more"]:
            if len(ids) != body["total"]:
                raise AssertionError(f"{path} {mode}: walked {len(ids)}, total {body['total']}")
            beyond = ctx.client.get(path, params={**params, "offset": len(ids)})
            expect_status(beyond, 200)
            if beyond.json()["data"]:
                raise AssertionError(
                    f"{path}: has_more is false after {len(ids)} items, but offset "
                    f"{len(ids)} returns {len(beyond.json()['data'])} more"
                )
            return ids
        cursor = body["next_cursor"]
    raise AssertionError(f"{path}: more than 500 pages")


def cursor_pagination(ctx: ScenarioContext) -> None:
    """A cursor walk sees every dataset exactly once, in the same order as offsets; a
    tampered cursor and a cursor with offset are 400s."""
    for sort in ("created_at:desc", "name:asc,created_at:desc"):
        params = {"limit": 7, "sort": sort}
        by_cursor = _walk(ctx, "datasets", params, "cursor")
        if len(by_cursor) != len(set(by_cursor)):
            raise AssertionError(f"cursor walk ({sort}) returned an item twice")
        by_offset = _walk(ctx, "datasets", params, "offset")
        if by_cursor != by_offset:
            raise AssertionError(f"cursor and offset pagination ({sort}) disagree")
        ctx.note(f"{len(by_cursor)} datasets walked ({sort})")
    first = ctx.client.get("datasets", params={"limit": 1}).json()
    if first["next_cursor"]:
        token = first["next_cursor"]
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        expect_error(ctx, ctx.client.get("datasets", params={"cursor": tampered}), 400)
        both = {"cursor": token, "offset": 0}
        expect_error(ctx, ctx.client.get("datasets", params=both), 400)


def rows_round_trip(ctx: ScenarioContext) -> None:
    """Rows inserted can be queried back (equality, ranges on time, order, cursor), are
    updated and deleted by `where`, and bad rows are refused whole."""
    made = ctx.client.post(
        "datasets", json={"name": f"{PROBE}_rows", "schema": {"columns": COLUMNS}}
    )
    expect_status(made, 201)
    path = f"datasets/{made.json()['id']}"
    try:
        rows: list[dict[str, Any]] = [
            {
                "id": i,
                "email": f"user{i}@example.com",
                "score": i * 1.5,
                "active": i % 2 == 0,
                "seen_at": f"2024-01-{i:02d}T12:00:00Z",
            }
            for i in range(1, 26)
        ]
        expect_status(ctx.client.post(f"{path}/rows", json={"rows": rows}), 201)
        everything = _query_all(ctx, path, {"orderBy": {"id": "asc"}, "limit": 4})
        if everything != rows:
            raise AssertionError("rows read back by cursor differ from the rows inserted")
        _expect_row_count(ctx, path, len(everything))
        since = {"where": {"seen_at": {"gte": "2024-01-20T00:00:00+00:00"}}, "limit": 100}
        found = ctx.client.post(f"{path}/rows/query", json=since).json()["data"]
        if [r["id"] for r in found] != list(range(20, 26)):
            raise AssertionError(f"time range query returned ids {[r['id'] for r in found]}")
        one = ctx.client.post(f"{path}/rows/query", json={"where": {"email": "user7@example.com"}})
        if one.json()["data"] != [rows[6]]:
            raise AssertionError(f"equality on a unique column returned {one.text[:200]}")
        bad = [{"id": 100, "email": "new@example.com"}, {"id": 1, "email": "dup@example.com"}]
        expect_error(ctx, ctx.client.post(f"{path}/rows", json={"rows": bad}), 400)
        unknown = ctx.client.post(f"{path}/rows/query", json={"where": {"nope": 1}})
        expect_error(ctx, unknown, 400)
        changed = ctx.client.patch(
            f"{path}/rows", json={"where": {"id": {"lte": 3}}, "data": {"active": False}}
        )
        expect_status(changed, 200)
        removed = ctx.client.post(f"{path}/rows/delete", json={"where": {"active": False}})
        expect_status(removed, 200)
        left = _query_all(ctx, path, {"limit": 100})
        expected_left = [r["id"] for r in rows if r["active"] and r["id"] > 3]
        if [r["id"] for r in left] != expected_left:
            raise AssertionError(f"after update and delete, rows {[r['id'] for r in left]} remain")
        _expect_row_count(ctx, path, len(left))
        if changed.json()["updated"] != 3 or removed.json()["deleted"] != 25 - len(expected_left):
            raise AssertionError(f"counts: {changed.text} {removed.text}")
    finally:
        ctx.client.delete(path)


def _expect_row_count(ctx: ScenarioContext, path: str, walked: int) -> None:
    """The dataset's row_count is the number of rows a full query walks to."""
    dataset = ctx.client.get(path)
    expect_status(dataset, 200)
    if dataset.json()["row_count"] != walked:
        raise AssertionError(
            f"GET {path}: row_count {dataset.json()['row_count']}, a query walks {walked} rows"
        )


def _query_all(ctx: ScenarioContext, path: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    body: dict[str, Any] = dict(query)
    for _ in range(1000):
        response = ctx.client.post(f"{path}/rows/query", json=body)
        expect_status(response, 200)
        page = response.json()
        rows += page["data"]
        if not page["has_more"]:
            return rows
        body = {**query, "cursor": page["next_cursor"]}
    raise AssertionError("more than 1000 pages of rows")


def policy_decisions(ctx: ScenarioContext) -> None:
    """The documented PII rule denies an analyst on its resource, not on its parent, and
    lets an admin read it (a deny-only policy allows what it governs but does not deny)."""
    made = ctx.client.post(
        "policies",
        json={
            "name": f"{PROBE} PII",
            "rules": [
                {
                    "resource": "datasets.customer_data.pii_fields",
                    "action": "read",
                    "effect": "deny",
                    "condition": 'user.role != "admin"',
                }
            ],
            "active": False,
        },
    )
    expect_status(made, 201)
    policy_id = made.json()["id"]
    try:
        analyst = {"user": {"role": "analyst"}}
        cases = [
            ("datasets.customer_data.pii_fields", analyst, "deny", False),
            ("datasets.customer_data", analyst, "default", False),
            ("datasets.customer_data.pii_fields", {"user": {"role": "admin"}}, "default", True),
        ]
        for resource, context, decision, allowed in cases:
            answer = ctx.client.post(
                "policies/evaluate",
                json={
                    "policy_id": policy_id,
                    "resource": resource,
                    "action": "read",
                    "context": context,
                },
            )
            expect_status(answer, 200)
            if (answer.json()["decision"], answer.json()["allowed"]) != (decision, allowed):
                raise AssertionError(f"{resource} with {context}: {answer.text[:200]}")
        broken = ctx.client.patch(
            f"policies/{policy_id}",
            json={
                "rules": [
                    {
                        "resource": "a",
                        "action": "read",
                        "effect": "deny",
                        "condition": "(user.role == 'x'",
                    }
                ]
            },
        )
        expect_error(ctx, broken, 400)
    finally:
        ctx.client.delete(f"policies/{policy_id}")


PROFILE = Profile(
    name="tw",
    spec_file="tw.yaml",
    check_error_body=check_error_body,
    default_credentials=("tw", "tw_enterprise_demo"),
    credentials_form="ANY:API_KEY",
    login=login,
    schemathesis_config="tw.toml",
    scenarios=(
        crud_round_trip(
            collection="datasets",
            create_body={"name": f"{PROBE}_crud", "description": "Conformance probe"},
            update_body={"name": f"{PROBE}_renamed", "description": None},
            id_of=lambda body: body["id"],
            item_of=lambda body: body,
        ),
        Scenario("error_body_shape", error_body_shape, "each error kind in TW's body"),
        Scenario(
            "cursor_pagination",
            cursor_pagination,
            "a cursor walk sees every dataset once and agrees with offsets",
        ),
        Scenario("rows_round_trip", rows_round_trip, "inserted rows query back; bad rows refused"),
        Scenario("policy_decisions", policy_decisions, "deny wins on the governed resource only"),
        unknown_id_is_404(path="datasets/ds_doesnotexist0"),
        unauthenticated_is_401(path="datasets"),
        rate_limit_counts_down(path="datasets"),
        rate_limited_answer(path="datasets"),
    ),
)
