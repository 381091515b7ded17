"""Downloads: the original CSV bytes, byte ranges, conditional GETs, streaming."""

from __future__ import annotations

import tracemalloc

import pytest

from tests.integration.wrgl.conftest import committed, error_of

# A BOM, CRLF and LF line ends, quoting, a duplicate key: all returned as uploaded.
ORIGINAL = (
    b'\xef\xbb\xbfid,name,note\r\n2,"Bob",plain\n1,"Smith, Jane","two\r\nlines"\r\n'
    b'2,Bob,"dup ""quoted"""\r\n' + b"".join(b"%d,row %d,x\r\n" % (i, i) for i in range(3, 60))
)


@pytest.fixture()
def uploaded(demo):
    made = committed(demo, "downloads", ORIGINAL, primary_key="id")
    return made, f"repos/downloads/commits/{made['hash']}/csv"


def test_the_download_is_the_original_file(demo, uploaded):
    made, path = uploaded
    for url in (path, "repos/downloads/commits/latest/csv"):
        response = demo.get(url)
        assert response.status_code == 200
        assert response.content == ORIGINAL
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.headers["accept-ranges"] == "bytes"
        assert response.headers["etag"] == f'"{made["contentHash"]}"'
        assert response.headers["content-length"] == str(len(ORIGINAL))
        assert "content-range" not in response.headers


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, len(ORIGINAL) - 1),
        ("bytes=-50", len(ORIGINAL) - 50, len(ORIGINAL) - 1),
        ("bytes=7-7", 7, 7),
        ("bytes=10-999999", 10, len(ORIGINAL) - 1),
        ("bytes=-999999", 0, len(ORIGINAL) - 1),
        ("Bytes=0-0", 0, 0),
    ],
)
def test_single_ranges_are_206_slices(demo, uploaded, header, first, last):
    _, path = uploaded
    response = demo.get(path, headers={"Range": header})
    assert response.status_code == 206
    assert response.content == ORIGINAL[first : last + 1]
    assert response.headers["content-range"] == f"bytes {first}-{last}/{len(ORIGINAL)}"
    assert response.headers["content-length"] == str(last - first + 1)
    assert response.headers["accept-ranges"] == "bytes"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-6",
        "bytes=0-1, 10-",
        "bytes=9-2",
        "bytes=abc",
        "bits=0-5",
        "bytes 0-5",
        "bytes=-",
        "0-5",
    ],
)
def test_multi_malformed_and_reversed_ranges_get_the_whole_file(demo, uploaded, header):
    _, path = uploaded
    response = demo.get(path, headers={"Range": header})
    assert response.status_code == 200
    assert response.content == ORIGINAL


@pytest.mark.parametrize("header", [f"bytes={len(ORIGINAL)}-", "bytes=99999-100000", "bytes=-0"])
def test_unsatisfiable_ranges_are_416(demo, uploaded, header):
    _, path = uploaded
    response = demo.get(path, headers={"Range": header})
    assert "not satisfiable" in error_of(response, 416)
    assert response.headers["content-range"] == f"bytes */{len(ORIGINAL)}"


def test_an_overlong_range_header_is_400(demo, uploaded):
    _, path = uploaded
    error_of(demo.get(path, headers={"Range": "bytes=" + "1" * 300 + "-"}), 400)


def test_if_none_match(demo, uploaded):
    made, path = uploaded
    etag = f'"{made["contentHash"]}"'
    for header in (etag, f"W/{etag}", f'"nope", {etag}', "*"):
        response = demo.get(path, headers={"If-None-Match": header, "Range": "bytes=0-5"})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["etag"] == etag
    assert demo.get(path, headers={"If-None-Match": '"nope"'}).status_code == 200


def test_if_range(demo, uploaded):
    made, path = uploaded
    etag = f'"{made["contentHash"]}"'
    assert demo.get(path, headers={"If-Range": etag, "Range": "bytes=0-5"}).status_code == 206
    for stale in ('"0000"', f"W/{etag}", "Sat, 01 Jan 2000 00:00:00 GMT"):
        response = demo.get(path, headers={"If-Range": stale, "Range": "bytes=0-5"})
        assert response.status_code == 200 and response.content == ORIGINAL


def test_latest_follows_the_latest_commit_and_old_commits_keep_their_bytes(demo, uploaded):
    first, first_path = uploaded
    newer = ORIGINAL + b"99,new,row\r\n"
    second = committed(demo, "downloads", newer, primary_key="id")
    latest = demo.get("repos/downloads/commits/latest/csv")
    assert latest.content == newer
    assert latest.headers["etag"] == f'"{second["contentHash"]}"' != f'"{first["contentHash"]}"'
    stale = demo.get(
        "repos/downloads/commits/latest/csv", headers={"If-None-Match": f'"{first["contentHash"]}"'}
    )
    assert stale.status_code == 200
    assert demo.get(first_path).content == ORIGINAL


def test_a_50mb_csv_streams_without_being_copied(demo):
    row = b"%07d," + b"a" * 240 + b"\n"
    data = b"id,payload\n" + b"".join(row % i for i in range(200_000))
    assert len(data) > 49_000_000
    made = committed(demo, "big-file", data, primary_key="id")
    path = f"repos/big-file/commits/{made['hash']}/csv"
    tracemalloc.start()  # the server runs in this process: its allocations count too
    try:
        for headers, status, size in (
            ({}, 200, len(data)),
            ({"Range": "bytes=1000-"}, 206, len(data) - 1000),
        ):
            received = 0
            with demo.stream("GET", path, headers=headers) as response:
                assert response.status_code == status
                assert response.headers["content-length"] == str(size)
                for chunk in response.iter_raw():
                    received += len(chunk)
            assert received == size
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB while sending {len(data)} bytes"
    middle = demo.get(path, headers={"Range": "bytes=25000000-25999999"})
    assert middle.status_code == 206
    assert middle.content == data[25_000_000:26_000_000]
    tail = demo.get(path, headers={"Range": "bytes=-1000"})
    assert tail.content == data[-1000:]
