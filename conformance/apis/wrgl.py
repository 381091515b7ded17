"""Conformance profile of the WRGL API: `{"message"}` errors, API-key auth, CSV scenarios.

The scenarios commit into repositories named `conformance-<random>` (WRGL has no
delete, so they stay on the server under test) and check what Schemathesis cannot:
the uploaded bytes come back, ranges are slices of the whole, content hashes
identify tables, and the commit history pages to EOF.
"""

from __future__ import annotations

import csv
import gzip
import io
import secrets
from typing import Any

import httpx

from conformance.observed import Observed
from conformance.profile import Profile, Scenario, ScenarioContext
from conformance.scenarios import (
    expect_error,
    expect_status,
    unauthenticated_is_401,
    unknown_id_is_404,
)

ROUND_TRIP_CSV = (
    'id,name,note\r\n1,"Smith, Jane","said ""hi""\nthen left"\r\n2,Bob,plain\r\n3,Émile,ünïcödé\r\n'
).encode()
PAGED_COMMITS = 23
"""More than one page of 20, so the history needs a pageToken and ends in EOF."""


def check_error_body(response: Observed) -> None:
    """`{"message": "..."}` in JSON: a non-empty message, nothing problem+json-like."""
    if response.media_type != "application/json":
        raise AssertionError(
            f"{response.status} error is {response.media_type or 'untyped'}, not application/json"
        )
    body = response.json()
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        raise AssertionError(f"{response.status} error body has no 'message': {body!r:.200}")
    if not body["message"]:
        raise AssertionError(f"{response.status} error message is empty")


def login(_client: httpx.Client, _user: str, key: str) -> dict[str, str]:
    """WRGL has no login flow: the credential's secret is the API key."""
    return {"Authorization": f"APIKEY {key}"}


def _repo_name() -> str:
    return f"conformance-{secrets.token_hex(6)}"


def _commit(
    ctx: ScenarioContext, repo: str, data: bytes, message: str, primary_key: str = ""
) -> dict[str, Any]:
    response = ctx.client.post(
        "commits",
        data={"repoName": repo, "message": message, "csv.primaryKey": primary_key},
        files={"csv.dataFile": ("data.csv.gz", gzip.compress(data), "application/gzip")},
    )
    expect_status(response, 200)
    body = response.json()
    for name in ("hash", "contentHash"):
        if not isinstance(body.get(name), str) or len(body[name]) != 32:
            raise AssertionError(f"POST /commits: {name} is {body.get(name)!r}")
    return body  # type: ignore[no-any-return]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def commit_round_trip(ctx: ScenarioContext) -> None:
    """Commit, then latest, by-hash and download agree; the download is the upload."""
    repo = _repo_name()
    made = _commit(ctx, repo, ROUND_TRIP_CSV, "conformance round trip", "id")
    latest = ctx.client.get(f"repos/{repo}/commits/latest", params={"getContent": "true"})
    expect_status(latest, 200)
    body = latest.json()
    if (body["hash"], body["contentHash"]) != (made["hash"], made["contentHash"]):
        raise AssertionError(f"latest commit {body!r:.300} is not the one just made {made}")
    table = body.get("table")
    expected_table = {"columns": ["id", "name", "note"], "numRows": 3, "primaryKey": ["id"]}
    if table != expected_table:
        raise AssertionError(f"table is {table!r}, expected {expected_table!r}")
    if body.get("prevCommitHash") != "":
        raise AssertionError("the first commit of a repository has a non-empty prevCommitHash")
    by_hash = ctx.client.get(f"repos/{repo}/commits/{made['hash']}")
    expect_status(by_hash, 200)
    if "table" in by_hash.json():
        raise AssertionError("table is present without getContent=true")
    for path in (f"repos/{repo}/commits/{made['hash']}/csv", f"repos/{repo}/commits/latest/csv"):
        download = ctx.client.get(path)
        expect_status(download, 200)
        if download.content != ROUND_TRIP_CSV:
            raise AssertionError(f"GET {path} is not the uploaded CSV: {download.content[:200]!r}")
        etag = download.headers.get("etag")
        if etag != f'"{made["contentHash"]}"':
            raise AssertionError(f"GET {path}: ETag {etag!r}, expected the quoted content hash")
        expect_status(ctx.client.get(path, headers={"If-None-Match": etag}), 304)


