"""Bounded gunzip: decompress incrementally and stop at a size limit.

A few kilobytes of gzip can inflate to gigabytes (a gzip bomb). :func:`gunzip`
never holds more than ``limit + 1`` decompressed bytes, whatever the input claims,
and reads its input in chunks, so memory stays bounded by the limit.
"""

from __future__ import annotations

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


def _chunks(source: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        view = memoryview(source)
        for offset in range(0, len(view), READ_CHUNK):
            yield bytes(view[offset : offset + READ_CHUNK])
        return
    while chunk := source.read(READ_CHUNK):
        yield chunk


def gunzip(source: bytes | BinaryIO, limit: int, *, what: str = "request body") -> bytes:
    """The decompressed bytes of ``source`` (one or more gzip members).

    Raises :class:`NotGzip` for anything that is not gzip (wrong magic, corrupt or
    truncated stream, trailing garbage) and :class:`InflatedTooLarge` as soon as
    the output would exceed ``limit`` bytes. Zero padding after the last member
    is allowed, as gzip(1) allows it.
    """
    return b"".join(_inflate(_chunks(source), limit, what))


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
