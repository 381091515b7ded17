"""Rate limiting: fixed windows and token buckets, exact on one event loop.

``acquire`` never awaits, so on the single asyncio loop two concurrent requests
can never both take the last slot. Limits are data (:class:`RateLimit`), so tests
and the CLI scale them down.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from contract.ratelimit import RateLimit, parse_rate_limit

__all__ = ["Decision", "RateLimit", "RateLimiter", "exhausted", "parse_rate_limit"]

Clock = Callable[[], float]


@dataclass(frozen=True)
class Decision:
    """The outcome of one acquire: allowed or not, and what the headers say."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: float
    retry_after: int


class RateLimiter:
    """Fixed-window counters (aligned to the clock) and token buckets, per key."""

    def __init__(self, clock: Clock = time.time) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[int, int]] = {}
        self._buckets: dict[str, tuple[float, float]] = {}

    def reset(self) -> None:
        self._windows.clear()
        self._buckets.clear()

    def acquire(self, key: str, limit: RateLimit) -> Decision:
        if limit.burst is None:
            return self._acquire_window(key, limit)
        return self._acquire_bucket(key, limit)

    def _acquire_window(self, key: str, limit: RateLimit) -> Decision:
        now = self._clock()
        window = int(now // limit.period)
        reset_at = (window + 1) * limit.period
        current, used = self._windows.get(key, (window, 0))
        if current != window:
            used = 0
        if len(self._windows) > 100_000:
            self._prune_windows(window)
        if used >= limit.limit:
            self._windows[key] = (window, used)
            retry = max(1, math.ceil(reset_at - now))
            return Decision(False, limit.limit, 0, reset_at, retry)
        used += 1
        self._windows[key] = (window, used)
        return Decision(True, limit.limit, limit.limit - used, reset_at, 0)

    def _prune_windows(self, window: int) -> None:
        for stale in [k for k, (w, _) in self._windows.items() if w != window]:
            del self._windows[stale]

    def _acquire_bucket(self, key: str, limit: RateLimit) -> Decision:
        now = self._clock()
        rate = limit.limit / limit.period
        capacity = float(limit.capacity)
        tokens, stamp = self._buckets.get(key, (capacity, now))
        tokens = min(capacity, tokens + (now - stamp) * rate)
        if tokens >= 1.0:
            tokens -= 1.0
            self._buckets[key] = (tokens, now)
            full_in = (capacity - tokens) / rate
            return Decision(True, limit.capacity, int(tokens), now + full_in, 0)
        self._buckets[key] = (tokens, now)
        wait = (1.0 - tokens) / rate
        return Decision(
            False, limit.capacity, 0, now + (capacity - tokens) / rate, max(1, math.ceil(wait))
        )


def exhausted(limit: RateLimit, now: float | None = None) -> Decision:
    """The refusal an exhausted ``limit`` gives at ``now`` (what a forced 429 reports):
    no request left, retry when the window ends or the bucket next holds a token."""
    now = time.time() if now is None else now
    if limit.burst is None:
        reset_at = (int(now // limit.period) + 1) * limit.period
        return Decision(False, limit.limit, 0, reset_at, max(1, math.ceil(reset_at - now)))
    rate = limit.limit / limit.period
    return Decision(
        False, limit.capacity, 0, now + limit.capacity / rate, max(1, math.ceil(1.0 / rate))
    )
