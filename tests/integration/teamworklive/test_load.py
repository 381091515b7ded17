"""The Locust suite (the real `understudy load` CLI) passes a correctly limited TeamWork
Live server and fails wrong ones; its one-window mode serves the real hourly limit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.core.ratelimit import RateLimit
from tests.support.load import load
from tests.support.server import LiveServer, MockServer
from tests.support.tamper import Tamper

pytestmark = pytest.mark.load


def server(limit: RateLimit | None, **settings):
    overrides = {"teamworklive.standard": limit} if limit else {}
    return MockServer(["teamworklive"], standalone=True, rate_limit_overrides=overrides, **settings)


ONE_WINDOW = ("--", "--one-window", "--offered-rate", "40")
"""Locust options of the one-window mode, at 40 requests/s."""


def run_load(
    origin: str, tmp_path: Path, limit: str, duration: int, *extra: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`understudy load --api teamworklive` against ``origin``, documenting ``limit``."""
    arguments = ("--limit", limit, "--duration", str(duration), *extra)
    return load("teamworklive", origin, *arguments, verdict=tmp_path / "v.json")


def test_the_allowance_then_503_then_recovery_after_retry_after(tmp_path):
    with server(RateLimit(10, 3)) as mock:
        result, verdict = run_load(
            mock.origin, tmp_path, "10/3s", 9, "--html", str(tmp_path / "report.html")
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["passed"] and verdict["responses"] > 40
    saturated = [re.search(r"(\d+) saturated", fact) for fact in verdict["facts"]]
    assert max(int(m.group(1)) for m in saturated if m) >= 2
    assert any("recovered" in fact for fact in verdict["facts"])
    assert (tmp_path / "report.html").stat().st_size > 1000


def test_one_window_mode_sees_exactly_the_allowance_and_the_503s(tmp_path):
    # An hour-long window, as documented, scaled down to 60 requests; the mode does not
    # wait an hour for recovery and says so.
    with server(RateLimit(60, 3600)) as mock:
        result, verdict = run_load(mock.origin, tmp_path, "60/3600s", 5, *ONE_WINDOW)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert any("exactly 60 accepted, then 503" in fact for fact in verdict["facts"])
    assert any("recovery not observed" in fact for fact in verdict["facts"])


def test_a_server_without_the_limit_fails(tmp_path):
    with server(None, rate_limits_enabled=False) as mock:
        result, verdict = run_load(mock.origin, tmp_path, "10/3s", 4)
    assert result.returncode == 1 and not verdict["passed"]
    assert any("never answered 503" in failure for failure in verdict["failures"])


def test_a_server_allowing_more_than_documented_fails(tmp_path):
    with server(RateLimit(15, 3)) as mock:
        result, verdict = run_load(mock.origin, tmp_path, "10/3s", 7)
    assert result.returncode == 1
    assert any("limit is 10" in f or "documented limit is 10" in f for f in verdict["failures"])


def as_429(scope, status, body):
    return (429 if status == 503 else status), body, None


@pytest.mark.parametrize(
    ("tamper", "evidence"),
    [
        ({"edit": as_429}, "unexpected statuses [429]"),
        ({"strip_headers": ("retry-after",)}, "no (integer) Retry-After"),
    ],
    ids=["429 instead of 503", "no Retry-After"],
)
def test_a_wrong_rate_limit_answer_fails(tmp_path, tamper, evidence):
    with server(RateLimit(10, 3)) as mock, LiveServer(Tamper(mock.app, **tamper)) as wrong:
        result, verdict = run_load(wrong.origin, tmp_path, "10/3s", 4)
    assert result.returncode == 1 and not verdict["passed"]
    assert any(evidence in failure for failure in verdict["failures"]), verdict


def test_one_window_mode_fails_when_the_account_already_spent_part_of_it(tmp_path):
    with server(RateLimit(60, 3600)) as mock:
        for _ in range(5):
            httpx.get(mock.origin + "/me.json", auth=("demo@teamworklive.test", "twl_demo_key"))
        result, verdict = run_load(mock.origin, tmp_path, "60/3600s", 4, *ONE_WINDOW)
    assert result.returncode == 1
    assert any("limited after 55 successes" in failure for failure in verdict["failures"])
