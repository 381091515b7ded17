"""A deployment that also sends the IETF fields (draft-ietf-httpapi-ratelimit-headers:
``RateLimit-Policy`` and ``RateLimit``) has them checked against the documented limit
and against the answers: here the mock behind a proxy deriving them from its own
``X-RateLimit-*`` headers, honestly or with a wrong quota."""

from __future__ import annotations

import time

import pytest

from mockserver.core.ratelimit import RateLimit
from tests.support.load import load
from tests.support.server import LiveServer, MockServer
from tests.support.tamper import Rewrite

pytestmark = pytest.mark.load

PERIOD = 3


def with_ietf_fields(quota_factor: int):
    """An edit adding both fields; the policy's quota is ``quota_factor`` times the real one."""

    def edit(scope, status, headers, body):
        if "x-ratelimit-limit" in headers:
            quota = int(headers["x-ratelimit-limit"]) * quota_factor
            reset = max(0, int(headers["x-ratelimit-reset"]) - int(time.time()))
            headers["ratelimit-policy"] = f'"free";q={quota};w={PERIOD}'
            headers["ratelimit"] = f'"free";r={headers["x-ratelimit-remaining"]};t={reset}'
        return status, headers, body

    return edit


def run(tmp_path, quota_factor: int):
    overrides = {"example.free": RateLimit(10, PERIOD)}
    with (
        MockServer(["example"], standalone=True, rate_limit_overrides=overrides) as mock,
        LiveServer(Rewrite(mock.app, with_ietf_fields(quota_factor))) as proxy,
    ):
        return load(
            "example", f"{proxy.origin}/v1", "--limit", f"10/{PERIOD}s", "--duration", "7",
            verdict=tmp_path / "v.json",
        )  # fmt: skip


def test_consistent_ietf_fields_are_read_and_the_limit_holds(tmp_path):
    result, verdict = run(tmp_path, quota_factor=1)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert any("IETF RateLimit fields on" in f and "q=10;w=3" in f for f in verdict["facts"])


def test_a_policy_that_contradicts_the_documented_limit_fails(tmp_path):
    result, verdict = run(tmp_path, quota_factor=2)
    assert result.returncode == 1, result.stdout[-3000:]
    assert any(
        "RateLimit-Policy says q=20;w=3, documented q=10;w=3" in r for r in verdict["reasons"]
    ), verdict["reasons"]


def test_a_server_sending_only_the_ietf_fields_is_judged_by_them(tmp_path):
    """`understudy mock --ratelimit-headers ietf`: no X-RateLimit-*; Remaining is read
    from the `RateLimit` field's r, and the limit holds."""
    overrides = {"example.free": RateLimit(10, PERIOD)}
    with MockServer(
        ["example"], standalone=True, rate_limit_overrides=overrides, rate_limit_headers="ietf"
    ) as mock:
        result, verdict = load(
            "example", f"{mock.origin}/v1", "--limit", f"10/{PERIOD}s", "--duration", "7",
            verdict=tmp_path / "v.json",
        )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert any("IETF RateLimit fields on" in f and "q=10;w=3" in f for f in verdict["facts"])
