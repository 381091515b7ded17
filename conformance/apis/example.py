"""Conformance profile of the Example API."""

from __future__ import annotations

import httpx

from conformance.errors import UsageError
from conformance.observed import Observed
from conformance.profile import Profile, Scenario, ScenarioContext
from conformance.scenarios import (
    PagedList,
    crud_round_trip,
    expect_error,
    expect_status,
    page_number_pagination,
    rate_limit_counts_down,
    rate_limit_headers_on_errors,
    rate_limited_answer,
    unauthenticated_is_401,
    unknown_id_is_404,
    walk_pages,
)

CODE_FOR_STATUS = {
    400: "invalid_request",
    401: "authentication_required",
    403: "insufficient_permissions",
    404: "resource_not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limit_exceeded",
    500: "internal_server_error",
}


def check_error_body(response: Observed) -> None:
    """`{"error": {"code", "message", "details"}}` with the code that matches the status."""
    if response.media_type != "application/json":
        raise AssertionError(
            f"{response.status} error is {response.media_type or 'untyped'}, not application/json"
        )
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        raise AssertionError(f"{response.status} error body has no 'error' object: {body!r:.200}")
    expected = CODE_FOR_STATUS.get(response.status)
    if expected and error.get("code") != expected:
        raise AssertionError(
            f"{response.status} error code is {error.get('code')!r}, expected {expected!r}"
        )
    if not isinstance(error.get("message"), str) or not error["message"]:
        raise AssertionError(f"{response.status} error has no message")
    if not isinstance(error.get("details", []), list):
        raise AssertionError(f"{response.status} error details is not a list")


def login(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    response = client.post("auth/login", json={"email": email, "password": password})
    if response.status_code != 200:
        raise UsageError(
            f"--credentials: logging in as {email} was refused "
            f"({response.status_code} {response.text[:120]!r})"
        )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def token_lifecycle(ctx: ScenarioContext) -> None:
    """Refresh rotates (the old refresh token dies); logout revokes the access token."""
    if ctx.credentials is None:
        ctx.skip("needs --credentials EMAIL:PASSWORD to open a session of its own")
    email, password = ctx.credentials
    opened = ctx.anonymous.post("auth/login", json={"email": email, "password": password})
    expect_status(opened, 200)
    tokens = opened.json()
    if tokens.get("token_type") != "Bearer" or tokens.get("expires_in") != 3600:
        raise AssertionError(f"login returned {tokens!r:.200}")
    rotated = ctx.anonymous.post("auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    expect_status(rotated, 200)
    reused = ctx.anonymous.post("auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    expect_error(ctx, reused, 401)
    bearer = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
    expect_status(ctx.anonymous.get("users/me", headers=bearer), 200)
    expect_status(ctx.anonymous.post("auth/logout", headers=bearer), 204)
    expect_error(ctx, ctx.anonymous.get("users/me", headers=bearer), 401)
    tampered = {"Authorization": bearer["Authorization"][:-2] + "xx"}
    expect_error(ctx, ctx.anonymous.get("users/me", headers=tampered), 401)


PAGES = PagedList(
    items_of=lambda body: body["data"],
    meta_of=lambda body: body["meta"],
    id_of=lambda item: item["id"],
)
MEMBERS = PagedList(
    items_of=lambda body: body["data"],
    meta_of=lambda body: body["meta"],
    id_of=lambda member: member["user_id"],
)
COUNTED_LISTS = ("users", "organizations", "webhooks")


def counts_agree_with_walks(ctx: ScenarioContext) -> None:
    """Every list's total and page count match a full walk of it, and each organization's
    member_count is the number of members its member list walks to."""
    walked = {path: len(walk_pages(ctx, path, PAGES)) for path in COUNTED_LISTS}
    organizations = ctx.client.get("organizations", params={"per_page": 100})
    expect_status(organizations, 200)
    for organization in organizations.json()["data"][:5]:
        members = walk_pages(ctx, f"organizations/{organization['id']}/members", MEMBERS)
        if len(members) != organization["member_count"]:
            raise AssertionError(
                f"organization {organization['id']}: member_count "
                f"{organization['member_count']}, its member list holds {len(members)}"
            )
    ctx.note(", ".join(f"{path} {count}" for path, count in walked.items()))


PROFILE = Profile(
    name="example",
    spec_file="example.yaml",
    check_error_body=check_error_body,
    default_credentials=("enterprise@example.com", "demo-password"),
    credentials_form="EMAIL:PASSWORD",
    login=login,
    exclude_operation_ids=("logout",),
    scenarios=(
        crud_round_trip(
            collection="resources",
            create_body={
                "name": "Conformance probe",
                "type": "standard",
                "metadata": {"probe": "yes"},
            },
            update_body={"name": "Conformance probe (renamed)", "status": "inactive"},
            id_of=lambda body: body["data"]["id"],
            item_of=lambda body: body["data"],
        ),
        page_number_pagination(
            path="resources",
            items_of=lambda body: body["data"],
            meta_of=lambda body: body["meta"],
            id_of=lambda item: item["id"],
        ),
        Scenario(
            "counts_agree_with_walks",
            counts_agree_with_walks,
            "totals, page counts and member_count match full walks",
        ),
        unknown_id_is_404(path="resources/res_doesnotexist0"),
        unauthenticated_is_401(path="resources"),
        rate_limit_headers_on_errors(path="resources/res_doesnotexist0"),
        Scenario(
            "token_lifecycle",
            token_lifecycle,
            "refresh rotates and rejects reuse; logout revokes the access token",
        ),
        rate_limit_counts_down(path="resources"),
        rate_limited_answer(path="users/me"),
    ),
)
