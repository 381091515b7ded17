"""Against a TeamWork Live deployment without a second account, the checks that need
one are SKIPPED with the flag that would let them run, never `ok`; `--strict` fails
them (real HTTP, the real CLI; the mock behind a proxy hiding its admin signature)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer
from tests.support.tamper import Rewrite, not_the_mock

ACCOUNT = ("--credentials", "demo@teamworklive.test:twl_demo_key", "--scenarios-only")


@pytest.fixture(scope="module")
def deployment():
    app = create_app(definitions(["teamworklive"]), Settings(), standalone=True)
    with LiveServer(Rewrite(app, not_the_mock)) as server:
        yield server.origin


def test_without_a_second_account_isolation_and_the_limit_are_skipped(deployment, tmp_path):
    junit = tmp_path / "gate.xml"
    result = conform("teamworklive", deployment, *ACCOUNT, junit=junit)
    out = result.stdout
    assert result.returncode == 0, out[-3000:]
    assert "ok   accounts_are_isolated" not in out and "ok   rate_limit_is_503" not in out
    assert "SKIP accounts_are_isolated" in out and "SKIP rate_limit_is_503" in out
    assert "needs a second account of the deployment: --second-credentials EMAIL:API_KEY" in out
    assert "CONFORMS (2 skipped; --strict fails on skips)" in out
    cases = {c.get("name"): c for c in ElementTree.parse(junit).getroot().iter("testcase")}
    for name in ("accounts_are_isolated", "rate_limit_is_503"):
        skipped = cases[name].find("skipped")
        assert skipped is not None and "--second-credentials" in skipped.get("message", "")


def test_strict_fails_a_gate_that_skipped(deployment):
    result = conform("teamworklive", deployment, *ACCOUNT, "--strict")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "DOES NOT CONFORM (--strict: 2 skipped)" in result.stdout


def test_without_credentials_the_deployment_is_a_usage_error(deployment):
    result = conform("teamworklive", deployment, "--scenarios-only")
    assert result.returncode == 2
    assert "--credentials EMAIL:API_KEY" in result.stderr and result.stdout == ""
