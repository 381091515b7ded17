"""WRGL authentication: `Authorization: APIKEY <key>` on every operation, 401 otherwise;
mounted under `/wrgl` in all-in-one mode and at `/` alone."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.wrgl.conftest import DEMO_KEY, error_of
from tests.support.server import MockServer

PATHS = [
    ("GET", "repos"),
    ("GET", "repos/demo-history/commits"),
    ("GET", "repos/demo-history/commits/latest"),
    ("GET", "repos/demo-history/commits/latest/csv"),
    ("POST", "repos/demo-history/publish"),
    ("POST", "commits"),
]


@pytest.mark.parametrize(("method", "path"), PATHS)
def test_every_operation_needs_a_key(anonymous, method, path):
    response = anonymous.request(method, path)
    error_of(response, 401)
    assert response.headers["www-authenticate"] == "APIKEY"


@pytest.mark.parametrize(
    "header",
    [
        "APIKEY nope",
        f"Bearer {DEMO_KEY}",
        DEMO_KEY,
        "APIKEY",
        f"APIKEY {DEMO_KEY}x",
        f"APIKEY {DEMO_KEY.upper()}",  # the key is exact
        "APIKEY wrgl_démo_key",  # non-ASCII: a 401, never a 500
    ],
)
def test_wrong_credentials_are_401(base, header):
    response = httpx.get(f"{base}repos", headers={"Authorization": header.encode()})
    error_of(response, 401)


@pytest.mark.parametrize("scheme", ["APIKEY", "apikey", "ApiKey"])
def test_the_scheme_word_is_case_insensitive(base, scheme):
    response = httpx.get(f"{base}repos", headers={"Authorization": f"{scheme} {DEMO_KEY}"})
    assert response.status_code == 200, response.text


def test_all_in_one_prefix(wrgl_server, demo):
    assert wrgl_server.url("wrgl").endswith("/wrgl")
    assert demo.get("repos").status_code == 200


def test_standalone_at_the_root():
    with MockServer(["wrgl"], standalone=True) as server:
        response = httpx.get(
            f"{server.origin}/repos", headers={"Authorization": f"APIKEY {DEMO_KEY}"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["count"] > 30
        error_of(
            httpx.get(
                f"{server.origin}/wrgl/repos", headers={"Authorization": f"APIKEY {DEMO_KEY}"}
            ),
            404,
        )
