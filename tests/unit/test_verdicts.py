"""The load-test verdicts judge observations correctly (no Locust involved)."""

from __future__ import annotations

import pytest

import contract
from loadtests import suites
from loadtests.collect import Collector, Outbox
from loadtests.ietf import check as check_ietf
from loadtests.limits import LimitError, documented
from loadtests.observations import Observation
from loadtests.report.progress import Progress
from loadtests.report.summary import classify, summarize
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


# -- limits come from the contract ------------------------------------------------------


def test_documented_limits_are_the_contracts():
    for api in suites.names():
        facts = contract.limits(api)
        checked = documented(api)
        assert checked.limit == facts.plan() and checked.limited_status == facts.limited.status
    assert documented("teamworklive").limited_status == 503
    assert documented("tw", "pro").bucket().burst == contract.limits("tw").plan("pro").burst


@pytest.mark.parametrize(
    ("api", "text", "expected"),
    [
        ("teamworklive", "6000/1h", (6000, 3600.0, None)),
        ("example", "20/5s", (20, 5.0, None)),
        ("tw", "4/1s+8", (4, 1.0, 8)),
        ("tw", "20/5s", (20, 5.0, 8)),  # no burst: the documented plan's bucket/rate ratio
    ],
)
def test_a_limit_given_on_the_command_line_uses_the_contract_grammar(api, text, expected):
    limit = documented(api, "", text).limit
    assert (limit.limit, limit.period, limit.burst) == expected


@pytest.mark.parametrize(
    ("api", "plan", "text", "words"),
    [
        ("example", "", "20/5x", "not a rate limit"),
        ("example", "", "4/1s+8", "fixed windows"),
        ("example", "gold", "", "unknown plan 'gold'"),
        ("tw", "enterprise", "", "no documented limit"),
    ],
)
def test_limits_that_cannot_be_checked_are_usage_errors(api, plan, text, words):
    with pytest.raises(LimitError, match=words):
        documented(api, plan, text)


def test_a_suite_exists_exactly_for_the_apis_whose_contract_declares_limits():
    limited = [api for api in contract.names() if contract.limits(api) is not None]
    modules = sorted(p.stem for p in suites.SUITES_DIR.glob("*.py") if p.stem != "__init__")
    assert suites.names() == limited == modules


# -- answers: accepted, expected-limited, or wrong with a reason -------------------------


def observation(at: float, status: int, retry: int | None = None) -> Observation:
    return Observation(at, at + 0.01, status, None, None, None, retry)


def test_answers_are_classified_with_reasons():
    limit = documented("example", "", "2/10s")
    answers = classify(
        [
            observation(1000.0, 200),
            observation(1000.1, 200),
            observation(1000.2, 200),  # third in a window of two
            observation(1000.3, 429, retry=9),
            observation(1000.4, 429),  # no Retry-After
            observation(1000.5, 502),
            observation(1000.6, 404),
        ],
        limit,
    )
    assert [(a.kind, a.reason) for a in answers] == [
        ("accepted", ""),
        ("accepted", ""),
        ("wrong", "200 over the limit of 2"),
        ("limited", ""),
        ("wrong", "429 without Retry-After"),
        ("wrong", "502 server error"),
        ("wrong", "unexpected status 404"),
    ]


def test_wrong_answers_violate_even_when_the_window_judge_saw_nothing_amiss():
    limit = documented("example", "", "5/10s")
    observations = [o for o in honest_server(3, 30)] + [observation(1010.5, 500)]
    report = summarize("t", observations, limit, failures=[], facts=[])
    assert report.verdict == "LIMIT VIOLATED"
    assert report.reasons == ["1 wrong answers: 500 server error"]
    first = report.windows[0]
    assert first.accepted <= 5 and report.limited == sum(w.limited for w in report.windows)


def test_a_run_with_a_tool_failure_says_so_and_not_violated():
    report = summarize("t", [], documented("example"), [], [], tool_failure="no observations")
    assert report.verdict == "TOOL FAILURE" and not report.passed


# -- IETF RateLimit fields ---------------------------------------------------------------


def ietf(status: int, policy: str | None, state: str | None) -> Observation:
    return Observation(1000.0, 1000.0, status, None, None, None, 3, policy, state)


def test_consistent_ietf_fields_pass_and_are_reported():
    seen = [
        ietf(200, '"free";q=10;w=3', '"free";r=9;t=3'),
        ietf(429, '"free";q=10;w=3', '"free";r=0;t=2'),
    ]
    failures, facts = check_ietf(seen, 10, 3.0, 429)
    assert failures == [] and "q=10;w=3" in facts[0]


@pytest.mark.parametrize(
    ("seen", "words"),
    [
        ([ietf(200, '"free";q=20;w=3', '"free";r=9;t=3')], "documented q=10;w=3"),
        ([ietf(429, '"free";q=10;w=3', '"free";r=4;t=2')], "limited answer says RateLimit r=4"),
        ([ietf(200, '"free";q=10;w=3', '"free";r=11;t=2')], "exceeds the policy's q=10"),
        ([ietf(200, '"free";q=10;w=3', '"free";r=1;t=30')], "t=30 is outside"),
        ([ietf(200, '"free";q=ten', None)], "do not parse"),
    ],
)
def test_inconsistent_ietf_fields_fail(seen, words):
    failures, _ = check_ietf(seen, 10, 3.0, 429)
    assert any(words in f for f in failures), failures


def test_no_ietf_fields_means_no_ietf_check():
    assert check_ietf(honest_server(3, 10), 5, 10.0, 429) == ([], [])


# -- observations gathered from workers --------------------------------------------------


def test_the_collector_accounts_for_each_worker():
    collector, early, late = Collector(), Outbox(), Outbox()
    early.pending += honest_server(3, 2)
    collector.receive("w1", early.take(final=False))  # then it left without a final batch
    collector.joined("w2")  # joined late
    late.pending += honest_server(3, 1)
    collector.receive("w2", late.take(final=True))
    assert collector.awaiting({"w1", "w2"}) == {"w1"}
    summaries = {s.name: s for s in collector.summaries()}
    assert not summaries["w1"].finished and summaries["w2"].finished
    assert summaries["w2"].joined is not None
    assert (
        len(collector.observations) == summaries["w1"].observations + summaries["w2"].observations
    )


def test_the_progress_line_counts_each_answer_once_and_tells_the_time_left():
    progress = Progress("Example", period=3.0, run_seconds=9.0, limited_status=429)
    seen = [observation(1000.0, 200), observation(1000.1, 429, retry=2)]
    progress.count(seen)
    seen.append(observation(1000.2, 200))
    progress.count(seen)
    assert progress.line(4.2) == "Example: window 2 of 3, 2 accepted, 1 limited, 5s left"
    assert progress.line(30.0).startswith("Example: window 3 of 3")
