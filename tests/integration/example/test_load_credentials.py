"""The load suites' demo credentials are defaults only against the local Understudy mock
(recognised by its health answer, `contract.localmock`): a deployment without
``--credentials`` or ``--auth-header`` is one clear line and exit 2, from `understudy
load` and from the suite run by Locust itself; given credentials, it is driven and judged.
The "deployment" is the real mock behind a proxy whose health endpoint is not the mock's."""

from __future__ import annotations

import sys

import httpx
import pytest
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from loadtests import suites
from loadtests.exitcodes import ExitCode
from mockserver.core.ratelimit import RateLimit
from tests.support.load import load, load_command, run
from tests.support.server import LiveServer, MockServer

pytestmark = pytest.mark.load


class Deployment:
    """The app, except that `/__admin/health` is not Understudy's (a real deployment's)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/__admin/health":
            await JSONResponse({"status": "ok", "server": "nginx"})(scope, receive, send)
            return
        await self.app(scope, receive, send)


def refusal_lines(output: str) -> list[str]:
    assert "Traceback" not in output, output[-3000:]
    return [line for line in output.splitlines() if line.startswith("understudy load:")]


def test_a_deployment_without_credentials_is_refused_in_one_line():
    with MockServer(["example"], standalone=True) as mock, LiveServer(Deployment(mock.app)) as dep:
        result = run(load_command("example", "--url", f"{dep.origin}/v1", "--limit", "10/3s"))
        journal = httpx.get(f"{mock.origin}/__admin/requests").json()
    assert result.returncode == ExitCode.USAGE, result.stdout[-2000:] + result.stderr
    [line] = refusal_lines(result.stderr)
    assert "is not the local Understudy mock" in line and "--credentials" in line, line
    assert not [e for e in journal["requests"] if "/auth/login" in e["path"]], journal


def test_the_suite_run_by_locust_refuses_the_demo_credentials_too():
    with (
        MockServer(["teamworklive"], standalone=True) as mock,
        LiveServer(Deployment(mock.app)) as dep,
    ):
        result = run(
            [
                sys.executable, "-m", "locust", "-f", str(suites.suite_path("teamworklive")),
                "--headless", "--only-summary", "-H", dep.origin, "-u", "1", "-t", "5s",
            ],
            timeout=60,
        )  # fmt: skip
        journal = httpx.get(f"{mock.origin}/__admin/requests").json()
    assert result.returncode == ExitCode.USAGE, result.stdout[-2000:] + result.stderr
    [line] = refusal_lines(result.stderr)
    assert "is not the local Understudy mock serving teamworklive" in line, line
    assert not [e for e in journal["requests"] if "/me" in e["path"]], journal


def test_a_deployment_with_credentials_is_driven_and_judged(tmp_path):
    overrides = {"example.free": RateLimit(10, 3)}
    with (
        MockServer(["example"], standalone=True, rate_limit_overrides=overrides) as mock,
        LiveServer(Deployment(mock.app)) as dep,
    ):
        result, verdict = load(
            "example", f"{dep.origin}/v1", "--limit", "10/3s", "--duration", "7",
            "--credentials", "demo@example.com:demo-password", verdict=tmp_path / "v.json",
        )  # fmt: skip
    assert result.returncode == ExitCode.HOLDS, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["verdict"] == "LIMIT HOLDS"
