"""Rate limiting: fixed windows and token buckets, exact on one event loop.

``acquire`` never awaits, so on the single asyncio loop two concurrent requests
can never both take the last slot. Limits are data (:class:`RateLimit`), so tests
and the CLI scale them down.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class RateLimit:
    """``limit`` requests per ``period`` seconds; with ``burst`` it is a token bucket
    refilling ``limit`` tokens per ``period`` up to ``burst`` tokens."""

    limit: int
    period: float
    burst: int | None = None

    @property
    def capacity(self) -> int:
        return self.burst if self.burst is not None else self.limit

    def __str__(self) -> str:
        text = f"{self.limit}/{self.period:g}s"
        return f"{text}+{self.burst}" if self.burst is not None else text


_LIMIT_TEXT = re.compile(r"^(\d+)/(\d+(?:\.\d+)?)(s|m|h)?(?:\+(\d+))?$")


def parse_rate_limit(text: str) -> RateLimit:
    """Parse `60/60s`, `6000/1h`, `10/1s+20` (rate with a burst)."""
    match = _LIMIT_TEXT.match(text.strip())
    if not match:
        raise ValueError(f"not a rate limit: {text!r} (expected e.g. 60/60s or 10/1s+20)")
    count, period, unit, burst = match.groups()
    seconds = float(period) * {"s": 1, "m": 60, "h": 3600, None: 1}[unit]
    if int(count) < 1 or seconds <= 0:
        raise ValueError(f"rate limit must be positive: {text!r}")
    return RateLimit(int(count), seconds, int(burst) if burst else None)


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
