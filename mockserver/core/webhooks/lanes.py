"""One lane per target (scheme, host, port): its own queue, workers and health.

A target that fails ``failure_threshold`` attempts in a row is backed off: for a
cooldown (doubling up to a maximum) its deliveries fail at once, unsent, so a dead or
slow target spends neither the shared concurrency nor its lane's time. The first
attempt after the cooldown probes it; a success makes it healthy again.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from mockserver.core.webhooks.policy import DeliveryPolicy
from mockserver.core.webhooks.records import Delivery


def target_key(url: str) -> str:
    """The lane a URL belongs to: ``scheme://host:port``."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"
    except ValueError:
        return "invalid"


@dataclass
class Job:
    delivery: Delivery
    body: bytes
    headers: dict[str, str]


@dataclass
class TargetLane:
    key: str
    queue: deque[Job] = field(default_factory=deque)
    workers: int = 0
    in_flight: int = 0
    consecutive_failures: int = 0
    backoffs: int = 0
    backoff_until: float = 0.0
    """time.monotonic() until which the target is backed off."""
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, state: str) -> None:
        self.counts[state] = self.counts.get(state, 0) + 1

    def backed_off(self) -> bool:
        return time.monotonic() < self.backoff_until

    def succeeded(self) -> None:
        self.consecutive_failures = 0
        self.backoffs = 0
        self.backoff_until = 0.0

    def failed(self, policy: DeliveryPolicy) -> None:
        self.consecutive_failures += 1
        if self.consecutive_failures >= policy.failure_threshold:
            cooldown = min(policy.max_cooldown, policy.cooldown * 2**self.backoffs)
            self.backoffs += 1
            self.backoff_until = time.monotonic() + cooldown

    def state(self) -> str:
        """``backoff`` (not called now), ``failing`` (its last attempts failed) or
        ``healthy``."""
        if self.backed_off():
            return "backoff"
        return "failing" if self.consecutive_failures else "healthy"

    def idle(self) -> bool:
        return not self.queue and self.workers == 0 and not self.backed_off()

    def backoff_note(self) -> str:
        return (
            f"backoff: {self.key} failed {self.consecutive_failures} attempts in a row; "
            f"not called until {_wall_clock(self.backoff_until)}"
        )

    def view(self) -> dict[str, Any]:
        return {
            "target": self.key,
            "state": self.state(),
            "backoff_until": _wall_clock(self.backoff_until) if self.backed_off() else None,
            "consecutive_failures": self.consecutive_failures,
            "queued": len(self.queue),
            "in_flight": self.in_flight,
            "counts": dict(self.counts),
        }


def _wall_clock(monotonic: float) -> str:
    at = datetime.now(UTC) + timedelta(seconds=monotonic - time.monotonic())
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")
