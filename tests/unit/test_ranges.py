"""core/ranges.py: Range parsing, conditional requests and slice streaming."""

from __future__ import annotations

import asyncio

import pytest
from starlette.responses import StreamingResponse

from mockserver.core.errors import ErrorKind
from mockserver.core.ranges import (
    ByteRange,
    RangeNotSatisfiable,
    entity_tags,
    iter_slice,
    none_match,
    parse_range,
    range_applies,
    serve_bytes,
)

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=100-", ByteRange(100, 999)),
        ("bytes=-50", ByteRange(950, 999)),
        ("bytes=999-999", ByteRange(999, 999)),
        ("bytes=10-5000", ByteRange(10, 999)),  # end clamped
        ("bytes=-5000", ByteRange(0, 999)),  # suffix longer than the body: all of it
        ("BYTES=0-0", ByteRange(0, 0)),  # the unit is case-insensitive
        (" bytes = 3-4 ", ByteRange(3, 4)),
        ("bytes=5-5,", ByteRange(5, 5)),  # an empty list element is not a range
    ],
)
def test_single_ranges(header, expected):
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "bytes=0-1,5-6",  # several ranges: ignored, the whole body is sent
        "bytes=0-1, -5",
        "bytes=9-2",  # reversed
        "items=0-5",  # another unit
        "bytes 0-5",
        "bytes=",
        "bytes=-",
        "bytes=a-b",
        "bytes=1-2-3",
        "bytes=+1-2",
        "bytes=0x10-20",
        "bytes=1.5-2",
    ],
)
def test_ignored_ranges(header):
    assert parse_range(header, SIZE) is None


@pytest.mark.parametrize(
    ("header", "size"),
    [
        ("bytes=1000-", 1000),
        ("bytes=5000-6000", 1000),
        ("bytes=-0", 1000),
        ("bytes=0-", 0),
        ("bytes=-5", 0),
    ],
)
def test_unsatisfiable_ranges(header, size):
    with pytest.raises(RangeNotSatisfiable) as raised:
        parse_range(header, size)
    assert raised.value.kind is ErrorKind.RANGE_NOT_SATISFIABLE
    assert raised.value.headers == {"Content-Range": f"bytes */{size}"}


def test_content_range_and_length():
    part = ByteRange(10, 19)
    assert part.length == 10
    assert part.content_range(1000) == "bytes 10-19/1000"


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ('"abc"', True),
        ('W/"abc"', True),  # weak comparison
        ('"x", "abc"', True),
        ('"x",W/"abc" ', True),
        ("*", True),
        ('"abcd"', False),
        ("abc", False),  # not an entity tag
        ("", False),
        ('"x" "abc"', False),  # malformed list
    ],
)
def test_if_none_match(header, matches):
    assert none_match(header, '"abc"') is matches


def test_entity_tags_parses_lists():
    assert entity_tags('"a", W/"b" ,"c"') == ['"a"', 'W/"b"', '"c"']
    assert entity_tags('"a" junk') is None


@pytest.mark.parametrize(
    ("if_range", "applies"),
    [
        (None, True),
        ('"abc"', True),
        ('W/"abc"', False),
        ('"other"', False),
        ("Sat, 01 Jan 2000 00:00:00 GMT", False),
    ],
)
def test_if_range_uses_strong_comparison(if_range, applies):
    assert range_applies(if_range, '"abc"') is applies


async def _collect(iterator):
    return [chunk async for chunk in iterator]


def test_iter_slice_yields_views_of_the_stored_bytes():
    data = bytes(range(256)) * 1000
    chunks = asyncio.run(_collect(iter_slice(data, 100, 200_100, chunk_size=4096)))
    assert b"".join(chunks) == data[100:200_100]
    assert all(isinstance(c, memoryview) and c.obj is data for c in chunks), "a chunk was copied"
    assert max(len(c) for c in chunks) == 4096
    assert asyncio.run(_collect(iter_slice(data, 5, 5))) == []


def _body(response: StreamingResponse) -> bytes:
    return b"".join(bytes(c) for c in asyncio.run(_collect(response.body_iterator)))


DATA = b"0123456789" * 10
ETAG = '"abc"'


def test_serve_bytes_whole_body():
    response = serve_bytes(DATA, {}, etag=ETAG, media_type="text/csv")
    assert response.status_code == 200
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] == ETAG
    assert response.headers["content-length"] == "100"
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "content-range" not in response.headers
    assert _body(response) == DATA


def test_serve_bytes_partial_body():
    response = serve_bytes(DATA, {"range": "bytes=10-14"}, etag=ETAG, media_type="text/csv")
    assert response.status_code == 206
    assert response.headers["content-range"] == "bytes 10-14/100"
    assert response.headers["content-length"] == "5"
    assert _body(response) == DATA[10:15]


def test_serve_bytes_not_modified_wins_over_range():
    response = serve_bytes(
        DATA, {"if-none-match": ETAG, "range": "bytes=0-1"}, etag=ETAG, media_type="text/csv"
    )
    assert response.status_code == 304
    assert response.headers["etag"] == ETAG
    assert response.body == b""


def test_serve_bytes_if_range_mismatch_sends_everything():
    response = serve_bytes(
        DATA, {"if-range": '"old"', "range": "bytes=0-1"}, etag=ETAG, media_type="text/csv"
    )
    assert response.status_code == 200
    assert _body(response) == DATA


def test_serve_bytes_unsatisfiable_raises_416():
    with pytest.raises(RangeNotSatisfiable):
        serve_bytes(DATA, {"range": "bytes=100-"}, etag=ETAG, media_type="text/csv")
