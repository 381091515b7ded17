"""Bounded gunzip: decompress incrementally and stop at a size limit.

A few kilobytes of gzip can inflate to gigabytes (a gzip bomb). :func:`gunzip`
never holds more than ``limit + 1`` decompressed bytes, whatever the input claims,
and reads its input in chunks, so memory stays bounded by the limit. A
:class:`DecompressionBudget` bounds what all concurrent gunzips hold together: each
charges its output as it grows, and one that would take the process over the budget
stops at once with a 503 (retry later), so sixteen concurrent bombs cannot add up.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from mockserver.core.errors import ApiError, ErrorKind

GZIP_MAGIC = b"\x1f\x8b"
READ_CHUNK = 64 * 1024


class NotGzip(ApiError):
    """The input is not (complete, valid) gzip data: a 400."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(ErrorKind.VALIDATION, f"{what} is not valid gzip data: {reason}")


class InflatedTooLarge(ApiError):
    """The decompressed data is over the limit: a 400 naming the limit."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(
            ErrorKind.VALIDATION, f"{what} decompresses to more than the limit of {limit} bytes"
        )


class DecompressionBusy(ApiError):
    """The process is already decompressing as much as it allows: a 503, retry later."""

    def __init__(self, what: str, capacity: int) -> None:
        super().__init__(
            ErrorKind.UNAVAILABLE,
            f"The server is decompressing other uploads (at most {capacity} bytes at once); "
            f"retry {what} shortly",
            headers={"Retry-After": "1"},
        )


class DecompressionBudget:
    """Decompressed bytes all gunzips of a process may hold at once (thread-safe)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.in_use = 0
        self._lock = threading.Lock()

    def charge(self, size: int) -> bool:
        with self._lock:
            if self.in_use + size > self.capacity:
                return False
            self.in_use += size
            return True

    def release(self, size: int) -> None:
        with self._lock:
            self.in_use -= size


_BUDGETS: dict[int, DecompressionBudget] = {}
_BUDGETS_LOCK = threading.Lock()


def process_budget(capacity: int) -> DecompressionBudget:
    """The process's budget of ``capacity`` bytes (one per configured capacity)."""
    with _BUDGETS_LOCK:
        return _BUDGETS.setdefault(capacity, DecompressionBudget(capacity))


def _chunks(source: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        view = memoryview(source)
        for offset in range(0, len(view), READ_CHUNK):
            yield bytes(view[offset : offset + READ_CHUNK])
        return
    while chunk := source.read(READ_CHUNK):
        yield chunk


def gunzip(
    source: bytes | BinaryIO,
    limit: int,
    *,
    what: str = "request body",
    budget: DecompressionBudget | None = None,
) -> bytes:
    """The decompressed bytes of ``source`` (one or more gzip members).

    Raises :class:`NotGzip` for anything that is not gzip (wrong magic, corrupt or
    truncated stream, trailing garbage) and :class:`InflatedTooLarge` as soon as
    the output would exceed ``limit`` bytes. Zero padding after the last member
    is allowed, as gzip(1) allows it. With a ``budget``, the output is charged to it
    while it grows (:class:`DecompressionBusy` when it is spent) and released at the end.
    """
    if budget is None:
        return b"".join(_inflate(_chunks(source), limit, what))
    charged = 0
    try:
        pieces = []
        for piece in _inflate(_chunks(source), limit, what):
            if not budget.charge(len(piece)):
                raise DecompressionBusy(what, budget.capacity)
            charged += len(piece)
            pieces.append(piece)
        return b"".join(pieces)
    finally:
        budget.release(charged)


def _inflate(chunks: Iterable[bytes], limit: int, what: str) -> Iterator[bytes]:
    produced = 0
    decompressor: zlib._Decompress | None = None
    started = False
    for chunk in chunks:
        pending = chunk
        while pending:
            if decompressor is None:
                pending = pending.lstrip(b"\x00") if started else pending
                if not pending:
                    break
                if not GZIP_MAGIC.startswith(pending[:2]):
                    reason = "trailing data after the gzip stream" if started else "no gzip header"
                    raise NotGzip(what, reason)
                decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                started = True
            try:
                piece = decompressor.decompress(pending, limit + 1 - produced)
            except zlib.error as exc:
                raise NotGzip(what, str(exc)) from None
            produced += len(piece)
            if produced > limit:
                raise InflatedTooLarge(what, limit)
            if piece:
                yield piece
            if decompressor.eof:
                pending = decompressor.unused_data
                decompressor = None
            else:
                pending = decompressor.unconsumed_tail
    if not started:
        raise NotGzip(what, "the data is empty")
    if decompressor is not None:
        raise NotGzip(what, "the gzip stream is truncated")
