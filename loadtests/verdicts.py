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
    ok = [o for o in observations if 200 <= o.status < 300]
    limited = [o for o in observations if o.status == spec.limited_status]
    other = [o for o in observations if o not in ok and o.status != spec.limited_status]
    verdict.facts.append(
        f"{len(observations)} responses: {len(ok)} successes, "
        f"{len(limited)} limited ({spec.limited_status}), {len(other)} other"
    )
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
    """We saw the window from its start: its first request was sent right after it began
    (by our clock), or the server's countdown shows the window's first request."""
    start = window - spec.period
    early = min(o.sent for o in members) <= start + 0.1 * spec.period
    return early or any(o.remaining == spec.limit - 1 for o in members)


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
