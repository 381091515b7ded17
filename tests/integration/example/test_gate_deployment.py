"""The gate pointed at a deployment (not the local mock): its demo accounts do not
exist, so the gate must use the credentials it is given and never a demo login (real
HTTP, the real CLI, Schemathesis in its own process)."""

from __future__ import annotations

import json
from dataclasses import replace
from xml.etree import ElementTree

import httpx
import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.ratelimit import RateLimit
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer
from tests.support.tamper import RefuseRequests, Rewrite, not_the_mock

DEMO_EMAILS = {"demo@example.com", "pro@example.com", "enterprise@example.com"}
USER = {"email": "ci-bot@deployment.test", "username": "cibot", "password": "a-Long-secret-42"}
FAST = ("--phases", "examples", "--max-examples", "2", "--limit", "1000000000/1m")


def refuse_demo_logins(scope, body):
    """The deployment has no demo accounts: their logins are a 401, as for any unknown."""
    if scope["path"].endswith("/auth/login"):
        try:
            email = json.loads(body or b"{}").get("email")
        except (ValueError, AttributeError):
            return None
        if email in DEMO_EMAILS:
            error = {"error": {"code": "authentication_required", "message": "no such user"}}
            return 401, {"content-type": "application/json"}, json.dumps(error).encode()
    return None


@pytest.fixture(scope="module")
def deployment():
    settings = replace(
        Settings(validate_responses=True),
        rate_limit_overrides={"example.free": RateLimit(10**9, 60)},
    )
    app = create_app(definitions(["example"]), settings, standalone=True)
    with LiveServer(RefuseRequests(Rewrite(app, not_the_mock), refuse_demo_logins)) as server:
        url = f"{server.origin}/v1"
        httpx.post(f"{url}/auth/register", json=USER).raise_for_status()
        yield url


def test_the_deployment_refuses_demo_logins_and_is_not_the_mock(deployment):
    demo = {"email": "enterprise@example.com", "password": "demo-password"}
    assert httpx.post(f"{deployment}/auth/login", json=demo).status_code == 401
    login = {"email": USER["email"], "password": USER["password"]}
    assert httpx.post(f"{deployment}/auth/login", json=login).status_code == 200
    assert httpx.get(deployment.replace("/v1", "/__admin/health")).status_code == 404


def test_without_credentials_the_gate_names_the_flag(deployment):
    result = conform("example", deployment, *FAST)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "not the local Understudy mock" in line and "--credentials" in line
    assert "Traceback" not in result.stderr


def test_with_credentials_the_gate_passes(deployment, tmp_path):
    credentials = f"{USER['email']}:{USER['password']}"
    result = conform(
        "example", deployment, *FAST, "--credentials", credentials, junit=tmp_path / "gate.xml"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "(a deployment)" in result.stdout and "CONFORMS" in result.stdout
    assert "ok   token_lifecycle" in result.stdout


def test_with_a_bearer_header_the_gate_passes_and_skips_the_session_scenario(deployment):
    login = {"email": USER["email"], "password": USER["password"]}
    token = httpx.post(f"{deployment}/auth/login", json=login).json()["access_token"]
    header = ("--header", f"Authorization: Bearer {token}")
    result = conform("example", deployment, *FAST, *header)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "SKIP token_lifecycle" in result.stdout
    assert "--credentials EMAIL:PASSWORD to open a session" in result.stdout
    assert "CONFORMS (2 skipped; --strict fails on skips)" in result.stdout


def test_strict_turns_a_skip_into_a_failure(deployment, tmp_path):
    login = {"email": USER["email"], "password": USER["password"]}
    token = httpx.post(f"{deployment}/auth/login", json=login).json()["access_token"]
    header = ("--header", f"Authorization: Bearer {token}")
    junit = tmp_path / "gate.xml"
    result = conform(
        "example", deployment, "--scenarios-only", *FAST, *header, "--strict", junit=junit
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "DOES NOT CONFORM (--strict: 2 skipped)" in result.stdout
    cases = {c.get("name"): c for c in ElementTree.parse(junit).getroot().iter("testcase")}
    skipped = cases["token_lifecycle"].find("skipped")
    assert skipped is not None and "--credentials" in skipped.get("message", "")
    assert cases["token_lifecycle"].get("classname") == "example.token_lifecycle"
