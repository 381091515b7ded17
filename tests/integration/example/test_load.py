"""The Locust suite passes a correctly limited server and fails an unlimited one."""

from __future__ import annotations

import pytest

from mockserver.core.ratelimit import RateLimit
from tests.support.load import load
from tests.support.server import MockServer

pytestmark = pytest.mark.load


def run_free_plan(tmp_path, duration: int, *extra: str, **settings):
    """`understudy load --plan free --limit 10/3s` against an Example-only mock."""
    with MockServer(["example"], standalone=True, **settings) as server:
        return load(
            "example",
            f"{server.origin}/v1",
            "--plan",
            "free",
            "--limit",
            "10/3s",
            "--duration",
            str(duration),
            *extra,
            verdict=tmp_path / "v.json",
        )


def test_load_suite_passes_when_the_limit_holds(tmp_path):
    result, verdict = run_free_plan(
        tmp_path,
        9,
        "--html",
        str(tmp_path / "report.html"),
        "--csv",
        str(tmp_path / "stats"),
        rate_limit_overrides={"example.free": RateLimit(10, 3)},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert verdict["passed"] and verdict["responses"] > 40
    assert any("recovered" in fact for fact in verdict["facts"])
    assert (tmp_path / "report.html").stat().st_size > 1000
    assert (tmp_path / "stats_windows.csv").exists() and (tmp_path / "stats_seconds.csv").exists()


def test_load_suite_fails_against_a_server_without_the_limit(tmp_path):
    result, verdict = run_free_plan(tmp_path, 5, rate_limits_enabled=False)
    assert result.returncode == 1, result.stdout[-3000:]
    assert not verdict["passed"]
    assert any("never answered 429" in failure for failure in verdict["failures"])
    assert verdict["verdict"] == "LIMIT VIOLATED" and verdict["wrong"] > 0


def test_load_suite_fails_when_the_server_allows_more_than_documented(tmp_path):
    result, verdict = run_free_plan(
        tmp_path, 8, rate_limit_overrides={"example.free": RateLimit(15, 3)}
    )
    assert result.returncode == 1
    assert any("limit is 10" in f or "documented 10" in f for f in verdict["failures"])
