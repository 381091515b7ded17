"""WRGL fixtures: a WRGL-only mock (all-in-one prefix `/wrgl`), clients per user, helpers."""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import pytest

from tests.support.fixtures import base_url, client_fixture, reset_server, single_api_server
from tests.support.server import MockServer

DEMO_KEY = "wrgl_demo_key"
OTHER_KEY = "wrgl_other_key"


mock = single_api_server("wrgl")
fresh = reset_server()
base = base_url("wrgl")


@pytest.fixture(scope="session")
def wrgl_server(mock: MockServer) -> MockServer:
    """The WRGL-only server (its name in the WRGL tests)."""
    return mock


def client(base: str, key: str | None) -> httpx.Client:
    headers = {"Authorization": f"APIKEY {key}"} if key else {}
    return httpx.Client(base_url=base, headers=headers, timeout=30)


demo = client_fixture(client, DEMO_KEY, "User `demo` (paid plan).")
other = client_fixture(client, OTHER_KEY, "User `other` (free plan).")
anonymous = client_fixture(client, None, "No credentials.")


def commit(
    http: httpx.Client,
    repo: str,
    data: bytes,
    *,
    message: str = "a commit",
    primary_key: str | None = None,
    gzipped: bytes | None = None,
) -> httpx.Response:
    """POST /commits with ``data`` gzipped (or ``gzipped`` as the file, verbatim)."""
    fields = {"repoName": repo, "message": message}
    if primary_key is not None:
        fields["csv.primaryKey"] = primary_key
    payload = gzipped if gzipped is not None else gzip.compress(data)
    return http.post(
        "commits",
        data=fields,
        files={"csv.dataFile": ("data.csv.gz", payload, "application/gzip")},
    )


def committed(http: httpx.Client, repo: str, data: bytes, **options: Any) -> dict[str, Any]:
    response = commit(http, repo, data, **options)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def error_of(response: httpx.Response, status: int) -> str:
    """Assert WRGL's own error body (`{"message": ...}` only) and return the message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message"}, body
    assert isinstance(body["message"], str) and body["message"]
    return body["message"]


def all_repos(http: httpx.Client) -> list[dict[str, Any]]:
    """Every repository the client can see, walking the offset pages."""
    repos: list[dict[str, Any]] = []
    while True:
        body = http.get("repos", params={"offset": len(repos)}).json()
        repos += body["repos"]
        if len(repos) >= body["count"] or not body["repos"]:
            return repos


def history(http: httpx.Client, repo: str) -> list[str]:
    """Every commit hash of a repository, newest first, walking the page tokens."""
    hashes: list[str] = []
    token = ""
    while token != "EOF":
        response = http.get(f"repos/{repo}/commits", params={"pageToken": token})
        assert response.status_code == 200, response.text
        body = response.json()
        hashes += [c["hash"] for c in body["commits"]]
        token = body["nextPageToken"]
    return hashes
