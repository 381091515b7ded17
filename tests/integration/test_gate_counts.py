"""Every number a response states about a collection is checked against a full walk of
it: the mock passes, and a server whose count is off by one fails the gate, for every
API that states one (real HTTP, the real CLI, scenarios only)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.ratelimit import RateLimit
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer
from tests.support.tamper import Tamper

TEAMWORKLIVE_LIMIT = RateLimit(400, 3600)
"""Lowered so the scenario that spends the second account's window is quick."""
BASES = {"example": "/v1", "tw": "/v1", "teamworklive": "", "wrgl": "", "tweetworks": ""}
FLAGS = {"teamworklive": ("--limit", "400/1h")}


def app(api):
    overrides = {"teamworklive.standard": TEAMWORKLIVE_LIMIT} if api == "teamworklive" else {}
    settings = replace(Settings(validate_responses=True), rate_limit_overrides=overrides)
    return create_app(definitions([api]), settings, standalone=True)


def off_by_one(path_pattern, locate):
    """A JSON edit adding one to the number ``locate`` finds, on GETs of matching paths."""

    def edit(scope, status, body):
        if scope["method"] == "GET" and status == 200 and re.fullmatch(path_pattern, scope["path"]):
            for holder, key in locate(body):
                holder[key] += 1
        return status, body, None

    return edit


def meta_total(body):
    return [(body["meta"], "total")]


def each(container, key):
    return lambda body: [(item, key) for item in body[container]]


WRONG_COUNTS = {
    "example list total": ("example", r"/v1/users", meta_total, "GET users"),
    "example member_count": (
        "example",
        r"/v1/organizations",
        each("data", "member_count"),
        "member_count",
    ),
    "teamworklive list total": (
        "teamworklive",
        r"/companies\.json",
        lambda body: [(body, "total")],
        "GET companies.json",
    ),
    "tw row_count": ("tw", r"/v1/datasets/ds_\w+", lambda body: [(body, "row_count")], "row_count"),
    "wrgl repository count": ("wrgl", r"/repos", lambda body: [(body, "count")], "count"),
    "tweetworks replies": (
        "tweetworks",
        r"/posts/index/updated\.json",
        each("posts", "replies"),
        "says replies",
    ),
}


@pytest.mark.parametrize("api", sorted(BASES))
def test_the_mock_states_counts_a_walk_confirms(api):
    with LiveServer(app(api)) as server:
        url = server.origin + BASES[api]
        result = conform(api, url, "--scenarios-only", *FLAGS.get(api, ()))
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("name", list(WRONG_COUNTS))
def test_a_count_off_by_one_fails_the_gate(name):
    api, path, locate, evidence = WRONG_COUNTS[name]
    with LiveServer(Tamper(app(api), edit=off_by_one(path, locate))) as server:
        url = server.origin + BASES[api]
        result = conform(api, url, "--scenarios-only", *FLAGS.get(api, ()))
    assert result.returncode == 1, result.stdout[-3000:]
    failures = [line for line in result.stdout.splitlines() if line.startswith("       ")]
    assert any(evidence in line for line in failures), result.stdout[-3000:]
