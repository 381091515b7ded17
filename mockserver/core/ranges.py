"""Serving stored bytes over HTTP: range requests, conditional GETs, streaming.

RFC 9110 sections 13 and 14, as a server may implement them:

- one byte range (``bytes=a-b``, ``bytes=a-``, ``bytes=-n``; unit case-insensitive)
  gets 206 with ``Content-Range``; an end past the last byte is clamped;
- a range that starts at or past the end (or ``bytes=-0``, or any range of an
  empty body) is unsatisfiable: 416 with ``Content-Range: bytes */LEN``;
- several ranges, another unit, or a malformed or reversed range make the server
  ignore ``Range`` (200 with the whole body), which section 14.2 permits;
- ``If-None-Match`` (weak comparison) matching the ETag gives 304, evaluated
  before ``Range``; ``If-Range`` honours ``Range`` only when it is exactly the
  current strong ETag (a date or another tag: the whole body with 200).

The body is streamed in chunks that are views of the stored bytes, so a request
never copies the whole file.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from starlette.responses import Response, StreamingResponse

from mockserver.core.errors import ApiError, ErrorKind

DEFAULT_CHUNK = 64 * 1024

_SPEC = re.compile(r"([0-9]*)-([0-9]*)\Z")
_ENTITY_TAG = re.compile(r'\s*((?:W/)?"[^"]*")\s*(?:,|$)')


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` inclusive, as Content-Range counts them."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class RangeNotSatisfiable(ApiError):
    """A 416 carrying ``Content-Range: bytes */LEN``."""

    def __init__(self, size: int) -> None:
        super().__init__(
            ErrorKind.RANGE_NOT_SATISFIABLE,
            f"Range not satisfiable: the representation is {size} bytes long",
            headers={"Content-Range": f"bytes */{size}"},
        )


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The single range ``header`` asks for in a body of ``size`` bytes.

    None means "ignore Range, send everything" (absent, malformed, reversed, another
    unit, or several ranges); :class:`RangeNotSatisfiable` is raised for a valid
    range that selects nothing.
    """
    if not header:
        return None
    unit, sep, ranges = header.strip().partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    specs = [spec.strip() for spec in ranges.split(",") if spec.strip()]
    if len(specs) != 1:
        return None
    match = _SPEC.match(specs[0])
    if match is None or match.group(0) == "-":
        return None
    first, last = match.groups()
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(size)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(size)
    return ByteRange(start, min(int(last), size - 1) if last else size - 1)


def entity_tags(header: str) -> list[str] | None:
    """The entity tags of an ``If-None-Match``/``If-Range`` list, None if malformed."""
    tags: list[str] = []
    position = 0
    text = header.strip()
    while position < len(text):
        match = _ENTITY_TAG.match(text, position)
        if match is None:
            return None
        tags.append(match.group(1))
        position = match.end()
    return tags


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def none_match(header: str | None, etag: str) -> bool:
    """True when ``If-None-Match`` matches ``etag`` (weak comparison, or ``*``)."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    tags = entity_tags(header)
    return bool(tags) and _opaque(etag) in {_opaque(t) for t in tags or ()}


def range_applies(if_range: str | None, etag: str) -> bool:
    """Whether ``Range`` may be honoured given ``If-Range`` (strong comparison)."""
    if if_range is None:
        return True
    return not etag.startswith("W/") and if_range.strip() == etag


async def iter_slice(
    data: bytes, start: int, stop: int, chunk_size: int = DEFAULT_CHUNK
) -> AsyncIterator[memoryview]:
    """``data[start:stop]`` in chunks of at most ``chunk_size``, each a view (no copy)."""
    view = memoryview(data)
    for offset in range(start, stop, chunk_size):
        yield view[offset : min(offset + chunk_size, stop)]


def serve_bytes(
    data: bytes,
    request_headers: Mapping[str, str],
    *,
    etag: str,
    media_type: str,
    chunk_size: int = DEFAULT_CHUNK,
) -> Response:
    """A 200, 206 or 304 for ``data`` (raises :class:`RangeNotSatisfiable` for 416).

    ``request_headers`` is looked up by lowercase name; ``etag`` is quoted
    (``"abc"``) and strong unless it starts with ``W/``.
    """
    size = len(data)
    if none_match(request_headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag})
    wanted = None
    if range_applies(request_headers.get("if-range"), etag):
        wanted = parse_range(request_headers.get("range"), size)
    headers = {"Accept-Ranges": "bytes", "ETag": etag}
    if wanted is None:
        status, start, stop = 200, 0, size
    else:
        status, start, stop = 206, wanted.start, wanted.end + 1
        headers["Content-Range"] = wanted.content_range(size)
    headers["Content-Length"] = str(stop - start)
    return StreamingResponse(
        iter_slice(data, start, stop, chunk_size),
        status_code=status,
        headers=headers,
        media_type=media_type,
    )
