"""`understudy mock --ratelimit-headers ietf`: the IETF `RateLimit-Policy` / `RateLimit`
fields instead of `X-RateLimit-*`, counting down to the 429 (which keeps Retry-After),
and read back by the load harness' own parser (loadtests/ietf.py)."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from loadtests.ietf import parse_items
from mockserver.core.ratelimit import RateLimit
from tests.integration.example.conftest import PASSWORD
from tests.support.gate import ROOT
from tests.support.server import MockServer


@pytest.fixture(scope="module")
def ietf():
    # An hour-long window: the burst below never straddles a window boundary.
    with MockServer(
        ["example"],
        rate_limit_headers="ietf",
        rate_limit_overrides={"example.free": RateLimit(3, 3600)},
    ) as server:
        yield server


def test_the_fields_count_down_to_the_429_instead_of_x_ratelimit(ietf):
    ietf.reset()
    base = ietf.url("example") + "/"
    token = httpx.post(
        base + "auth/login", json={"email": "demo@example.com", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    answers = [httpx.get(base + "resources?per_page=1", headers=headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    for answer in answers:
        assert not [name for name in answer.headers if name.lower().startswith("x-ratelimit")]
        [policy] = parse_items(answer.headers["RateLimit-Policy"])
        assert (policy.name, policy.params["q"], policy.params["w"]) == ("free", 3, 3600)
    remaining = [parse_items(a.headers["RateLimit"])[0].params["r"] for a in answers]
    assert remaining == [2, 1, 0, 0]
    reset = parse_items(answers[-1].headers["RateLimit"])[0].params["t"]
    assert 0 < reset <= 3600
    assert int(answers[-1].headers["Retry-After"]) >= 1


def test_an_unknown_header_style_is_one_usage_line():
    result = subprocess.run(
        [sys.executable, "-m", "understudy", "mock", "--ratelimit-headers", "draft"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--ratelimit-headers: invalid choice: 'draft'" in result.stderr, result.stderr
