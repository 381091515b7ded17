"""The WRGL gate passes the mock and fails near-miss servers (real HTTP, real
Schemathesis, the real `understudy conform` CLI in its own process)."""

from __future__ import annotations

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.support.gate import conform, junit_counts
from tests.support.server import LiveServer
from tests.support.tamper import Tamper

FAST = ("--phases", "examples,fuzzing", "--max-examples", "5")
"""The near-miss servers' gate: every one is caught by the examples or fuzzing phase (the
coverage phase, half of each run, added no evidence any of them needs)."""


def wrgl_app():
    return create_app(definitions(["wrgl"]), Settings(validate_responses=True), standalone=True)


def test_the_gate_passes_against_the_mock_with_no_flags(tmp_path):
    with LiveServer(wrgl_app()) as server:
        result = conform("wrgl", server.origin, "--max-examples", "10", junit=tmp_path / "gate.xml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "CONFORMS" in result.stdout
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.stdout, phase
    cases, failed = junit_counts(tmp_path / "gate.xml")
    assert cases > 8 and failed == 0


def problem_json_errors(scope, status, body):
    if status >= 400:
        return (
            status,
            {"type": "about:blank", "title": "Error", "detail": "x", "status": status},
            {"content-type": "application/problem+json"},
        )
    return status, body, None


def error_key_instead_of_message(scope, status, body):
    if status >= 400 and isinstance(body, dict):
        return status, {"error": body.get("message")}, None
    return status, body, None


def drop_content_hash(scope, status, body):
    if isinstance(body, dict):
        body.pop("contentHash", None)
    return status, body, None


class IgnoreRange:
    """A server that never honours `Range`: every download is the whole file with 200."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"range"]}
        await self.app(scope, receive, send)


WRONG_SERVERS = {
    "problem+json errors": (
        lambda app: Tamper(app, edit=problem_json_errors),
        "Custom check failed: `error_envelope`",
    ),
    "JSON errors without message": (
        lambda app: Tamper(app, edit=error_key_instead_of_message),
        "error body has no 'message'",
    ),
    "no contentHash": (
        lambda app: Tamper(app, edit=drop_content_hash),
        '"contentHash" is a required property',
    ),
    "Range ignored": (IgnoreRange, "FAIL ranged_download"),
}


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_the_gate_fails_against_a_wrong_server(name, tmp_path):
    wrap, evidence = WRONG_SERVERS[name]
    with LiveServer(wrap(wrgl_app())) as server:
        result = conform("wrgl", server.origin, *FAST, junit=tmp_path / "gate.xml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "DOES NOT CONFORM" in result.stdout
    assert evidence.lower() in output.lower(), output[-3000:]
    assert junit_counts(tmp_path / "gate.xml")[1] > 0
