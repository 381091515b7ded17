"""The conformance gate passes the mock and fails near-miss servers (real HTTP, real
Schemathesis, the real CLI in its own process)."""

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

UNLIMITED = RateLimit(10**9, 60)
"""The enterprise demo account's limit on these servers, so fuzzing is never limited."""
FAST = (
    "--phases",
    "examples,fuzzing",
    "--max-examples",
    "5",
    "--limit",
    "1000000000/1m",
)
"""The near-miss servers' gate: each is caught by the examples or fuzzing phase (the
coverage phase, about half of each run, added no evidence any of them needs)."""


def example_app():
    settings = replace(
        Settings(validate_responses=True),
        rate_limit_overrides={"example.enterprise": UNLIMITED},
    )
    return create_app(definitions(["example"]), settings, standalone=True)


def test_the_gate_passes_against_the_mock(tmp_path):
    with LiveServer(example_app()) as server:
        result = conform(
            "example",
            f"{server.origin}/v1",
            "--max-examples",
            "10",
            "--limit",
            "1000000000/1m",
            junit=tmp_path / "gate.xml",
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "CONFORMS" in result.stdout
    cases, failed = junit_counts(tmp_path / "gate.xml")
    assert cases > 20 and failed == 0


def drop_meta_total(scope, status, body):
    if isinstance(body, dict) and isinstance(body.get("meta"), dict):
        body["meta"].pop("total", None)
    return status, body, None


def created_as_200(scope, status, body):
    return (200 if status == 201 else status), body, None


def problem_json_errors(scope, status, body):
    if status >= 400:
        return (
            status,
            {"type": "about:blank", "title": "Error", "detail": "x", "status": status},
            {"content-type": "application/problem+json"},
        )
    return status, body, None


WRONG_SERVERS = {
    "missing required field": (dict(edit=drop_meta_total), "total"),
    "wrong status code": (dict(edit=created_as_200), "status"),
    "problem+json errors": (dict(edit=problem_json_errors), "error"),
    "no rate-limit headers": (dict(strip_headers=("x-ratelimit-remaining",)), "rate-limit headers"),
}


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_the_gate_fails_against_a_wrong_server(name, tmp_path):
    options, evidence = WRONG_SERVERS[name]
    with LiveServer(Tamper(example_app(), **options)) as server:
        result = conform("example", f"{server.origin}/v1", *FAST, junit=tmp_path / "gate.xml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "DOES NOT CONFORM" in result.stdout
    assert evidence.lower() in output.lower(), output[-3000:]
    assert junit_counts(tmp_path / "gate.xml")[1] > 0
