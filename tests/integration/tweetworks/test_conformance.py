"""The Tweetworks gate passes the mock and fails near-miss servers (real HTTP, real
Schemathesis, the real `understudy conform` CLI in its own process)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

import pytest

from conformance.apis.tweetworks import suffix_media_type
from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.support.gate import conform, junit_counts
from tests.support.server import LiveServer
from tests.support.tamper import Rewrite

FAST = ("--phases", "examples,fuzzing", "--max-examples", "5")
"""The near-miss servers' gate: every one is caught by the examples or fuzzing phase (the
coverage phase, half of each run, added no evidence any of them needs)."""
SCENARIOS = ("--scenarios-only",)


def tweetworks_app() -> Any:
    settings = Settings(validate_responses=True)
    return create_app(definitions(["tweetworks"]), settings, standalone=True)


def json_errors_for_xml(scope, status, headers, body):
    if status >= 400 and suffix_media_type(scope["path"]) == "application/xml":
        text = re.search(rb"CDATA\[(.*?)\]\]>", body)
        body = json.dumps({"error": {"text": text.group(1).decode() if text else "x"}}).encode()
        headers["content-type"] = "application/json"
    return status, headers, body


def xml_without_replies(scope, status, headers, body):
    if headers.get("content-type") == "application/xml":
        body = re.sub(rb"<replies>\d+</replies>", b"", body)
    return status, headers, body


def xml_bodies_differ(scope, status, headers, body):
    if headers.get("content-type") == "application/xml":
        body = body.replace(b"<body><![CDATA[", b"<body><![CDATA[(xml) ")
    return status, headers, body


def unsplit_cdata(scope, status, headers, body):
    return status, headers, body.replace(b"]]]]><![CDATA[>", b"]]>")


def no_realm(scope, status, headers, body):
    headers.pop("www-authenticate", None)
    return status, headers, body


def problem_json(scope, status, headers, body):
    if status >= 400:
        headers["content-type"] = "application/problem+json"
        body = json.dumps({"type": "about:blank", "title": "Error", "status": status}).encode()
    return status, headers, body


def single_item_unwrapped(scope, status, headers, body):
    if scope["path"].startswith("/__admin/"):
        return status, headers, body  # the API is wrong, the mock's admin is not
    if headers.get("content-type") == "application/json" and status == 200:
        document = json.loads(body)
        ((name, value),) = document.items()
        if isinstance(value, list) and len(value) == 1:
            body = json.dumps({name: value[0]}).encode()
    return status, headers, body


def drop_jsonp(pairs):
    return [(k, v) for k, v in pairs if k != "jsonp"]


PLACEHOLDER = "Reflected.placeholder"


def reflect_any_callback(pairs):
    return [(k, PLACEHOLDER if k == "jsonp" else v) for k, v in pairs] + [
        ("x-original-jsonp", v) for k, v in pairs if k == "jsonp"
    ]


def reflect(scope, status, headers, body):
    original = dict(parse_qsl(scope["query_string"].decode("latin-1"))).get("x-original-jsonp")
    if original is not None:
        body = body.replace(PLACEHOLDER.encode(), original.encode())
    return status, headers, body


WRONG_SERVERS = {
    "JSON errors to .xml requests": (dict(edit=json_errors_for_xml), FAST, "format_honoured"),
    "XML without a required field": (
        dict(edit=xml_without_replies),
        FAST,
        '"replies" is a required property',
    ),
    "XML data differs from JSON": (dict(edit=xml_bodies_differ), SCENARIOS, "FAIL formats_agree"),
    "XML data differs from JSON on a generated GET": (
        dict(edit=xml_bodies_differ),
        FAST,
        "carries other data than",
    ),
    "CDATA not split at ]]>": (dict(edit=unsplit_cdata), SCENARIOS, "FAIL posts_thread_and_order"),
    "401 without the realm": (dict(edit=no_realm), FAST, "WWW-Authenticate"),
    "problem+json errors": (dict(edit=problem_json), FAST, "error_envelope"),
    "one item outside its container": (
        dict(edit=single_item_unwrapped),
        FAST,
        'is not of type "array"',
    ),
    "jsonp ignored": (dict(query=drop_jsonp), FAST, "format_honoured"),
    "hostile callback reflected": (
        dict(query=reflect_any_callback, edit=reflect),
        SCENARIOS,
        "FAIL hostile_callbacks_refused",
    ),
}


def test_the_gate_passes_against_the_mock_with_no_flags(tmp_path):
    with LiveServer(tweetworks_app()) as server:
        result = conform(
            "tweetworks", server.origin, "--max-examples", "10", junit=tmp_path / "gate.xml"
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "CONFORMS" in result.stdout
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.stdout, phase
    cases, failed = junit_counts(tmp_path / "gate.xml")
    assert cases > 20 and failed == 0


@pytest.mark.parametrize("name", list(WRONG_SERVERS))
def test_the_gate_fails_against_a_wrong_server(name, tmp_path):
    options, flags, evidence = WRONG_SERVERS[name]
    with LiveServer(Rewrite(tweetworks_app(), **options)) as server:
        result = conform("tweetworks", server.origin, *flags, junit=tmp_path / "gate.xml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "DOES NOT CONFORM" in result.stdout
    assert evidence.lower() in output.lower(), output[-3000:]
    assert junit_counts(tmp_path / "gate.xml")[1] > 0
