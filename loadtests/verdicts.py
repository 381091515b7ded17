"""Judging a run: does what the server answered match the documented limit?

Pure functions over observations (no Locust here), so they are unit-tested and
shared by every API's locustfile.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from loadtests.observations import Observation


@dataclass
class Verdict:
    """The outcome: failures (empty = the limit holds) and facts worth printing."""

    failures: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def fail(self, message: str) -> None:
        if message not in self.failures:
            self.failures.append(message)

    def report(self, title: str) -> str:
        lines = [f"== {title}: {'LIMIT HOLDS' if self.passed else 'LIMIT VIOLATED'} =="]
        lines += [f"  {fact}" for fact in self.facts]
        lines += [f"  FAIL: {failure}" for failure in self.failures]
        return "\n".join(lines)


@dataclass(frozen=True)
class FixedWindowLimit:
    """`limit` requests per `period` seconds, windows aligned to the clock."""

    limit: int
    period: float
    limited_status: int = 429
    reports_remaining: bool = True
    """Whether successes carry Remaining/Reset headers (Example API: yes)."""


def judge_fixed_window(observations: Sequence[Observation], spec: FixedWindowLimit) -> Verdict:
    """Exactly ``limit`` successes in every saturated window, then the limited status
    with a sane Retry-After, and success again after the window resets."""
    verdict = Verdict()
    limited = [o for o in observations if o.status == spec.limited_status]
    other = [
        o for o in observations if not 200 <= o.status < 300 and o.status != spec.limited_status
    ]
    if other:
        statuses = sorted({o.status for o in other})
        verdict.fail(f"{len(other)} responses had unexpected statuses {statuses}")
    if not limited:
        verdict.fail(
            f"the server never answered {spec.limited_status}: offered load above "
            f"{spec.limit}/{spec.period:g}s was never limited"
        )
    _check_retry_after(limited, spec.period, verdict)
    windows = _by_window(observations, spec)
    saturated = 0
    for window, members in sorted(windows.items()):
        successes = [o for o in members if 200 <= o.status < 300]
        denied = [o for o in members if o.status == spec.limited_status]
        if len(successes) > spec.limit:
            verdict.fail(f"window {window}: {len(successes)} successes, limit is {spec.limit}")
        if spec.reports_remaining:
            _check_countdown(window, successes, spec, verdict)
        if denied and _window_fully_observed(window, members, spec):
            saturated += 1
            if len(successes) != spec.limit:
                verdict.fail(
                    f"window {window}: limited after {len(successes)} successes, "
                    f"documented limit is {spec.limit}"
                )
    verdict.facts.append(f"{len(windows)} windows seen, {saturated} saturated and fully observed")
    _check_recovery(observations, spec, verdict)
    return verdict


def _window_of(observation: Observation, spec: FixedWindowLimit) -> int:
    if observation.reset is not None:
        return observation.reset
    return int(math.floor(observation.received / spec.period) + 1) * int(spec.period)


def _by_window(
    observations: Sequence[Observation], spec: FixedWindowLimit
) -> dict[int, list[Observation]]:
    windows: dict[int, list[Observation]] = defaultdict(list)
    for observation in observations:
        if 200 <= observation.status < 300 or observation.status == spec.limited_status:
            windows[_window_of(observation, spec)].append(observation)
    return windows


def _window_fully_observed(
    window: int, members: Sequence[Observation], spec: FixedWindowLimit
) -> bool:
    """We saw every success of the window: its first request was sent right after it began
    (by our clock), the server's countdown shows the window's first request, or we saw
    exactly ``limit`` successes (a correct server allows no more, so none were missed;
    more is judged as a violation elsewhere)."""
    start = window - spec.period
    early = min(o.sent for o in members) <= start + 0.1 * spec.period
    successes = sum(1 for o in members if 200 <= o.status < 300)
    return early or successes == spec.limit or any(o.remaining == spec.limit - 1 for o in members)


def _check_countdown(
    window: int, successes: Sequence[Observation], spec: FixedWindowLimit, verdict: Verdict
) -> None:
    remaining = sorted((o.remaining for o in successes if o.remaining is not None), reverse=True)
    if len(remaining) != len(successes):
        verdict.fail(f"window {window}: a success lacks the Remaining header")
        return
    expected = list(range(spec.limit - 1, spec.limit - 1 - len(remaining), -1))
    if remaining and _window_fully_observed(window, successes, spec) and remaining != expected:
        verdict.fail(
            f"window {window}: Remaining did not count down one per request "
            f"(saw {remaining[:5]}..., expected {expected[:5]}...)"
        )
    if len(set(remaining)) != len(remaining):
        verdict.fail(f"window {window}: two successes reported the same Remaining")
    for observation in successes:
        if observation.limit is not None and observation.limit != spec.limit:
            verdict.fail(f"Limit header says {observation.limit}, documented {spec.limit}")
        if observation.reset is not None and not (
            observation.received - 1 <= observation.reset <= observation.received + spec.period + 1
        ):
            verdict.fail(
                f"Reset {observation.reset} is not within one window of the "
                f"response time {observation.received:.0f}"
            )


def _check_retry_after(limited: Sequence[Observation], period: float, verdict: Verdict) -> None:
    for observation in limited:
        if observation.retry_after is None:
            verdict.fail("a limited response has no (integer) Retry-After header")
        elif not 0 < observation.retry_after <= math.ceil(period) + 1:
            verdict.fail(f"Retry-After {observation.retry_after}s is outside (0, {period:g}s]")
        elif (
            observation.reset is not None
            and observation.retry_after > observation.reset - observation.received + 1.5
        ):
            verdict.fail(f"Retry-After {observation.retry_after}s overshoots the window reset")


def _check_recovery(
    observations: Sequence[Observation], spec: FixedWindowLimit, verdict: Verdict
) -> None:
    """After a limited response, a success arrives once its Retry-After has passed."""
    ordered = sorted(observations, key=lambda o: o.sent)
    first_limited = next((o for o in ordered if o.status == spec.limited_status), None)
    if first_limited is None:
        return
    wait = first_limited.retry_after or spec.period
    recovered = [
        o for o in ordered if o.sent >= first_limited.received + wait and 200 <= o.status < 300
    ]
    sent_later = [o for o in ordered if o.sent >= first_limited.received + wait]
    if not sent_later:
        verdict.fail(
            f"the run ended before Retry-After ({wait}s) passed: run longer than "
            f"{2 * spec.period:g}s to check recovery"
        )
    elif not recovered:
        verdict.fail(f"no request succeeded after waiting Retry-After ({wait}s)")
    else:
        verdict.facts.append(
            f"recovered: success {recovered[0].sent - first_limited.received:.1f}s"
            f" after the first limited response (Retry-After {wait}s)"
        )


@dataclass(frozen=True)
class TokenBucketLimit:
    """A token bucket: ``rate`` tokens per second refill a bucket of ``burst`` tokens."""

    rate: float
    burst: int
    limited_status: int = 429

    @property
    def retry_bound(self) -> int:
        """The longest honest Retry-After: the time one token takes (at least 1 s)."""
        return max(1, math.ceil(1 / self.rate))


@dataclass(frozen=True)
class BucketPhases:
    """A token-bucket run cut into its three phases (observations sorted by send time)."""

    burst: list[Observation]
    sustained: list[Observation]
    recovery: list[Observation]


def bucket_phases(observations: Sequence[Observation], spec: TokenBucketLimit) -> BucketPhases:
    """The first ``2 * burst`` requests are the burst; a pause of at least a second
    (waiting out Retry-After) separates the sustained phase from the recovery."""
    ordered = sorted(observations, key=lambda o: o.sent)
    burst, rest = ordered[: 2 * spec.burst], ordered[2 * spec.burst :]
    gaps = [(rest[i + 1].sent - rest[i].sent, i + 1) for i in range(len(rest) - 1)]
    pause = max(gaps, default=(0.0, len(rest)))
    cut = pause[1] if pause[0] >= 0.9 else len(rest)
    return BucketPhases(burst, rest[:cut], rest[cut:])


def judge_token_bucket(
    observations: Sequence[Observation], spec: TokenBucketLimit, tolerance: float = 0.05
) -> Verdict:
    """A burst of twice the bucket gets exactly the bucket (plus what refilled while it
    was in flight); then the accepted rate matches ``rate`` within ``tolerance``; every
    limited answer carries a sane Retry-After; after waiting it, requests succeed."""
    verdict = Verdict()
    ok = [o for o in observations if 200 <= o.status < 300]
    limited = [o for o in observations if o.status == spec.limited_status]
    other = sorted(
        {
            o.status
            for o in observations
            if not 200 <= o.status < 300 and o.status != spec.limited_status
        }
    )
    if other:
        verdict.fail(f"responses had unexpected statuses {other}")
    if not limited:
        verdict.fail(
            f"the server never answered {spec.limited_status}: load above "
            f"{spec.rate:g}/s with burst {spec.burst} was never limited"
        )
    for observation in limited:
        if observation.retry_after is None:
            verdict.fail("a limited response has no (integer) Retry-After header")
        elif not 1 <= observation.retry_after <= spec.retry_bound + 1:
            verdict.fail(
                f"Retry-After {observation.retry_after}s is outside [1, {spec.retry_bound}s], "
                f"the time one token takes to refill"
            )
    for observation in ok:
        if observation.limit is not None and observation.limit != spec.burst:
            verdict.fail(f"X-RateLimit-Limit says {observation.limit}, the burst is {spec.burst}")
    phases = bucket_phases(observations, spec)
    _judge_burst(phases.burst, spec, verdict)
    _judge_sustained(phases.sustained, spec, tolerance, verdict)
    _judge_recovery(phases, spec, verdict)
    return verdict


def _judge_burst(burst: Sequence[Observation], spec: TokenBucketLimit, verdict: Verdict) -> None:
    if len(burst) < 2 * spec.burst:
        verdict.fail(f"the run sent {len(burst)} requests, fewer than a burst of {2 * spec.burst}")
        return
    span = max(o.received for o in burst) - min(o.sent for o in burst)
    refilled = math.floor(span * spec.rate) + 1
    accepted = sum(200 <= o.status < 300 for o in burst)
    verdict.facts.append(
        f"burst: {accepted} of {len(burst)} accepted in {span:.2f}s "
        f"(bucket {spec.burst}, up to {refilled} more refilled meanwhile)"
    )
    if refilled >= spec.burst:
        verdict.facts.append(
            f"burst inconclusive: it took {span:.2f}s, long enough to refill the whole bucket "
            f"(the load generator or the server was too slow to send it at once)"
        )
    if accepted < spec.burst:
        verdict.fail(
            f"burst: only {accepted} of {len(burst)} accepted, the bucket holds {spec.burst}"
        )
    elif accepted > spec.burst + refilled:
        verdict.fail(
            f"burst: {accepted} of {len(burst)} accepted, the bucket holds {spec.burst} "
            f"and at most {refilled} refilled during the burst"
        )


def _judge_sustained(
    sustained: Sequence[Observation], spec: TokenBucketLimit, tolerance: float, verdict: Verdict
) -> None:
    if len(sustained) < 2:
        verdict.fail("no sustained phase after the burst: run longer")
        return
    seconds = sustained[-1].sent - sustained[0].sent
    offered = len(sustained) / seconds if seconds > 0 else 0.0
    accepted = sum(200 <= o.status < 300 for o in sustained)
    expected = spec.rate * seconds
    verdict.facts.append(
        f"sustained: {accepted} accepted in {seconds:.1f}s = {accepted / max(seconds, 1e-9):.2f}/s "
        f"(documented {spec.rate:g}/s), {offered:.1f}/s offered"
    )
    if offered < 1.2 * spec.rate:
        verdict.fail(
            f"sustained: only {offered:.1f}/s offered, not enough above {spec.rate:g}/s to "
            f"measure the limit"
        )
    elif abs(accepted - expected) > max(tolerance * expected, 1.0):
        verdict.fail(
            f"sustained: {accepted} accepted in {seconds:.1f}s, expected {expected:.0f} "
            f"({spec.rate:g}/s) within {tolerance:.0%}"
        )


def _judge_recovery(phases: BucketPhases, spec: TokenBucketLimit, verdict: Verdict) -> None:
    last_limited = next(
        (o for o in reversed(phases.sustained) if o.status == spec.limited_status), None
    )
    if last_limited is None:
        return
    wait = last_limited.retry_after or spec.retry_bound
    after = [o for o in phases.recovery if o.sent >= last_limited.received + wait]
    if not after:
        verdict.fail(f"the run ended before waiting out Retry-After ({wait}s)")
    elif not 200 <= after[0].status < 300:
        verdict.fail(f"after waiting Retry-After ({wait}s) the request got {after[0].status}")
    else:
        verdict.facts.append(
            f"recovered: success {after[0].sent - last_limited.received:.1f}s after the last "
            f"limited response (Retry-After {wait}s)"
        )
