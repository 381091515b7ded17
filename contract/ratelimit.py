"""Rate limits as values: the one type, the one grammar, and the documented limits each
contract declares under ``x-rate-limits``.

Grammar: ``COUNT/PERIOD[+BURST]`` where PERIOD is a number with an optional unit
``s`` (default), ``m`` or ``h``: ``60/1m``, ``60/60s``, ``6000/1h``, ``10/1s+20``. With
a burst the limit is a token bucket refilling COUNT tokens per PERIOD up to BURST.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

GRAMMAR = "COUNT/PERIOD[+BURST], PERIOD in s, m or h (e.g. 60/1m, 6000/1h, 10/1s+20)"
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}
_LIMIT_TEXT = re.compile(r"(\d+)/(\d+(?:\.\d+)?)([smh]?)(?:\+(\d+))?")
EXTENSION = "x-rate-limits"

Algorithm = Literal["fixed-window", "token-bucket"]


class RateLimitSyntaxError(ValueError):
    """Text that is not a rate limit in the grammar above."""


@dataclass(frozen=True)
class RateLimit:
    """``limit`` requests per ``period`` seconds; with ``burst`` it is a token bucket
    refilling ``limit`` tokens per ``period`` up to ``burst`` tokens."""

    limit: int
    period: float
    burst: int | None = None

    @property
    def capacity(self) -> int:
        """How many requests can pass at once: the burst, else the window's count."""
        return self.burst if self.burst is not None else self.limit

    @property
    def rate(self) -> float:
        """Requests per second in the long run."""
        return self.limit / self.period

    def __str__(self) -> str:
        """The grammar's form, in the largest whole unit: ``60/1m``, ``6000/1h``."""
        unit = next(u for u in ("h", "m", "s") if u == "s" or self.period % _UNITS[u] == 0)
        text = f"{self.limit}/{self.period / _UNITS[unit]:g}{unit}"
        return f"{text}+{self.burst}" if self.burst is not None else text


def parse_rate_limit(text: str) -> RateLimit:
    """Parse the grammar (``60/1m``, ``6000/1h``, ``10/1s+20``)."""
    match = _LIMIT_TEXT.fullmatch(str(text).strip())
    if not match:
        raise RateLimitSyntaxError(f"not a rate limit: {text!r} (expected {GRAMMAR})")
    count, period, unit, burst = match.groups()
    seconds = float(period) * _UNITS[unit or "s"]
    if int(count) < 1 or seconds <= 0 or (burst is not None and int(burst) < 1):
        raise RateLimitSyntaxError(f"a rate limit must be positive: {text!r}")
    return RateLimit(int(count), seconds, int(burst) if burst else None)


@dataclass(frozen=True)
class LimitedAnswer:
    """What a request over the limit gets: its status and the headers it carries."""

    status: int = 429
    headers: tuple[str, ...] = ("Retry-After",)


@dataclass(frozen=True)
class RateLimitFacts:
    """An API's documented limits: per plan (None: no limit), how they are counted, the
    headers counted answers carry, and the answer over the limit."""

    algorithm: Algorithm
    plans: Mapping[str, RateLimit | None]
    default_plan: str
    counted_per: str
    headers: tuple[str, ...]
    """Headers every counted answer carries (may be empty)."""
    headers_when_unlimited: bool
    """Whether a plan without a limit still gets ``headers``."""
    limited: LimitedAnswer
    per_address: Mapping[str, RateLimit] = field(default_factory=dict)
    """operationId -> a limit counted per client address (operations open to anyone,
    such as login), from ``per-address``; empty when the contract documents none."""

    def plan(self, name: str | None = None) -> RateLimit | None:
        """A plan's limit (the default plan when ``name`` is empty); KeyError if unknown."""
        key = name or self.default_plan
        if key not in self.plans:
            raise KeyError(f"unknown plan {key!r}; known: {', '.join(self.plans)}")
        return self.plans[key]


def rate_limit_facts(spec: Mapping[str, Any]) -> RateLimitFacts | None:
    """The contract's ``x-rate-limits``, typed; None when it documents no limit."""
    raw = spec.get(EXTENSION)
    if raw is None:
        return None
    try:
        plans = {
            str(name): None if value is None else parse_rate_limit(str(value))
            for name, value in dict(raw["plans"]).items()
        }
        algorithm = raw.get("algorithm", "fixed-window")
        if algorithm not in ("fixed-window", "token-bucket"):
            raise ValueError(f"unknown algorithm {algorithm!r}")
        default_plan = str(raw.get("default-plan", next(iter(plans))))
        if default_plan not in plans:
            raise ValueError(f"default-plan {default_plan!r} is not a plan")
        limited = dict(raw.get("limited", {}))
        return RateLimitFacts(
            algorithm=algorithm,
            plans=plans,
            default_plan=default_plan,
            counted_per=str(raw.get("counted-per", "user")),
            headers=tuple(raw.get("headers", ())),
            headers_when_unlimited=bool(raw.get("headers-when-unlimited", False)),
            limited=LimitedAnswer(
                status=int(limited.get("status", 429)),
                headers=tuple(limited.get("headers", ("Retry-After",))),
            ),
            per_address={
                str(operation): parse_rate_limit(str(value))
                for operation, value in dict(raw.get("per-address", {})).items()
            },
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{EXTENSION}: {exc}") from None
