"""Rate-limit headers read for their meaning, by the contract's facts (pure logic)."""

from __future__ import annotations

from email.utils import formatdate

from conformance.ratelimits import header_problems, plan_of, reset_problem
from contract import RateLimit, limits

EXAMPLE = limits("example")
TW = limits("tw")
NOW = 1_800_000_030.0
"""30 s into a minute: the current 60 s window resets at 1_800_000_060."""


def headers(**values: str) -> dict[str, str]:
    named = {k.replace("_", "-"): v for k, v in values.items()}
    return {"date": formatdate(NOW, usegmt=True), **named}


def example_headers(limit="60", remaining="59", reset="1800000060", **more):
    return headers(
        x_ratelimit_limit=limit, x_ratelimit_remaining=remaining, x_ratelimit_reset=reset, **more
    )


def test_the_documented_free_plan_answer_is_right():
    assert EXAMPLE is not None
    assert header_problems(EXAMPLE, EXAMPLE.plans, 200, example_headers()) == []


def test_the_limit_must_be_the_plan_in_force():
    assert EXAMPLE is not None
    enterprise = {"enterprise": EXAMPLE.plan("enterprise")}
    [problem] = header_problems(EXAMPLE, enterprise, 200, example_headers())
    assert "X-RateLimit-Limit '60' is the limit of no plan in force (enterprise 6000)" in problem


def test_a_token_bucket_advertises_its_capacity():
    assert TW is not None
    starter = TW.plan("starter")
    assert plan_of(TW, TW.plans, "20") == starter
    assert plan_of(TW, TW.plans, "10") is None


def test_an_unlimited_plan_may_send_no_headers_but_never_half_of_them():
    assert TW is not None
    assert header_problems(TW, TW.plans, 200, headers()) == []
    [problem] = header_problems(TW, TW.plans, 200, headers(x_ratelimit_limit="20"))
    assert "missing rate-limit headers ['X-RateLimit-Remaining']" in problem


def test_reset_is_epoch_seconds_inside_the_window():
    minute = RateLimit(60, 60)
    assert reset_problem("1800000060", minute, NOW) is None
    assert "not epoch seconds" in (reset_problem("1800000060.5", minute, NOW) or "")
    assert "not inside" in (reset_problem("30", minute, NOW) or "")
    assert "not inside" in (reset_problem("1800000060000", minute, NOW) or "")
    assert "not inside" in (reset_problem("1800000200", minute, NOW) or "")


def test_a_limited_answer_has_remaining_0_and_retry_after_agreeing_with_reset():
    assert EXAMPLE is not None
    right = example_headers(remaining="0", retry_after="30")
    assert header_problems(EXAMPLE, EXAMPLE.plans, 429, right) == []
    late = example_headers(remaining="0", retry_after="3600")
    assert any(
        "disagrees with X-RateLimit-Reset" in p
        for p in header_problems(EXAMPLE, EXAMPLE.plans, 429, late)
    )
    left = example_headers(remaining="3", retry_after="30")
    assert any("Remaining 3" in p for p in header_problems(EXAMPLE, EXAMPLE.plans, 429, left))
    missing = example_headers(remaining="0")
    assert any("Retry-After" in p for p in header_problems(EXAMPLE, EXAMPLE.plans, 429, missing))
