"""The conformance gate passes the TW mock (all phases, all checks, no flags) and fails
near-miss TW servers (real HTTP, real Schemathesis, the real CLI in its own process)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.ratelimit import RateLimit
from mockserver.settings import Settings
from tests.support.gate import conform, junit_counts
from tests.support.server import LiveServer
from tests.support.tamper import Tamper

SCHEMA_ONLY = ("--phases", "examples,fuzzing", "--max-examples", "3")
SCENARIOS_ONLY = ("--scenarios-only",)
STARTER = ("--header", "Authorization: Bearer tw_starter_demo")
"""A limited key, so every counted response carries the rate-limit headers."""
ROOMY = {"tw.starter": RateLimit(100_000, 1, burst=100_000)}
"""The Starter bucket too big to empty: headers on every answer, never a 429."""
TINY = {"tw.starter": RateLimit(1, 60, burst=1)}
"""A Starter bucket of one token a minute: nearly every answer is a 429."""
ROOMY_FLAG = ("--limit", "100000/1s+100000")
TINY_FLAG = ("--limit", "1/1m+1")
"""How the gate is told the limit these servers apply instead of the Starter plan's."""


def tw_app(**settings):
    return create_app(
        definitions(["tw"]), replace(Settings(validate_responses=True), **settings), standalone=True
    )


def test_the_gate_passes_against_the_mock(tmp_path):
    with LiveServer(tw_app()) as server:
        result = conform(
            "tw", f"{server.origin}/v1", "--max-examples", "5", junit=tmp_path / "gate.xml"
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "CONFORMS" in result.stdout
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.stdout, output[-3000:]
    cases, failed = junit_counts(tmp_path / "gate.xml")
    assert cases > 20 and failed == 0


def problem_json_errors(scope, status, body):
    if status >= 400:
        return (
            status,
            {"type": "about:blank", "title": "Error", "status": status},
            {"content-type": "application/problem+json"},
        )
    return status, body, None


def wrong_error_code(scope, status, body):
    if status == 404:
        body = {**body, "code": "RESOURCE_NOT_FOUND"}
    return status, body, None


def created_as_200(scope, status, body):
    return (200 if status == 201 else status), body, None


def drop_has_more(scope, status, body):
    if isinstance(body, dict) and "has_more" in body:
        body.pop("has_more")
    return status, body, None


def offsets_stuck_at_zero(scope, status, body):
    if isinstance(body, dict) and "offset" in body and "total" in body:
        body["offset"] = 0
    return status, body, None


def lose_the_last_row(scope, status, body):
    if scope["path"].endswith("/rows/query") and isinstance(body, dict) and body.get("data"):
        body["data"] = body["data"][:-1]
    return status, body, None


WRONG_SERVERS = {
    "problem+json errors": (problem_json_errors, SCHEMA_ONLY, "error"),
    "wrong error code": (wrong_error_code, SCENARIOS_ONLY, "RESOURCE_NOT_FOUND"),
    "201 answered as 200": (created_as_200, SCHEMA_ONLY, "status"),
    "page without has_more": (drop_has_more, SCHEMA_ONLY, "has_more"),
    "cursor pages restart at offset 0": (offsets_stuck_at_zero, SCENARIOS_ONLY, "offset"),
    "rows do not all come back": (lose_the_last_row, SCENARIOS_ONLY, "rows_round_trip"),
}


def assert_gate_fails(app, options, evidence, junit):
    """The gate run with ``options`` against ``app`` fails, showing ``evidence``."""
    with LiveServer(app) as server:
        result = conform("tw", f"{server.origin}/v1", *options, junit=junit)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "DOES NOT CONFORM" in result.stdout
    assert evidence.lower() in output.lower(), output[-3000:]
    assert junit_counts(junit)[1] > 0


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_the_gate_fails_against_a_wrong_server(name, tmp_path):
    edit, options, evidence = WRONG_SERVERS[name]
    assert_gate_fails(Tamper(tw_app(), edit=edit), options, evidence, tmp_path / "gate.xml")


def test_the_gate_with_a_limited_key_passes_the_mock(tmp_path):
    """The control for the next tests: the same run, untouched server, passes."""
    with LiveServer(tw_app(rate_limit_overrides=ROOMY)) as server:
        result = conform("tw", f"{server.origin}/v1", *STARTER, *SCHEMA_ONLY, *ROOMY_FLAG)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def remaining_above_the_limit(scope, status, body):
    return status, body, {"X-RateLimit-Remaining": "100001"}


def a_token_left_on_429(scope, status, body):
    return status, body, ({"X-RateLimit-Remaining": "1"} if status == 429 else None)


WRONG_LIMIT_HEADERS = {
    "a limited answer without X-RateLimit-Remaining": (
        ROOMY,
        {"strip_headers": ("x-ratelimit-remaining",)},
        "Missing rate-limit headers ['X-RateLimit-Remaining']",
    ),
    "X-RateLimit-Remaining above the limit": (
        ROOMY,
        {"edit": remaining_above_the_limit},
        "X-RateLimit-Remaining '100001' is not within Limit '100000'",
    ),
    "a 429 that says a token is left": (
        TINY,
        {"edit": a_token_left_on_429},
        "over the limit with X-RateLimit-Remaining 1",
    ),
    "a 429 without Retry-After": (
        TINY,
        {"strip_headers": ("retry-after",)},
        "429 over the limit without Retry-After",
    ),
}


@pytest.mark.parametrize("name", list(WRONG_LIMIT_HEADERS))
def test_the_gate_with_a_limited_key_fails_on_wrong_limit_headers(name, tmp_path):
    limits, tampering, evidence = WRONG_LIMIT_HEADERS[name]
    app = Tamper(tw_app(rate_limit_overrides=limits), **tampering)
    options = (*STARTER, *SCHEMA_ONLY, *(ROOMY_FLAG if limits is ROOMY else TINY_FLAG))
    assert_gate_fails(app, options, evidence, tmp_path / "gate.xml")
