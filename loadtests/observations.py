"""What a load test saw: one record per response, small enough to ship from a worker
to the master in a Locust message."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

IETF_POLICY = "RateLimit-Policy"
IETF_STATE = "RateLimit"
"""The fields of draft-ietf-httpapi-ratelimit-headers (recorded as sent, parsed later)."""


@dataclass(frozen=True)
class Observation:
    """One response: when it was sent and answered, its status and rate-limit headers."""

    sent: float
    received: float
    status: int
    limit: int | None
    remaining: int | None
    reset: int | None
    retry_after: int | None
    policy: str | None = None
    """The raw ``RateLimit-Policy`` field, when the server sends one."""
    state: str | None = None
    """The raw ``RateLimit`` field, when the server sends one."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Observation:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def header_roles(headers: Iterable[str]) -> dict[str, str]:
    """Map limit/remaining/reset to the contract's header names (``X-RateLimit-Limit``...)."""
    roles = {}
    for name in headers:
        for role in ("limit", "remaining", "reset"):
            if name.lower().endswith(f"-{role}"):
                roles[role] = name
    return roles


def header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def observe(
    sent: float, received: float, status: int, headers: Mapping[str, str], roles: Mapping[str, str]
) -> Observation:
    """Build an observation; ``roles`` maps limit/remaining/reset to the API's header names."""
    return Observation(
        sent,
        received,
        status,
        header_int(headers, roles["limit"]) if "limit" in roles else None,
        header_int(headers, roles["remaining"]) if "remaining" in roles else None,
        header_int(headers, roles["reset"]) if "reset" in roles else None,
        header_int(headers, "Retry-After"),
        headers.get(IETF_POLICY),
        headers.get(IETF_STATE),
    )
