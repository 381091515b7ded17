"""The bounds of webhook delivery, as one value (built from the settings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from mockserver.settings import Settings


@dataclass(frozen=True)
class DeliveryPolicy:
    """How much delivery work the mock takes on, and how long it waits for a target.
    The numbers live in :class:`~mockserver.settings.Settings` (``webhook_*``)."""

    attempts: int
    """Attempts per delivery (the first one and its retries)."""
    backoff: float
    """Seconds before the first retry; doubled before each further one."""
    queue_capacity: int
    """Deliveries waiting across all targets; beyond it a new delivery is ``dropped``."""
    target_queue_capacity: int
    """Deliveries waiting for one target (scheme, host, port), so that one slow or dead
    target cannot take the whole queue."""
    concurrency: int
    """Attempts in flight at once, over all targets."""
    target_concurrency: int
    """Attempts in flight at once to one target."""
    connect_timeout: float
    read_timeout: float
    write_timeout: float
    pool_timeout: float
    """Waiting for a free connection: the mock's own fault, never the target's. A pool
    timeout retires the HTTP client (a new one serves the next attempt)."""
    failure_threshold: int
    """Consecutive failed attempts after which a target is backed off."""
    cooldown: float
    """First back-off of a failing target, in seconds; doubled on each further failure
    up to ``max_cooldown``. While backed off, its deliveries fail without being sent."""
    any_host: bool
    """Deliver to any host; by default only loopback targets are called."""
    max_cooldown: float = 60.0
    max_redirects: int = 3
    """Redirects followed per attempt, each hop checked like the first URL."""

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryPolicy:
        return cls(
            attempts=max(1, settings.webhook_attempts),
            backoff=settings.webhook_backoff,
            queue_capacity=settings.webhook_queue_capacity,
            target_queue_capacity=settings.webhook_target_queue_capacity,
            concurrency=max(1, settings.webhook_concurrency),
            target_concurrency=max(1, settings.webhook_target_concurrency),
            connect_timeout=settings.webhook_connect_timeout,
            read_timeout=settings.webhook_read_timeout,
            write_timeout=settings.webhook_read_timeout,
            pool_timeout=settings.webhook_pool_timeout,
            failure_threshold=max(1, settings.webhook_failure_threshold),
            cooldown=settings.webhook_cooldown,
            any_host=settings.webhook_any_host,
        )

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def limits(self) -> httpx.Limits:
        return httpx.Limits(
            max_connections=self.concurrency,
            max_keepalive_connections=self.concurrency,
            keepalive_expiry=5.0,
        )