def ranged_download(ctx: ScenarioContext) -> None:
    """Single ranges are slices of the whole file; past the end is 416 `bytes */LEN`."""
    repo = _repo_name()
    data = _csv([["n", "square"], *([str(i), str(i * i)] for i in range(200))])
    made = _commit(ctx, repo, data, "conformance ranges")
    path = f"repos/{repo}/commits/{made['hash']}/csv"
    size = len(data)
    cases = {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, size - 1),
        "bytes=-50": (size - 50, size - 1),
        f"bytes=10-{size + 1000}": (10, size - 1),
    }
    for header, (first, last) in cases.items():
        response = ctx.client.get(path, headers={"Range": header})
        expect_status(response, 206)
        if response.content != data[first : last + 1]:
            raise AssertionError(f"Range {header}: body is not bytes {first}-{last} of the file")
        expected = f"bytes {first}-{last}/{size}"
        if response.headers.get("content-range") != expected:
            raise AssertionError(
                f"Range {header}: Content-Range {response.headers.get('content-range')!r}, "
                f"expected {expected!r}"
            )
    beyond = ctx.client.get(path, headers={"Range": f"bytes={size}-"})
    expect_error(ctx, beyond, 416)
    if beyond.headers.get("content-range") != f"bytes */{size}":
        raise AssertionError(f"416 Content-Range is {beyond.headers.get('content-range')!r}")


def content_hash_identity(ctx: ScenarioContext) -> None:
    """Row order and duplicate rows keep the content hash; another key order changes it."""
    repo = _repo_name()
    rows = [["a", "b", "c"], ["1", "x", "p"], ["2", "y", "q"], ["3", "z", "r"]]
    first = _commit(ctx, repo, _csv(rows), "original", "a,b")
    shuffled = [rows[0], rows[3], rows[1], rows[2], rows[1]]
    second = _commit(ctx, repo, _csv(shuffled), "reordered with a duplicate", "a,b")
    if first["contentHash"] != second["contentHash"]:
        raise AssertionError("reordering rows and adding a duplicate changed the content hash")
    if first["hash"] == second["hash"]:
        raise AssertionError("two commits share a commit hash")
    third = _commit(ctx, repo, _csv(rows), "key in another order", "b,a")
    if third["contentHash"] == first["contentHash"]:
        raise AssertionError("a different primary-key order kept the content hash")


def commits_pagination(ctx: ScenarioContext) -> None:
    """The history pages newest first to EOF, every commit once; EOF and forged tokens
    are 400."""
    repo = _repo_name()
    made = [
        _commit(ctx, repo, _csv([["k", "v"], ["1", str(n)]]), f"commit {n}")["hash"]
        for n in range(PAGED_COMMITS)
    ]
    seen: list[str] = []
    token = ""
    for _ in range(PAGED_COMMITS):
        response = ctx.client.get(f"repos/{repo}/commits", params={"pageToken": token})
        expect_status(response, 200)
        body = response.json()
        if len(body["commits"]) > 20:
            raise AssertionError(f"a page holds {len(body['commits'])} commits (at most 20)")
        seen += [commit["hash"] for commit in body["commits"]]
        token = body["nextPageToken"]
        if token == "EOF":
            break
    if token != "EOF":
        raise AssertionError("the history never reached nextPageToken EOF")
    if seen != made[::-1]:
        raise AssertionError(
            f"walked {len(seen)} commits ({len(set(seen))} distinct), expected the "
            f"{len(made)} made, newest first, each once"
        )
    expect_error(ctx, ctx.client.get(f"repos/{repo}/commits", params={"pageToken": "EOF"}), 400)
    first = ctx.client.get(f"repos/{repo}/commits").json()["nextPageToken"]
    forged = first[:-2] + ("AA" if first[-2:] != "AA" else "BB")
    expect_error(ctx, ctx.client.get(f"repos/{repo}/commits", params={"pageToken": forged}), 400)
    ctx.note(f"{len(seen)} commits over {-(-len(seen) // 20)} pages")


