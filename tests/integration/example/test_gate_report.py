"""What the gate reports: refused credentials fail it with a message about them, the
summary names each part and the first failure of each kind with a reproducer, and the
JUnit file has one suite per API with classnames naming API and operation (real HTTP,
the real CLI, Schemathesis in its own process)."""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.ratelimit import RateLimit
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer
from tests.support.tamper import Tamper

ONE = ("--phases", "examples", "--max-examples", "1", "--limit", "1000000000/1m")


def example_app():
    settings = replace(
        Settings(validate_responses=True),
        rate_limit_overrides={"example.enterprise": RateLimit(10**9, 60)},
    )
    return create_app(definitions(["example"]), settings, standalone=True)


@pytest.fixture(scope="module")
def mock():
    with LiveServer(example_app()) as server:
        yield f"{server.origin}/v1"


def test_credentials_every_operation_refuses_fail_the_gate(mock):
    result = conform("example", mock, *ONE, "--header", "Authorization: Bearer not-a-token")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "FAIL credentials_accepted" in result.stdout
    assert "answered only 401/403: the server refuses the credentials given" in result.stdout
    assert "`--auth`" not in result.stdout
    assert "--credentials, --header 'Authorization: ...' or --api-key" in result.stdout


def problem_json_errors(scope, status, body):
    if status >= 400:
        problem = {"type": "about:blank", "title": "Error", "detail": "x", "status": status}
        return status, problem, {"content-type": "application/problem+json"}
    return status, body, None


def test_the_summary_and_junit_name_every_part(tmp_path):
    junit = tmp_path / "reports" / "gate.xml"
    with LiveServer(Tamper(example_app(), edit=problem_json_errors)) as server:
        result = conform("example", f"{server.origin}/v1", *ONE, junit=junit)
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert "Schemathesis: FAILED (exit 1)" in out
    assert "FAIL examples: " in out and "---- fuzzing: not selected (--phases)" in out
    assert "First failure of each kind:" in out
    assert "ST901 Custom check failed: `error_envelope`" in out
    assert "      curl -X " in out
    assert "Scenarios: " in out and "FAIL unknown_id_is_404" in out
    assert f"JUnit report: {junit}" in out
    assert "understudy-gate-" not in out  # no temporary report path is shown
    root = ElementTree.parse(junit).getroot()
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "example"
    cases = list(suite.iter("testcase"))
    assert all(c.get("classname", "").startswith("example.") for c in cases)
    classnames = {c.get("classname") for c in cases}
    assert {"example.GET /resources", "example.unknown_id_is_404"} <= classnames
    failed = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures", "0")) == len(failed) > 0
    skipped = [c.find("skipped") for c in cases if c.find("skipped") is not None]
    assert all(s.get("message") for s in skipped)
