"""core/gzipped.py (used by WRGL uploads): bounded, incremental gunzip."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zlib

import pytest

from mockserver.core.errors import ErrorKind
from mockserver.core.gzipped import InflatedTooLarge, NotGzip, gunzip

TEXT = b"id,name\n" + b"".join(b"%d,row %d\n" % (i, i) for i in range(5000))


def bomb(decompressed: int) -> bytes:
    """A gzip member of ``decompressed`` zero bytes, built without holding them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(decompressed // len(block))]
    return b"".join(parts) + compressor.flush()


def test_round_trip_from_bytes_and_from_a_file():
    packed = gzip.compress(TEXT)
    assert gunzip(packed, len(TEXT)) == TEXT
    assert gunzip(io.BytesIO(packed), len(TEXT)) == TEXT


def test_concatenated_members_and_zero_padding():
    packed = gzip.compress(TEXT[:100]) + gzip.compress(TEXT[100:]) + bytes(512)
    assert gunzip(packed, 10**7) == TEXT


def test_empty_member_is_empty_data():
    assert gunzip(gzip.compress(b""), 10) == b""


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param(TEXT, "no gzip header", id="plain text"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(gzip.compress(TEXT)[:-10], "truncated", id="truncated"),
        pytest.param(gzip.compress(TEXT) + b"garbage", "trailing data", id="trailing data"),
        pytest.param(
            gzip.compress(TEXT)[:20] + b"\x00" * 50 + gzip.compress(TEXT)[70:], "", id="corrupt"
        ),
        pytest.param(b"\x1f\x8b\x08" + b"\xff" * 40, "", id="bad header"),
    ],
)  # named ids: a gzip member carries its mtime, so ids made of the bytes differ per process
def test_what_is_not_gzip(payload, reason):
    with pytest.raises(NotGzip) as raised:
        gunzip(payload, 10**7, what="csv.dataFile")
    assert raised.value.kind is ErrorKind.VALIDATION
    assert raised.value.message.startswith("csv.dataFile is not valid gzip data")
    assert reason in raised.value.message


def test_exactly_at_the_limit_is_fine_one_byte_more_is_not():
    packed = gzip.compress(TEXT)
    assert gunzip(packed, len(TEXT)) == TEXT
    with pytest.raises(InflatedTooLarge) as raised:
        gunzip(packed, len(TEXT) - 1, what="csv.dataFile")
    assert str(len(TEXT) - 1) in raised.value.message


def test_a_gzip_bomb_stops_at_the_limit_with_bounded_memory():
    payload = bomb(128 * 1024 * 1024)  # 128 MiB of zeros in about 128 KB
    assert len(payload) < 256 * 1024
    limit = 4 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(InflatedTooLarge):
            gunzip(io.BytesIO(payload), limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * limit, f"peak {peak} bytes for a limit of {limit}"


def test_a_bomb_split_over_many_members_is_still_bounded():
    member = bomb(1024 * 1024)
    with pytest.raises(InflatedTooLarge):
        gunzip(member * 64, 16 * 1024 * 1024)
