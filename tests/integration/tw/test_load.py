"""The TW Locust suite passes a correctly limited mock and fails servers whose bucket
is missing or bigger than documented (the real CLI, Locust in its own process)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mockserver.core.ratelimit import RateLimit
from tests.support.load import load
from tests.support.server import MockServer

pytestmark = pytest.mark.load

SCALED = "20/1s+10"
"""20 tokens per second, a bucket of 10: the documented shape, quicker to observe."""


def bucket(burst: int) -> dict[str, RateLimit]:
    """A Starter override refilling like SCALED, with a bucket of ``burst`` tokens."""
    return {"tw.starter": RateLimit(20, 1, burst=burst)}


def run_suite(
    tmp_path: Path, duration: int, *args: str, **settings: Any
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """The Starter suite, told to expect SCALED, against a TW mock with ``settings``."""
    with MockServer(["tw"], standalone=True, **settings) as server:
        return load(
            "tw",
            f"{server.origin}/v1",
            "--plan",
            "starter",
            "--limit",
            SCALED,
            "--duration",
            str(duration),
            *args,
            verdict=tmp_path / "v.json",
        )


def burst_accepted(lines: list[str]) -> int:
    """How many of the burst's 20 requests were accepted (the verdict's burst line)."""
    found = [m for m in (re.match(r"burst: (\d+) of 20", line) for line in lines) if m]
    assert found, lines
    return int(found[0].group(1))


def test_load_suite_passes_when_the_bucket_holds(tmp_path):
    report = tmp_path / "report.html"
    result, verdict = run_suite(tmp_path, 9, "--html", str(report), rate_limit_overrides=bucket(10))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["passed"], verdict
    # The bucket's 10, plus what refilled while the burst was in flight (the verdict bounds it).
    assert 10 <= burst_accepted(verdict["facts"]) < 15
    assert any("recovered" in fact for fact in verdict["facts"])
    assert report.stat().st_size > 1000


def test_load_suite_fails_against_a_server_without_the_limit(tmp_path):
    result, verdict = run_suite(tmp_path, 7, rate_limits_enabled=False)
    assert result.returncode == 1, result.stdout[-3000:]
    assert any("never answered 429" in failure for failure in verdict["failures"])
    # The sustained rate is measured over seconds, so it shows on a loaded machine too
    # (a slow burst leaves the bucket time to refill; the verdict then says so).
    assert any(f.startswith("sustained: ") for f in verdict["failures"]), verdict["failures"]


def test_load_suite_fails_when_the_bucket_is_too_big(tmp_path):
    result, verdict = run_suite(tmp_path, 7, rate_limit_overrides=bucket(15))
    assert result.returncode == 1
    assert burst_accepted(verdict["failures"]) >= 15
