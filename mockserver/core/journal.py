"""The request journal behind ``GET /__admin/requests``: recent requests, bounded."""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class JournalEntry:
    at: str
    api: str | None
    method: str
    path: str
    query: str
    status: int
    duration_ms: float
    forced: str | None = None
    """The preferences that forced the answer (`Prefer: code=...`), if any."""
    fault: str | None = None
    """The fault injected instead of the answer, if any."""
    delay_ms: float | None = None
    """The latency injected before the answer, if any."""


class RequestJournal:
    """A ring buffer of the most recent requests."""

    def __init__(self, size: int) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=size)

    def record(self, entry: JournalEntry) -> None:
        self._entries.append(entry)

    def recent(self, limit: int | None = None, api: str | None = None) -> list[dict[str, Any]]:
        """Newest first, optionally only one API's."""
        entries = [e for e in reversed(self._entries) if api is None or e.api == api]
        return [asdict(e) for e in entries[:limit]]

    def clear(self) -> None:
        self._entries.clear()
