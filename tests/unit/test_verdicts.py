"""The load-test verdicts judge observations correctly (no Locust involved)."""

from __future__ import annotations

from loadtests.observations import Observation
from loadtests.verdicts import FixedWindowLimit, judge_fixed_window

LIMIT = FixedWindowLimit(limit=5, period=10)


def honest_server(
    requests_per_second: float,
    seconds: float,
    start: float = 995.0,
    limit: int = 5,
    period: float = 10,
) -> list[Observation]:
    """What a correct fixed-window server answers to a steady stream of requests."""
    observations, used, t = [], {}, start
    while t < start + seconds:
        window = int(t // period)
        reset = (window + 1) * int(period)
        count = used.get(window, 0)
        if count < limit:
            used[window] = count + 1
            observations.append(
                Observation(t, t + 0.001, 200, limit, limit - count - 1, reset, None)
            )
        else:
            retry = max(1, int(reset - t + 0.999))
            observations.append(Observation(t, t + 0.001, 429, limit, 0, reset, retry))
        t += 1 / requests_per_second
    return observations


def test_a_correct_server_passes():
    verdict = judge_fixed_window(honest_server(3, 30), LIMIT)
    assert verdict.passed, verdict.failures


def test_a_server_without_any_limit_fails():
    observations = [
        Observation(1000 + i / 3, 1000 + i / 3, 200, None, None, None, None) for i in range(90)
    ]
    verdict = judge_fixed_window(observations, LIMIT)
    assert not verdict.passed
    assert any("never answered 429" in f for f in verdict.failures)


def test_a_server_letting_one_too_many_through_fails():
    observations = honest_server(3, 30, limit=6)
    verdict = judge_fixed_window(observations, LIMIT)
    assert any("successes, limit is 5" in f for f in verdict.failures)


def test_a_server_limiting_too_early_fails():
    verdict = judge_fixed_window(honest_server(3, 30, limit=4), LIMIT)
    assert any("documented limit is 5" in f for f in verdict.failures)


def test_missing_retry_after_fails():
    observations = [
        o if o.status == 200 else Observation(o.sent, o.received, 429, o.limit, 0, o.reset, None)
        for o in honest_server(3, 30)
    ]
    verdict = judge_fixed_window(observations, LIMIT)
    assert any("Retry-After" in f for f in verdict.failures)


def test_a_server_that_never_recovers_fails():
    observations = honest_server(3, 30)
    first_denied = next(o for o in observations if o.status == 429)
    stuck = [
        o if o.sent < first_denied.sent else Observation(o.sent, o.received, 429, 5, 0, o.reset, 3)
        for o in observations
    ]
    verdict = judge_fixed_window(stuck, LIMIT)
    assert any("no request succeeded after" in f for f in verdict.failures)


def test_a_run_too_short_to_see_recovery_fails():
    verdict = judge_fixed_window(honest_server(3, 3, start=1000.5), LIMIT)
    assert any("ended before Retry-After" in f for f in verdict.failures)


def test_wrong_status_for_the_limit_fails():
    observations = [
        o if o.status == 200 else Observation(o.sent, o.received, 503, 5, 0, o.reset, o.retry_after)
        for o in honest_server(3, 30)
    ]
    verdict = judge_fixed_window(observations, LIMIT)
    assert not verdict.passed
    assert any("unexpected statuses [503]" in f for f in verdict.failures)


def test_windows_entered_late_still_count_as_saturated_when_every_success_was_seen():
    # A busy load generator: each window's first request leaves 3 s after the window
    # began (no early request, no countdown header), yet all 5 successes were observed.
    late = FixedWindowLimit(limit=5, period=10, reports_remaining=False)
    observations = []
    for window_start in (1000, 1010, 1020, 1030):
        for i in range(20):
            sent = window_start + 3 + i / 3
            if i < 5:
                observations.append(Observation(sent, sent, 200, None, None, None, None))
            else:
                retry = int(window_start + 10 - sent + 0.999)
                observations.append(Observation(sent, sent, 429, None, None, None, retry))
    verdict = judge_fixed_window(observations, late)
    assert verdict.passed, verdict.failures
    assert any("4 saturated" in fact for fact in verdict.facts), verdict.facts


def test_a_late_window_with_too_few_successes_is_not_judged_but_a_whole_one_is():
    late = FixedWindowLimit(limit=5, period=10, reports_remaining=False)
    observations = [
        Observation(o.sent, o.received, o.status, None, None, None, o.retry_after)
        for o in honest_server(3, 40, start=1000.0, limit=4)
    ]
    verdict = judge_fixed_window(observations, late)
    assert any("limited after 4 successes" in f for f in verdict.failures)
