"""Rate-limit headers checked for what they mean, by the contract's `x-rate-limits`:
the limit is the plan in force, Remaining is within it (0 when limited), Reset is an
epoch-seconds instant inside the current window, Retry-After agrees with Reset.

"Now" is the server's `Date` header when it sends one (so a skewed clock on either side
does not matter), else this machine's clock.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

from conformance.observed import Observed
from contract import RateLimit, RateLimitFacts

LIMIT, REMAINING, RESET = "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"
CLOCK_SLACK = 2
"""Seconds of rounding allowed between whole-second headers and the Date header."""


def advertised(limit: RateLimit, facts: RateLimitFacts) -> int:
    """What `X-RateLimit-Limit` says for a limit: a window's count, a bucket's capacity."""
    return limit.capacity if facts.algorithm == "token-bucket" else limit.limit


def server_now(headers: Mapping[str, str]) -> float:
    date = headers.get("date")
    if date:
        try:
            return parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            pass
    return time.time()


def plan_of(
    facts: RateLimitFacts, plans: Mapping[str, RateLimit | None], limit_header: str
) -> RateLimit | None:
    """The plan in force whose advertised limit the header states, if any."""
    for limit in plans.values():
        if limit is not None and str(advertised(limit, facts)) == limit_header.strip():
            return limit
    return None


def header_problems(
    facts: RateLimitFacts,
    plans: Mapping[str, RateLimit | None],
    status: int,
    headers: Mapping[str, str],
) -> list[str]:
    """What is wrong with one counted response's rate-limit headers (lowercase names)."""
    limited = status == facts.limited.status
    expected = facts.limited.headers if limited else facts.headers
    names = [n.lower() for n in expected]
    unlimited_possible = any(limit is None for limit in plans.values())
    documented = [n.lower() for n in facts.headers]
    sent_none = not any(n in headers for n in documented)
    if not limited and not facts.headers_when_unlimited and unlimited_possible and sent_none:
        return []  # an unlimited plan sends none; any one sent means the whole set
    problems = []
    missing = [n for n in expected if n.lower() not in headers]
    if missing:
        problems.append(f"missing rate-limit headers {missing} on a {status}")
    if LIMIT in names and LIMIT in headers:
        problems += _limit_problems(facts, plans, limited, headers)
    if limited:
        problem = retry_after_problem(Observed(status, dict(headers), b"", "", ""), None)
        if problem is None and RESET in headers and "retry-after" in headers:
            problem = _retry_agrees_with_reset(headers)
        if problem:
            problems.append(problem)
    return problems


def _limit_problems(
    facts: RateLimitFacts,
    plans: Mapping[str, RateLimit | None],
    limited: bool,
    headers: Mapping[str, str],
) -> list[str]:
    stated = headers[LIMIT]
    plan = plan_of(facts, plans, stated)
    if plan is None:
        known = ", ".join(
            f"{name} {advertised(limit, facts)}" for name, limit in plans.items() if limit
        )
        return [f"X-RateLimit-Limit {stated!r} is the limit of no plan in force ({known})"]
    problems = []
    remaining = headers.get(REMAINING)
    if remaining is not None:
        if not remaining.isdigit() or int(remaining) > advertised(plan, facts):
            problems.append(f"X-RateLimit-Remaining {remaining!r} is not within Limit {stated!r}")
        elif limited and int(remaining) != 0:
            problems.append(f"over the limit with X-RateLimit-Remaining {remaining}")
    reset = headers.get(RESET)
    if reset is not None:
        problem = reset_problem(reset, plan, server_now(headers))
        if problem:
            problems.append(problem)
    return problems


def reset_problem(reset: str, plan: RateLimit, now: float) -> str | None:
    """Reset must be whole epoch seconds, after now and at most one window ahead."""
    if not reset.isdigit():
        return f"X-RateLimit-Reset {reset!r} is not epoch seconds"
    ahead = int(reset) - now
    if not -CLOCK_SLACK <= ahead <= plan.period + CLOCK_SLACK:
        return (
            f"X-RateLimit-Reset {reset} is {ahead:+.0f}s from the server's now: not inside "
            f"the current {plan.period:g}s window (epoch seconds expected)"
        )
    return None


def retry_after_problem(response: Observed, plan: RateLimit | None) -> str | None:
    """Retry-After is whole seconds, at least 1, at most one window of ``plan``."""
    retry = response.headers.get("retry-after", "")
    if not retry:
        return f"{response.status} over the limit without Retry-After"
    if not retry.isdigit() or int(retry) < 1:
        return f"{response.status} over the limit with Retry-After {retry!r}: whole seconds >= 1"
    if plan is not None and int(retry) > plan.period + CLOCK_SLACK:
        return (
            f"{response.status} Retry-After {retry}s is longer than the {plan.period:g}s "
            "window of the limit in force"
        )
    return None


def _retry_agrees_with_reset(headers: Mapping[str, str]) -> str | None:
    retry, reset = headers["retry-after"], headers[RESET]
    if not reset.isdigit():
        return None  # reported by reset_problem
    until_reset = int(reset) - server_now(headers)
    if abs(int(retry) - until_reset) > CLOCK_SLACK:
        return (
            f"Retry-After {retry}s disagrees with X-RateLimit-Reset, "
            f"{until_reset:.0f}s from the server's now"
        )
    return None
