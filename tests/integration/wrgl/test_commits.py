"""Commits: creation, reading (latest, by hash, with content) and history pagination."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest

from tests.integration.wrgl.conftest import commit, committed, error_of, history

HEX32 = re.compile(r"^[0-9a-f]{32}$")
CSV = b'sku,year,price\nA-1,2024,"1,000.50"\nA-1,2025,12\nB-2,2024,"multi\nline"\n'
COMMIT_FIELDS = {
    "hash",
    "message",
    "commitTime",
    "prevCommitHash",
    "authorId",
    "authorUsername",
    "authorAvatarUrl",
}


def test_a_commit_creates_the_repo_and_reads_back(demo):
    made = committed(demo, "prices", CSV, message="First import", primary_key="sku,year")
    assert set(made) == {"hash", "contentHash"}
    assert HEX32.match(made["hash"]) and HEX32.match(made["contentHash"])
    latest = demo.get("repos/prices/commits/latest", params={"getContent": "true"}).json()
    assert latest["hash"] == made["hash"] and latest["contentHash"] == made["contentHash"]
    assert latest["message"] == "First import"
    assert latest["prevCommitHash"] == ""
    assert latest["authorUsername"] == "demo"
    assert latest["authorId"].startswith("usr_")
    assert latest["authorAvatarUrl"].startswith("https://www.gravatar.com/avatar/")
    committed_at = datetime.strptime(latest["commitTime"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(datetime.now(UTC).replace(tzinfo=None) - committed_at).total_seconds() < 60
    assert latest["table"] == {
        "columns": ["sku", "year", "price"],
        "numRows": 3,
        "primaryKey": ["sku", "year"],
    }
    by_hash = demo.get(f"repos/prices/commits/{made['hash']}", params={"getContent": "true"})
    assert by_hash.json() == latest
    plain = demo.get(f"repos/prices/commits/{made['hash']}").json()
    assert "table" not in plain
    assert demo.get("repos/prices/commits/latest", params={"getContent": "false"}).json() == plain


def test_history_is_linear_and_newest_first(demo):
    hashes = [committed(demo, "linear", CSV, message=f"v{n}")["hash"] for n in range(3)]
    commits = demo.get("repos/linear/commits").json()
    assert commits["nextPageToken"] == "EOF"
    assert [c["hash"] for c in commits["commits"]] == hashes[::-1]
    assert [c["prevCommitHash"] for c in commits["commits"]] == [hashes[1], hashes[0], ""]
    assert all(set(c) == COMMIT_FIELDS for c in commits["commits"])
    assert len(set(hashes)) == 3  # the same content thrice: three commits


def test_deduplication_counts_distinct_keys(demo):
    data = b"id,v\n1,a\n2,b\n1,c\n1,c\n"
    committed(demo, "dups", data, primary_key="id")
    table = demo.get("repos/dups/commits/latest?getContent=true").json()["table"]
    assert table["numRows"] == 2
    committed(demo, "dups", data)  # every column is the key: (1,a) (2,b) (1,c)
    assert demo.get("repos/dups/commits/latest?getContent=true").json()["table"] == {
        "columns": ["id", "v"],
        "numRows": 3,
        "primaryKey": ["id", "v"],
    }


def test_content_hash_is_about_the_table_only(demo, other):
    first = committed(demo, "hashing", b"a,b\n1,x\n2,y\n", primary_key="a")
    reordered = committed(
        demo, "hashing", b"a,b\r\n2,y\r\n1,x\r\n2,y\r\n", primary_key="a", message="other message"
    )
    elsewhere = committed(other, "hashing-too", b'"a","b"\n1,x\n2,y\n', primary_key="a")
    assert first["contentHash"] == reordered["contentHash"] == elsewhere["contentHash"]
    assert len({first["hash"], reordered["hash"], elsewhere["hash"]}) == 3
    key_order = committed(demo, "hashing", b"a,b\n1,x\n2,y\n", primary_key="b,a")
    all_columns = committed(demo, "hashing", b"a,b\n1,x\n2,y\n", primary_key="a,b")
    hashes = {first["contentHash"], key_order["contentHash"], all_columns["contentHash"]}
    assert len(hashes) == 3


def test_header_only_is_an_empty_table(demo):
    committed(demo, "empty-table", b"id,name\n", primary_key="id")
    table = demo.get("repos/empty-table/commits/latest?getContent=true").json()["table"]
    assert table == {"columns": ["id", "name"], "numRows": 0, "primaryKey": ["id"]}


def test_seeded_history_pages_20_at_a_time_to_eof(demo):
    pages = []
    token = ""
    while token != "EOF":
        body = demo.get("repos/demo-history/commits", params={"pageToken": token}).json()
        pages.append(body["commits"])
        token = body["nextPageToken"]
    assert [len(p) for p in pages] == [20, 20, 5]
    hashes = [c["hash"] for page in pages for c in page]
    assert len(set(hashes)) == 45
    for newer, older in itertools.pairwise(hashes):
        assert demo.get(f"repos/demo-history/commits/{newer}").json()["prevCommitHash"] == older


def test_paging_is_anchored_while_commits_arrive(demo):
    for n in range(25):
        committed(demo, "busy", b"k\n%d\n" % n, message=f"c{n}")
    before = history(demo, "busy")
    first = demo.get("repos/busy/commits").json()
    committed(demo, "busy", b"k\nnew\n", message="while paging")
    rest = demo.get("repos/busy/commits", params={"pageToken": first["nextPageToken"]}).json()
    walked = [c["hash"] for c in first["commits"] + rest["commits"]]
    assert walked == before, "a commit made while paging repeated or skipped entries"
    assert rest["nextPageToken"] == "EOF"
    assert len(history(demo, "busy")) == 26


@pytest.mark.parametrize("token", ["EOF", "abc", "x" * 100, "not a token!"])
def test_bad_page_tokens_are_400(demo, token):
    error_of(demo.get("repos/demo-history/commits", params={"pageToken": token}), 400)


def test_tampered_and_foreign_tokens_are_400(demo):
    token = demo.get("repos/demo-history/commits").json()["nextPageToken"]
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    error_of(demo.get("repos/demo-history/commits", params={"pageToken": flipped}), 400)
    message = error_of(demo.get("repos/product-prices/commits", params={"pageToken": token}), 400)
    assert "product-prices" in message
    assert demo.get("repos/demo-history/commits", params={"pageToken": token}).status_code == 200


def test_unknown_and_malformed_hashes(demo):
    committed(demo, "hashes", CSV)
    seeded = demo.get("repos/demo-history/commits/latest").json()["hash"]
    message = error_of(demo.get("repos/hashes/commits/" + "0" * 32), 404)
    assert message == f"commit '{'0' * 32}' not found in repo 'hashes'"
    error_of(demo.get(f"repos/hashes/commits/{seeded}"), 404)  # another repo's commit
    error_of(demo.get(f"repos/hashes/commits/{seeded}/csv"), 404)
    for bad in ("abc", "0" * 31, "0" * 33, "G" * 32, seeded.upper()):
        error_of(demo.get(f"repos/hashes/commits/{bad}"), 400)
        error_of(demo.get(f"repos/hashes/commits/{bad}/csv"), 400)


def test_get_content_accepts_only_true_or_false(demo):
    error_of(demo.get("repos/demo-history/commits/latest", params={"getContent": "yes"}), 400)


def test_commit_records_its_author(other):
    committed(other, "by-other", CSV)
    latest = other.get("repos/by-other/commits/latest").json()
    assert latest["authorUsername"] == "other"
    seeded = other.get("repos/sales_2024/commits/latest").json()
    assert seeded["authorUsername"] == "other"


def test_response_to_a_failed_commit_is_not_a_commit(demo):
    error_of(commit(demo, "nope", b"", gzipped=b"plain"), 400)
    error_of(demo.get("repos/nope/commits/latest"), 404)


@pytest.mark.parametrize("name", ["A", "1abc", "a", "x" * 101, "Demo-history", "ab.c"])
def test_invalid_repo_names_in_paths_are_400(demo, name):
    for path in (
        f"repos/{name}/commits",
        f"repos/{name}/commits/latest",
        f"repos/{name}/commits/latest/csv",
    ):
        error_of(demo.get(path), 400)
    error_of(demo.post(f"repos/{name}/publish", json={"public": True}), 400)


def test_a_slash_in_a_repo_name_is_no_route(demo):
    error_of(demo.get("repos/ab/c/commits/latest"), 404)
