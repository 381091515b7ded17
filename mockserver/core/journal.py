"""The request journal behind ``GET /__admin/requests``: recent requests, bounded in
entries and in bytes, with long paths and queries cut (their length kept)."""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

ENTRY_OVERHEAD = 160
"""Bytes counted per entry besides its path and query (timestamps, names, numbers)."""


@dataclass(frozen=True, slots=True)
class JournalEntry:
    at: float
    """When the request arrived, in seconds since the epoch (shown as ISO 8601 UTC)."""
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

    def size(self) -> int:
        return ENTRY_OVERHEAD + len(self.path) + len(self.query) + len(self.method)


def clipped(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters, saying how long it was."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}...[{len(value)} characters]"


class RequestJournal:
    """A ring buffer of the most recent requests, by count and by size."""

    def __init__(self, size: int, max_bytes: int = 8 * 1024 * 1024, value_chars: int = 2048):
        self._entries: deque[JournalEntry] = deque()
        self._size = max(0, size)
        self._max_bytes = max_bytes
        self._value_chars = value_chars
        self._bytes = 0

    def record(self, entry: JournalEntry) -> None:
        limit = self._value_chars
        if len(entry.method) > 32 or len(entry.path) > limit or len(entry.query) > limit:
            entry = replace(
                entry,
                method=clipped(entry.method, 32),
                path=clipped(entry.path, limit),
                query=clipped(entry.query, limit),
            )
        self._entries.append(entry)
        self._bytes += entry.size()
        while self._entries and (len(self._entries) > self._size or self._bytes > self._max_bytes):
            self._bytes -= self._entries.popleft().size()

    @property
    def bytes(self) -> int:
        """What the kept entries are counted as, in bytes."""
        return self._bytes

    def recent(self, limit: int | None = None, api: str | None = None) -> list[dict[str, Any]]:
        """Newest first, optionally only one API's."""
        entries = [e for e in reversed(self._entries) if api is None or e.api == api]
        return [_shown(e) for e in entries[:limit]]

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0


def _shown(entry: JournalEntry) -> dict[str, Any]:
    shown = asdict(entry)
    stamp = datetime.fromtimestamp(entry.at, UTC)
    shown["at"] = stamp.isoformat(timespec="milliseconds")
    return shown
