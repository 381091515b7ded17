"""What the delivery log keeps: one record per delivery, one entry per attempt."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class DeliveryState(StrEnum):
    """Where a delivery stands; every state but ``pending`` is final."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    DROPPED = "dropped"
    """Not queued: the delivery queue (or the target's share of it) was full."""
    BLOCKED = "blocked"
    """Never sent: the target is not allowed (off this machine, or the mock itself)."""


@dataclass(frozen=True)
class SignatureScheme:
    """How an API signs deliveries: hex HMAC-SHA256 of the raw body in a header."""

    signature_header: str
    prefix: str = ""
    event_header: str | None = None
    delivery_header: str | None = None

    def sign(self, secret: str, body: bytes) -> str:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return self.prefix + digest


@dataclass
class Attempt:
    at: str
    status: int | None
    error: str | None


@dataclass
class Delivery:
    id: str
    api: str
    source_id: str
    url: str
    event_type: str
    event_id: str | None
    created_at: str
    state: str = DeliveryState.PENDING.value
    attempts: list[Attempt] = field(default_factory=list)

    def finish(self, state: DeliveryState, error: str | None = None) -> None:
        """Close the delivery; ``error`` (when given) is logged as a final, unsent attempt."""
        if error is not None:
            self.attempts.append(Attempt(utc_now(), None, error))
        self.state = state.value
