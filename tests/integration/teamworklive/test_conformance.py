"""The conformance gate passes the mock (at the documented limit, every phase and check)
and fails near-miss TeamWork Live servers (real HTTP, the real CLI in its own process)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.core.ratelimit import RateLimit
from mockserver.settings import Settings
from tests.support.gate import conform, junit_counts
from tests.support.server import LiveServer
from tests.support.tamper import Tamper, XmlEdit


def teamworklive_app(limit: RateLimit | None = None):
    """TeamWork Live alone at its real base path; the documented limit unless lowered
    (lowered, the wrong servers reach their broken rate-limit answer quickly)."""
    overrides = {"teamworklive.standard": limit} if limit else {}
    settings = replace(Settings(validate_responses=True), rate_limit_overrides=overrides)
    return create_app(definitions(["teamworklive"]), settings, standalone=True)


def test_the_gate_passes_against_the_mock_with_every_phase(tmp_path):
    with LiveServer(teamworklive_app()) as server:
        result = conform(
            "teamworklive", server.origin, "--max-examples", "5", junit=tmp_path / "gate.xml"
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert "CONFORMS" in result.stdout
    assert "ok   rate_limit_is_503" in result.stdout and "ok   formats_agree" in result.stdout
    assert "ok   a_400_lists_every_problem" in result.stdout
    cases, failed = junit_counts(tmp_path / "gate.xml")
    assert cases > 30 and failed == 0


def test_the_second_account_is_a_gate_option(tmp_path):
    # Gating as the second demo account: the isolation check needs another account,
    # and names the option when the default one is the account under test.
    other = ("--credentials", "other@teamworklive.test:twl_other_key", "--scenarios-only")
    with LiveServer(teamworklive_app()) as server:
        same = conform("teamworklive", server.origin, *other)
        swapped = conform(
            "teamworklive",
            server.origin,
            *other,
            "--second-credentials",
            "demo@teamworklive.test:twl_demo_key",
        )
    assert same.returncode == 1 and "FAIL accounts_are_isolated" in same.stdout
    assert "--second-credentials" in same.stdout
    assert swapped.returncode == 0, swapped.stdout[-3000:]
    assert "ok   accounts_are_isolated" in swapped.stdout


# -- near misses ----------------------------------------------------------------------------


def rate_limit_as_429(scope, status, body):
    return (429 if status == 503 else status), body, None


def problem_json_errors(scope, status, body):
    if status >= 400:
        problem = {"type": "about:blank", "title": "Error", "detail": "x", "status": status}
        return status, problem, {"content-type": "application/problem+json"}
    return status, body, None


def drop_list_total(scope, status, body):
    if isinstance(body, dict) and "pages" in body:
        body.pop("total", None)
    return status, body, None


def first_problem_only(scope, status, body):
    if status == 400 and isinstance(body, dict) and body.get("errors"):
        body["errors"] = body["errors"][:1]
    return status, body, None


def created_as_200(scope, status, body):
    return (200 if status == 201 else status), body, None


class JsonOnly:
    """Ignores the extension: `.xml` URLs are answered in JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.runtimes = getattr(app, "runtimes", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(".xml"):
            scope = {**scope, "path": scope["path"][:-4] + ".json"}
        await self.app(scope, receive, send)


FAST = ("--phases", "examples,fuzzing", "--max-examples", "3")
SCENARIOS = ("--scenarios-only",)
LOW = RateLimit(200, 3600)
"""Wrong rate-limit answers: the probe meets them after 200 requests."""
MID = RateLimit(2000, 3600)
"""Other near misses: above what a fast run sends, so only the tampered rule breaks."""
WRONG_SERVERS = {
    # name: (wrap the app, limit, gate arguments, evidence in the output)
    "rate limit answered 429": (
        lambda app: Tamper(app, edit=rate_limit_as_429),
        LOW,
        SCENARIOS,
        "got 429",
    ),
    "rate limit answered 429 (Schemathesis)": (
        lambda app: Tamper(app, edit=rate_limit_as_429),
        RateLimit(30, 3600),
        FAST,
        "answered 429",
    ),
    "503 without Retry-After": (
        lambda app: Tamper(app, strip_headers=("retry-after",)),
        LOW,
        SCENARIOS,
        "over the limit without Retry-After",
    ),
    "problem+json errors": (lambda app: Tamper(app, edit=problem_json_errors), MID, FAST, "error"),
    "list without total": (lambda app: Tamper(app, edit=drop_list_total), MID, FAST, "total"),
    "400 listing only the first problem": (
        lambda app: Tamper(app, edit=first_problem_only),
        MID,
        SCENARIOS,
        "lists 1, none naming",
    ),
    "201 answered as 200": (lambda app: Tamper(app, edit=created_as_200), MID, FAST, "status"),
    "XML booleans as 1": (
        lambda app: XmlEdit(app, r"<billable>(true|false)</billable>", "<billable>1</billable>"),
        MID,
        FAST,
        "billable",
    ),
    "XML booleans as 1 and 0": (
        lambda app: XmlEdit(
            app,
            r"<billable>(true|false)</billable>",
            lambda match: f"<billable>{int(match[1] == 'true')}</billable>",
        ),
        MID,
        FAST,
        "XML booleans must be written true or false",
    ),
    "XML list without pages": (
        lambda app: XmlEdit(app, r"<pages>\d+</pages>", ""),
        MID,
        FAST,
        "Response violates schema",  # the XML deserializer read it against the schema
    ),
    "extension ignored": (JsonOnly, MID, FAST, "expected 'application/xml'"),
}


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_the_gate_fails_against_a_wrong_server(name, tmp_path):
    wrap, limit, arguments, evidence = WRONG_SERVERS[name]
    with LiveServer(wrap(teamworklive_app(limit))) as server:
        result = conform("teamworklive", server.origin, *arguments, junit=tmp_path / "gate.xml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "DOES NOT CONFORM" in result.stdout
    assert evidence.lower() in output.lower(), output[-3000:]
    assert junit_counts(tmp_path / "gate.xml")[1] > 0
