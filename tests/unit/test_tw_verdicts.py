"""The token-bucket verdict judges simulated servers correctly (no Locust involved)."""

from __future__ import annotations

import math

from loadtests.observations import Observation
from loadtests.verdicts import TokenBucketLimit, bucket_phases, judge_token_bucket

LIMIT = TokenBucketLimit(rate=10.0, burst=20)


def simulate(
    rate: float = 10.0,
    burst: int = 20,
    offered: float = 30.0,
    sustained: float = 20.0,
    limited: bool = True,
    retry_after: int | None = 1,
    recovers: bool = True,
) -> list[Observation]:
    """What a token-bucket server answers to the suite's phases."""
    tokens, clock, out = float(burst), 1000.0, []

    def request(at: float) -> None:
        nonlocal tokens, clock
        tokens = min(burst, tokens + (at - clock) * rate)
        clock = at
        if tokens >= 1 or not limited:
            tokens -= 1
            out.append(Observation(at, at + 0.002, 200, burst, max(0, int(tokens)), None, None))
        else:
            wait = retry_after if retry_after is None else max(1, math.ceil((1 - tokens) / rate))
            out.append(Observation(at, at + 0.002, 429, burst, 0, None, wait))

    for i in range(2 * burst):
        request(1000.0 + i * 0.001)
    start = 1000.1
    count = int(offered * sustained)
    for i in range(count):
        request(start + i / offered)
    end = start + count / offered + 1.5
    for i in range(3):
        if recovers:
            request(end + i / rate)
        else:
            out.append(Observation(end + i, end + i, 429, burst, 0, None, 1))
    return out


def test_an_honest_bucket_passes():
    verdict = judge_token_bucket(simulate(), LIMIT)
    assert verdict.passed, verdict.failures
    assert any("burst: 20 of 40" in fact for fact in verdict.facts)


def test_the_phases_are_found():
    phases = bucket_phases(simulate(), LIMIT)
    assert len(phases.burst) == 40 and len(phases.recovery) == 3
    assert len(phases.sustained) == 600


def test_no_limit_fails():
    verdict = judge_token_bucket(simulate(limited=False), LIMIT)
    assert any("never answered 429" in f for f in verdict.failures)
    assert any(f.startswith("burst: 40 of 40") for f in verdict.failures)
    assert any(f.startswith("sustained:") for f in verdict.failures)


def test_a_bigger_bucket_fails():
    verdict = judge_token_bucket(simulate(burst=30), LIMIT)
    assert any("burst: 30 of 40" in f for f in verdict.failures)


def test_a_smaller_bucket_fails():
    verdict = judge_token_bucket(simulate(burst=15), LIMIT)
    assert any("only" in f for f in verdict.failures)


def test_a_faster_refill_fails_the_sustained_rate():
    verdict = judge_token_bucket(simulate(rate=11.0), LIMIT)
    assert any("sustained:" in f and "within 5%" in f for f in verdict.failures)


def test_a_slightly_different_rate_within_five_percent_passes():
    assert judge_token_bucket(simulate(rate=10.3), LIMIT).passed


def test_missing_retry_after_fails():
    verdict = judge_token_bucket(simulate(retry_after=None), LIMIT)
    assert any("no (integer) Retry-After" in f for f in verdict.failures)


def test_never_recovering_fails():
    verdict = judge_token_bucket(simulate(recovers=False), LIMIT)
    assert any("after waiting Retry-After" in f for f in verdict.failures)


def test_too_little_offered_load_is_not_a_pass():
    verdict = judge_token_bucket(simulate(offered=10.5), LIMIT)
    assert any("not enough above" in f for f in verdict.failures)
