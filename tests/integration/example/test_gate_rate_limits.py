"""The gate reads rate-limit headers for their meaning (the contract's x-rate-limits):
servers whose headers are present but wrong fail it (real HTTP, the real CLI)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.ratelimit import RateLimit
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer
from tests.support.tamper import Rewrite

SMALL = RateLimit(150, 60)
"""The enterprise demo account's limit on these servers: small enough for the gate to
spend it, large enough for every scenario before that."""
SCENARIOS = ("--scenarios-only", "--limit", "150/1m")


def example_app():
    settings = replace(
        Settings(validate_responses=True), rate_limit_overrides={"example.enterprise": SMALL}
    )
    return create_app(definitions(["example"]), settings, standalone=True)


def headers_edit(change):
    def edit(scope, status, headers, body):
        if "x-ratelimit-limit" in headers:
            change(status, headers)
        return status, headers, body

    return edit


def limit_of_no_plan(status, headers):
    headers["x-ratelimit-limit"] = "5000"


def remaining_stuck(status, headers):
    headers["x-ratelimit-remaining"] = "42"


def reset_in_milliseconds(status, headers):
    headers["x-ratelimit-reset"] = str(int(headers["x-ratelimit-reset"]) * 1000)


def reset_as_seconds_left(status, headers):
    headers["x-ratelimit-reset"] = "30"


def retry_after_an_hour(status, headers):
    if status == 429:
        headers["retry-after"] = "3600"


def remaining_left_on_429(status, headers):
    if status == 429:
        headers["x-ratelimit-remaining"] = "3"


def test_the_mock_passes_every_rate_limit_check():
    with LiveServer(example_app()) as server:
        result = conform("example", f"{server.origin}/v1", *SCENARIOS, "--strict")
    assert result.returncode == 0, result.stdout[-3000:]
    for scenario in ("rate_limit_headers_on_errors", "rate_limit_counts_down"):
        assert f"ok   {scenario}" in result.stdout
    assert "ok   rate_limited_answer" in result.stdout


WRONG_SERVERS = {
    "a limit of no plan": (limit_of_no_plan, "is the limit of no plan in force"),
    "remaining does not count down": (remaining_stuck, "Remaining went from 42 to 42"),
    "reset in milliseconds": (reset_in_milliseconds, "not inside the current 60s window"),
    "reset as seconds left": (reset_as_seconds_left, "not inside the current 60s window"),
    "retry-after disagrees with reset": (retry_after_an_hour, "Retry-After 3600s disagrees"),
    "remaining left when limited": (remaining_left_on_429, "with X-RateLimit-Remaining 3"),
}


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_wrong_rate_limit_headers_fail_the_gate(name):
    change, evidence = WRONG_SERVERS[name]
    with LiveServer(Rewrite(example_app(), headers_edit(change))) as server:
        result = conform("example", f"{server.origin}/v1", *SCENARIOS)
    assert result.returncode == 1, result.stdout[-3000:]
    assert evidence in result.stdout, result.stdout[-3000:]


def test_schemathesis_checks_the_headers_of_every_response():
    wrong = Rewrite(example_app(), headers_edit(reset_in_milliseconds))
    with LiveServer(wrong) as server:
        result = conform(
            "example",
            f"{server.origin}/v1",
            "--phases",
            "examples",
            "--max-examples",
            "1",
            "--limit",
            "150/1m",
        )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "Custom check failed: `rate_limit_headers`" in result.stdout
    assert "not inside the current 60s window" in result.stdout
