"""The conformance gate passes the TW mock (all phases, all checks, no flags) and fails
near-miss TW servers (real HTTP, real Schemathesis, the real CLI in its own process)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.support.gate import conform, junit_counts
from tests.support.server import LiveServer
from tests.support.tamper import Tamper

SCHEMA_ONLY = ("--phases", "examples,fuzzing", "--max-examples", "3")
SCENARIOS_ONLY = ("--scenarios-only",)


def tw_app():
    return create_app(
        definitions(["tw"]), replace(Settings(validate_responses=True)), standalone=True
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


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_the_gate_fails_against_a_wrong_server(name, tmp_path):
    edit, options, evidence = WRONG_SERVERS[name]
    with LiveServer(Tamper(tw_app(), edit=edit)) as server:
        result = conform("tw", f"{server.origin}/v1", *options, junit=tmp_path / "gate.xml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "DOES NOT CONFORM" in result.stdout
    assert evidence.lower() in output.lower(), output[-3000:]
    assert junit_counts(tmp_path / "gate.xml")[1] > 0
