"""What a load test saw: one record per response, and the documented limit to judge it by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Observation:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def observe(
    sent: float, received: float, status: int, headers: Mapping[str, str], names: Mapping[str, str]
) -> Observation:
    """Build an observation; ``names`` maps limit/remaining/reset to the API's header names."""
    return Observation(
        sent,
        received,
        status,
        header_int(headers, names["limit"]) if "limit" in names else None,
        header_int(headers, names["remaining"]) if "remaining" in names else None,
        header_int(headers, names["reset"]) if "reset" in names else None,
        header_int(headers, "Retry-After"),
    )