def invalid_uploads_store_nothing(ctx: ScenarioContext) -> None:
    """Uploads the contract rejects are 400 and create no repository."""
    repo = _repo_name()
    bad = {
        "not gzip": b"id,name\n1,a\n",
        "ragged rows": gzip.compress(b"id,name\n1,a,extra\n"),
        "empty CSV": gzip.compress(b""),
        "not UTF-8": gzip.compress(b"id,name\n1,\xff\xfe\n"),
        "duplicate header": gzip.compress(b"id,id\n1,2\n"),
    }
    for what, payload in bad.items():
        response = ctx.client.post(
            "commits",
            data={"repoName": repo, "message": what},
            files={"csv.dataFile": ("data.csv.gz", payload, "application/gzip")},
        )
        try:
            expect_error(ctx, response, 400)
        except AssertionError as exc:
            raise AssertionError(f"{what}: {exc}") from None
    expect_error(ctx, ctx.client.get(f"repos/{repo}/commits/latest"), 404)


REPOS_PER_PAGE = 30
"""The spec's `maxItems` of a repository page."""


def repo_count_matches_walk(ctx: ScenarioContext) -> None:
    """`count` (all matching repositories) is what walking every offset page finds,
    for the whole list and for a search; no page repeats a repository."""
    for search in ("", "conformance-"):
        names: list[str] = []
        count = None
        for _ in range(1000):
            response = ctx.client.get("repos", params={"offset": len(names), "search": search})
            expect_status(response, 200)
            body = response.json()
            if count is not None and body["count"] != count:
                raise AssertionError(f"GET /repos: count went from {count} to {body['count']}")
            count = body["count"]
            names += [repo["name"] for repo in body["repos"]]
            if len(body["repos"]) < REPOS_PER_PAGE:
                break
        if len(names) != len(set(names)):
            raise AssertionError(f"GET /repos (search {search!r}): a repository on two pages")
        if len(names) != count:
            raise AssertionError(
                f"GET /repos (search {search!r}): count {count}, walking the pages "
                f"finds {len(names)}"
            )
        ctx.note(f"{count} repositories" + (f" named {search}*" if search else ""))


PROFILE = Profile(
    name="wrgl",
    spec_file="wrgl.yaml",
    check_error_body=check_error_body,
    default_credentials=("demo", "wrgl_demo_key"),
    credentials_form="USER:API_KEY",
    login=login,
    schemathesis_config="wrgl.toml",
    scenarios=(
        Scenario("commit_round_trip", commit_round_trip, commit_round_trip.__doc__ or ""),
        Scenario("ranged_download", ranged_download, ranged_download.__doc__ or ""),
        Scenario(
            "content_hash_identity", content_hash_identity, content_hash_identity.__doc__ or ""
        ),
        Scenario("commits_pagination", commits_pagination, commits_pagination.__doc__ or ""),
        Scenario(
            "invalid_uploads_store_nothing",
            invalid_uploads_store_nothing,
            invalid_uploads_store_nothing.__doc__ or "",
        ),
        Scenario(
            "repo_count_matches_walk",
            repo_count_matches_walk,
            repo_count_matches_walk.__doc__ or "",
        ),
        unknown_id_is_404(path="repos/conformance-no-such-repo/commits/latest"),
        unauthenticated_is_401(path="repos"),
    ),
)
