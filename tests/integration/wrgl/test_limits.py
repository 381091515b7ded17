"""Upload bounds, on a WRGL mock configured with small limits (same code, other numbers)."""

from __future__ import annotations

import gzip
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from mockserver.apis.wrgl import DEFINITION
from mockserver.apis.wrgl.limits import Limits
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.integration.wrgl.conftest import DEMO_KEY, commit, error_of
from tests.integration.wrgl.test_uploads import zeros_gzip
from tests.support.server import LiveServer

TIGHT = Limits(
    max_file_bytes=2 * 1024 * 1024, max_csv_bytes=1024 * 1024, max_rows=100, max_columns=5
)


@pytest.fixture(scope="module")
def tight() -> Iterator[httpx.Client]:
    definition = replace(DEFINITION, extra={"limits": TIGHT}, max_body_bytes=TIGHT.max_body_bytes)
    app = create_app([definition], Settings(validate_responses=True), standalone=True)
    with (
        LiveServer(app) as server,
        httpx.Client(
            base_url=server.origin + "/",
            headers={"Authorization": f"APIKEY {DEMO_KEY}"},
            timeout=30,
        ) as http,
    ):
        yield http


def rows(count: int) -> bytes:
    return b"id\n" + b"".join(b"%d\n" % i for i in range(count))


def test_rows_are_counted_before_deduplication(tight):
    assert commit(tight, "rows-ok", rows(100)).status_code == 200
    message = error_of(commit(tight, "rows-over", rows(101)), 400)
    assert message == "the CSV has more than the limit of 100 rows"
    error_of(commit(tight, "rows-dup", b"id\n" + b"1\n" * 101), 400)
    error_of(tight.get("rows-over/commits/latest".join(["repos/", ""])), 404)


def test_columns(tight):
    assert commit(tight, "cols-ok", b"a,b,c,d,e\n1,2,3,4,5\n").status_code == 200
    message = error_of(commit(tight, "cols-over", b"a,b,c,d,e,f\n1,2,3,4,5,6\n"), 400)
    assert "more than the limit of 5" in message


def test_decompressed_size(tight):
    row = b"x" * 10485 + b"\n"  # 99 such rows and a shorter one: 100 rows, 1 MiB in all
    at_limit = b"id\n" + row * 99 + b"x" * 10458 + b"\n"
    assert len(at_limit) == TIGHT.max_csv_bytes
    assert commit(tight, "size-ok", at_limit).status_code == 200
    message = error_of(commit(tight, "size-over", at_limit + b"y\n"), 400)
    assert message == "csv.dataFile decompresses to more than the limit of 1048576 bytes"


def test_a_gzip_bomb_costs_the_server_about_the_limit_in_memory(tight):
    bomb = zeros_gzip(64) * 16  # 1 GiB of zeros in about 1 MB (16 gzip members)
    tracemalloc.start()  # traces the server's threads too: it runs in this process
    try:
        error_of(commit(tight, "bomb", b"", gzipped=bomb), 400)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a 1 GiB bomb"


def test_a_file_part_over_the_limit_is_413(tight):
    big = gzip.compress(b"", mtime=0)[:10] + bytes(TIGHT.max_file_bytes)
    message = error_of(commit(tight, "big-file", b"", gzipped=big), 413)
    assert message == f"csv.dataFile exceeds the limit of {TIGHT.max_file_bytes} bytes"
    over_body = bytes(TIGHT.max_body_bytes + 1)
    error_of(commit(tight, "big-body", b"", gzipped=over_body), 413)
