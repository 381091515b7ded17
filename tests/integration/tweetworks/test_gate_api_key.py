"""`understudy conform --api-key`: the gate checks a Tweetworks deployment that has its
own API key (real HTTP, the real CLI, Schemathesis in its own process)."""

from __future__ import annotations

import httpx
import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer

DEPLOYMENT_KEY = "deployment-key-7f3a"
FAST = ("--phases", "examples,coverage,fuzzing", "--max-examples", "5")


@pytest.fixture(scope="module")
def deployment():
    """A Tweetworks mock that accepts only its own key, not the demo key."""
    settings = Settings(validate_responses=True, api_keys={"tweetworks": DEPLOYMENT_KEY})
    app = create_app(definitions(["tweetworks"]), settings, standalone=True)
    with LiveServer(app) as server:
        yield server.origin


def test_the_deployment_refuses_the_demo_key_and_takes_its_own(deployment):
    def status(key: str) -> int:
        params = {"data[key]": key}
        return httpx.get(f"{deployment}/posts/index.json", params=params).status_code

    assert status("tweetworks_demo_key") == 401
    assert status(DEPLOYMENT_KEY) == 200


def test_with_the_demo_key_the_gate_fails(deployment):
    result = conform("tweetworks", deployment, *FAST)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "Schemathesis: FAILED" in result.stdout
    assert "FAIL formats_agree" in result.stdout


def test_with_the_deployment_key_and_credentials_the_gate_passes(deployment):
    flags = ("--api-key", DEPLOYMENT_KEY, "--credentials", "demo:demo-password")
    result = conform("tweetworks", deployment, *FAST, *flags)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Schemathesis: passed" in result.stdout
    assert "CONFORMS" in result.stdout


def test_wrong_basic_credentials_fail_the_gate(deployment):
    flags = ("--api-key", DEPLOYMENT_KEY, "--credentials", "demo:not-the-password")
    result = conform("tweetworks", deployment, "--scenarios-only", *flags)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "FAIL posts_thread_and_order" in result.stdout


def test_an_api_without_a_key_refuses_the_option():
    result = conform("wrgl", "http://127.0.0.1:9", "--api-key", "k")
    assert result.returncode != 0
    assert "wrgl has no API key" in result.stderr
