"""Bad commits: each is the documented 4xx with `{"message"}`, and nothing is stored."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

from tests.integration.wrgl.conftest import all_repos, commit, error_of, history

GOOD = b"id,name\n1,a\n2,b\n"


def zeros_gzip(megabytes: int) -> bytes:
    """A single gzip member of ``megabytes`` MiB of zero bytes (about 1 KB per MiB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


@pytest.fixture()
def unchanged(demo, other):
    """Asserts, after the test, that no repository or commit was added or changed."""
    before = (all_repos(demo), all_repos(other), history(demo, "demo-history"))
    yield
    assert (all_repos(demo), all_repos(other), history(demo, "demo-history")) == before


def post(http: httpx.Client, fields: dict[str, str], files: dict | None = None) -> httpx.Response:
    return http.post("commits", data=fields, files=files)


def gz_file(payload: bytes) -> dict:
    return {"csv.dataFile": ("data.csv.gz", payload, "application/gzip")}


@pytest.mark.parametrize(
    ("fields", "files", "fragment"),
    [
        ({"message": "m"}, gz_file(gzip.compress(GOOD)), "repo name is required"),
        ({"repoName": "r1"}, gz_file(gzip.compress(GOOD)), "message is required"),
        ({"repoName": "r1", "message": "m"}, None, "csv.dataFile is required"),
        # a plain text field (no filename) named csv.dataFile
        ({"repoName": "r1", "message": "m"}, {"csv.dataFile": (None, b"id\n1\n")}, "file part"),
        (
            {"repoName": "r1", "message": ""},
            gz_file(gzip.compress(GOOD)),
            "message cannot be empty",
        ),
    ],
)
def test_missing_fields(demo, unchanged, fields, files, fragment):
    if files is None:
        files = {"other": ("x.txt", b"x", "text/plain")}  # still multipart
    assert fragment in error_of(post(demo, fields, files), 400)


@pytest.mark.parametrize(
    "name", ["A", "1abc", "a", "ab/c", "x" * 1000, "", "Abc", "a b", "ab.c", "_ab", "-ab", "ab!"]
)
def test_invalid_repo_names(demo, unchanged, name):
    message = error_of(commit(demo, name, GOOD), 400)
    assert message.startswith("repo name ")
    if name == "":
        assert message == "repo name cannot be empty"  # the document's own example


def test_the_longest_name_is_accepted(demo):
    name = "a" * 100
    assert commit(demo, name, GOOD).status_code == 200
    error_of(commit(demo, "a" * 101, GOOD), 400)


def test_a_body_that_is_not_multipart_is_415(demo, unchanged):
    cases = [
        demo.post("commits", json={"repoName": "r1", "message": "m"}),
        demo.post("commits", data={"repoName": "r1", "message": "m"}),  # urlencoded
        demo.post(
            "commits", content=gzip.compress(GOOD), headers={"Content-Type": "application/gzip"}
        ),
        demo.post("commits", content=b"id\n1\n", headers={"Content-Type": "text/csv"}),
    ]
    for response in cases:
        assert "multipart/form-data" in error_of(response, 415)


def test_an_empty_or_malformed_multipart_body_is_400(demo, unchanged):
    error_of(demo.post("commits"), 400)
    malformed = demo.post(
        "commits",
        content=b"--xyz\r\ngarbage",
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    error_of(malformed, 400)
    no_boundary = demo.post(
        "commits", content=b"abc", headers={"Content-Type": "multipart/form-data"}
    )
    error_of(no_boundary, 400)


@pytest.mark.parametrize(
    ("payload", "key", "fragment"),
    [
        (GOOD, None, "csv.dataFile is not valid gzip data: no gzip header"),
        (gzip.compress(GOOD)[:-8], None, "truncated"),
        (gzip.compress(GOOD) + b"junk", None, "trailing data"),
        (b"", None, "empty"),
        (gzip.compress(b""), None, "the CSV is empty"),
        (gzip.compress(b"\n\n"), None, "the CSV is empty"),
        (gzip.compress(b"id,name\n1,a\n2\n"), None, "line 3 of the CSV has 1 fields"),
        (gzip.compress(b"id,name\n1,a,b\n"), None, "has 3 fields, but the header has 2"),
        (gzip.compress(b"id,name\n1,caf\xe9\n"), None, "not valid UTF-8"),
        (gzip.compress("id,name\n1,a\n".encode("utf-16")), None, "not valid UTF-8"),
        (gzip.compress(b"id,name,id\n1,a,2\n"), None, "column 'id' twice"),
        (gzip.compress(b"id,\n1,2\n"), None, "column 2 of the CSV header has no name"),
        (gzip.compress(b'id,name\n1,"open\n'), None, "malformed"),
        (gzip.compress(GOOD), "missing", "csv.primaryKey names column 'missing'"),
        (gzip.compress(GOOD), "id,id", "twice"),
        (gzip.compress(GOOD), "id,,name", "empty column name"),
    ],
    ids=lambda value: f"{len(value)} bytes" if isinstance(value, bytes) else None,
)  # ids by length: a gzip member carries its mtime, so ids made of the bytes differ per process
def test_bad_files(demo, unchanged, payload, key, fragment):
    for repo in ("brand-new", "demo-history"):  # a new repository, and an existing one
        response = commit(demo, repo, b"", gzipped=payload, primary_key=key)
        assert fragment in error_of(response, 400)


def test_a_gzip_bomb_stops_at_the_documented_limit(demo, unchanged):
    bomb = zeros_gzip(256)  # 256 MiB of zeros, about 256 KB sent
    assert len(bomb) < 512 * 1024
    message = error_of(commit(demo, "bomb", b"", gzipped=bomb), 400)
    assert message == "csv.dataFile decompresses to more than the limit of 104857600 bytes"
    many_members = zeros_gzip(1) * 200
    error_of(commit(demo, "bomb", b"", gzipped=many_members), 400)


def test_a_body_over_the_limit_is_413(demo, unchanged):
    huge = b"\x1f\x8b" + bytes(11 * 1024 * 1024)
    message = error_of(commit(demo, "too-big", b"", gzipped=huge), 413)
    assert "10551296" in message
