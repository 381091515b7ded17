"""The limit a run checks, read from the contract: the plan's documented limit, or the
one given with ``--limit`` (a server configured lower), in the contract's grammar."""

from __future__ import annotations

from dataclasses import dataclass

import contract
from contract import RateLimit, RateLimitFacts, RateLimitSyntaxError
from loadtests.verdicts import FixedWindowLimit, TokenBucketLimit


class LimitError(ValueError):
    """A limit or plan that cannot be checked (a usage error: one clear line)."""


@dataclass(frozen=True)
class Documented:
    """What a run checks: the API's contract facts and the one limit to hold it to."""

    api: str
    plan: str
    limit: RateLimit
    facts: RateLimitFacts

    @property
    def limited_status(self) -> int:
        return self.facts.limited.status

    @property
    def token_bucket(self) -> bool:
        return self.facts.algorithm == "token-bucket"

    @property
    def window_seconds(self) -> float:
        """The period answers are grouped by: the window, or a bucket's refill period."""
        return self.limit.period

    def fixed_window(self) -> FixedWindowLimit:
        return FixedWindowLimit(
            self.limit.limit,
            self.limit.period,
            limited_status=self.limited_status,
            reports_remaining=any("remaining" in h.lower() for h in self.facts.headers),
        )

    def bucket(self) -> TokenBucketLimit:
        return TokenBucketLimit(
            self.limit.rate, self.limit.capacity, limited_status=self.limited_status
        )

    def describe(self) -> str:
        shape = (
            f"{self.limit.rate:g}/s, bucket {self.limit.capacity}"
            if self.token_bucket
            else f"{self.limit.limit} per {self.limit.period:g}s window"
        )
        return f"{self.api} plan {self.plan}: {self.limit} ({shape}), over it {self.limited_status}"


def facts_of(api: str) -> RateLimitFacts:
    facts = contract.limits(api)
    if facts is None:
        raise LimitError(f"the {api} contract documents no rate limit (no x-rate-limits)")
    return facts


def documented(api: str, plan: str = "", limit_text: str = "") -> Documented:
    """The limit to check for ``api``; LimitError for an unknown plan, an unlimited plan
    without ``--limit``, or a limit that does not parse or fit the algorithm."""
    facts = facts_of(api)
    plan = plan or facts.default_plan
    try:
        planned = facts.plan(plan)
    except KeyError:
        raise LimitError(
            f"unknown plan {plan!r} for {api}; documented: {', '.join(facts.plans)}"
        ) from None
    if limit_text:
        try:
            limit = parse_limit(limit_text, facts, planned)
        except RateLimitSyntaxError as exc:
            raise LimitError(f"--limit: {exc}") from None
    elif planned is None:
        raise LimitError(
            f"{api} plan {plan!r} has no documented limit; give the configured one with --limit"
        )
    else:
        limit = planned
    return Documented(api, plan, limit, facts)


def parse_limit(text: str, facts: RateLimitFacts, planned: RateLimit | None) -> RateLimit:
    """``--limit`` in the contract's grammar. A token bucket given without ``+BURST``
    keeps the documented plan's ratio of bucket to rate; a fixed window takes no burst."""
    limit = contract.parse_rate_limit(text)
    if facts.algorithm == "fixed-window":
        if limit.burst is not None:
            raise RateLimitSyntaxError(
                f"{text!r}: this API counts fixed windows, a burst (+{limit.burst}) does not apply"
            )
        return limit
    if limit.burst is not None:
        return limit
    reference = planned or next((p for p in facts.plans.values() if p is not None), None)
    seconds_of_burst = reference.capacity / reference.rate if reference else 2.0
    return RateLimit(limit.limit, limit.period, max(1, round(seconds_of_burst * limit.rate)))
