"""The TW Locust suite passes a correctly limited mock and fails servers whose bucket
is missing or bigger than documented (the real CLI, Locust in its own process)."""

from __future__ import annotations

import pytest

from mockserver.core.ratelimit import RateLimit
from tests.support.load import load
from tests.support.server import MockServer

pytestmark = pytest.mark.load

SCALED = "20/1s+10"
"""20 tokens per second, a bucket of 10: the documented shape, quicker to observe."""


def test_load_suite_passes_when_the_bucket_holds(tmp_path):
    with MockServer(
        ["tw"], standalone=True, rate_limit_overrides={"tw.starter": RateLimit(20, 1, burst=10)}
    ) as server:
        result, verdict = load(
            "tw",
            f"{server.origin}/v1",
            "--plan",
            "starter",
            "--limit",
            SCALED,
            "--duration",
            "9",
            "--html",
            str(tmp_path / "report.html"),
            verdict=tmp_path / "v.json",
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["passed"], verdict
    facts = " ".join(verdict["facts"])
    assert "burst: 10 of 20" in facts and "recovered" in facts
    assert (tmp_path / "report.html").stat().st_size > 1000


def test_load_suite_fails_against_a_server_without_the_limit(tmp_path):
    with MockServer(["tw"], standalone=True, rate_limits_enabled=False) as server:
        result, verdict = load(
            "tw",
            f"{server.origin}/v1",
            "--plan",
            "starter",
            "--limit",
            SCALED,
            "--duration",
            "7",
            verdict=tmp_path / "v.json",
        )
    assert result.returncode == 1, result.stdout[-3000:]
    assert any("never answered 429" in failure for failure in verdict["failures"])
    assert any(failure.startswith("burst: 20 of 20") for failure in verdict["failures"])


def test_load_suite_fails_when_the_bucket_is_too_big(tmp_path):
    with MockServer(
        ["tw"], standalone=True, rate_limit_overrides={"tw.starter": RateLimit(20, 1, burst=15)}
    ) as server:
        result, verdict = load(
            "tw",
            f"{server.origin}/v1",
            "--plan",
            "starter",
            "--limit",
            SCALED,
            "--duration",
            "7",
            verdict=tmp_path / "v.json",
        )
    assert result.returncode == 1
    assert any("burst: 15 of 20" in failure for failure in verdict["failures"])
