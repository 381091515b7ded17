"""The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers, -08 on), sent
instead of an API's ``X-RateLimit-*`` under ``understudy mock --ratelimit-headers ietf``:
``RateLimit-Policy: "PLAN";q=QUOTA;w=WINDOW`` and ``RateLimit: "PLAN";r=REMAINING;t=RESET``
(Structured Field lists; RESET in seconds from now), from the same :class:`Decision`."""

from __future__ import annotations

import math
import time

from mockserver.core.ratelimit import Decision, RateLimit

STYLES = ("x", "ietf")
"""The header styles `--ratelimit-headers` takes; ``x`` is each API's documented one."""


def ietf_headers(
    policy: str, limit: RateLimit, decision: Decision, now: float | None = None
) -> dict[str, str]:
    """Both fields for ``decision`` under ``limit`` (a token bucket's quota is its
    capacity, its window the refill period), for the policy (plan) named ``policy``."""
    now = time.time() if now is None else now
    quota = limit.capacity if limit.burst is not None else limit.limit
    window = max(1, math.ceil(limit.period))
    reset = max(0, math.ceil(decision.reset_at - now))
    name = policy.replace("\\", "").replace('"', "") or "default"
    return {
        "RateLimit-Policy": f'"{name}";q={quota};w={window}',
        "RateLimit": f'"{name}";r={decision.remaining};t={reset}',
    }
