"""contract.localmock: which health answers are the local mock serving an API at a URL."""

from __future__ import annotations

import json

import pytest

from contract import localmock

MOCK = json.dumps({"status": "ok", "server": "understudy", "apis": {"example": {"mount": "/v1"}}})


def test_the_health_endpoint_sits_at_the_origin():
    url = "http://127.0.0.1:9001/example/v1"
    assert localmock.health_url(url) == "http://127.0.0.1:9001/__admin/health"


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1/"])
def test_the_mock_serving_the_api_at_the_path_is_recognised(url):
    assert localmock.serves(200, MOCK, "example", url)


@pytest.mark.parametrize(
    ("status", "body", "api", "url"),
    [
        (404, MOCK, "example", "http://h/v1"),
        (200, "<html>ok</html>", "example", "http://h/v1"),
        (200, b"\xff\xfe", "example", "http://h/v1"),
        (200, json.dumps({"server": "nginx", "apis": {"example": {"mount": "/v1"}}}), "example", "http://h/v1"),
        (200, json.dumps(["understudy"]), "example", "http://h/v1"),
        (200, json.dumps({"server": "understudy", "apis": []}), "example", "http://h/v1"),
        (200, MOCK, "tw", "http://h/v1"),
        (200, MOCK, "example", "http://h/example/v1"),
    ],
    ids=["404", "not JSON", "not UTF-8", "another server", "a list", "apis not a map",
         "another API", "another path"],
)  # fmt: skip
def test_anything_else_is_not_the_local_mock(status, body, api, url):
    assert not localmock.serves(status, body, api, url)
