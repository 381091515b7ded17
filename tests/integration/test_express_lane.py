"""The express lane answers exactly as Connexion's full stack does.

Two real servers over HTTP, one with the lane and one without (`--no-express-lane`),
seeded alike, get the same sequence of requests for every API: reads, writes, and
the refusals the lane hands to the stack (no or bad credentials, bad parameters, bad
bodies, unknown ids, wrong methods, forced answers). Every answer must match in
status, media type, body and headers (timestamps and rate-limit resets aside).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.generic import SpecServer
from tests.support.server import MockServer

Case = tuple[str, str, str, dict[str, str], Any]
"""api, method, path below the API's base, headers, JSON body (or raw bytes)."""


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


TW = {"Authorization": "Bearer tw_enterprise_demo"}
TWL = _basic("demo@teamworklive.test", "twl_demo_key")
WRGL = {"Authorization": "APIKEY wrgl_demo_key"}
JSON = {"Content-Type": "application/json"}

CASES: list[Case] = [
    ("tw", "GET", "/datasets", TW, None),
    ("tw", "GET", "/datasets?limit=2", TW, None),
    ("tw", "GET", "/datasets?limit=0", TW, None),
    ("tw", "GET", "/datasets?nope=1", TW, None),
    ("tw", "GET", "/datasets", {}, None),
    ("tw", "GET", "/datasets", {"Authorization": "Bearer wrong"}, None),
    ("tw", "POST", "/datasets", {**TW, **JSON}, {"name": "lane_check"}),
    ("tw", "POST", "/datasets", {**TW, **JSON}, {"name": 5}),
    ("tw", "POST", "/datasets", {**TW, **JSON}, b""),
    ("tw", "GET", "/datasets/does-not-exist", TW, None),
    ("tw", "DELETE", "/policies", TW, None),
    ("tw", "GET", "/policies", TW, None),
    ("tw", "GET", "/integrations", TW, None),
    ("teamworklive", "GET", "/projects.json", TWL, None),
    ("teamworklive", "GET", "/projects.xml", TWL, None),
    ("teamworklive", "GET", "/companies.json", TWL, None),
    ("teamworklive", "GET", "/projects/999999.json", TWL, None),
    ("teamworklive", "GET", "/projects.json", {}, None),
    ("teamworklive", "GET", "/projects.txt", TWL, None),
    ("teamworklive", "POST", "/companies.json", {**TWL, **JSON}, {"name": "Lane"}),
    ("teamworklive", "POST", "/companies.json", {**TWL, **JSON}, {"name": ""}),
    ("teamworklive", "GET", "/companies.json", TWL, None),
    ("wrgl", "GET", "/repos", WRGL, None),
    ("wrgl", "GET", "/repos/nope/commits", WRGL, None),
    ("wrgl", "GET", "/repos", {"Authorization": "APIKEY wrong"}, None),
    ("wrgl", "POST", "/repos", {**WRGL, **JSON}, {"name": "lane-check"}),
    ("wrgl", "GET", "/repos", WRGL, None),
    ("tweetworks", "GET", "/posts/index.json", {}, None),
    ("tweetworks", "GET", "/posts/index.json?jsonp=cb", {}, None),
    ("tweetworks", "GET", "/posts/index.xml", {}, None),
    ("tweetworks", "GET", "/groups/index.json", {}, None),
    ("tweetworks", "GET", "/posts/view/999999.json", {}, None),
    ("tweetworks", "GET", "/posts/index.json", {"Prefer": "code=500"}, None),
    ("example", "GET", "/resources", {}, None),
    ("example", "GET", "/users/me", {"Authorization": "Bearer not-a-token"}, None),
]

EXAMPLE_AUTHENTICATED: list[tuple[str, str, Any, dict[str, str]]] = [
    ("GET", "/resources", None, {}),
    ("GET", "/resources?per_page=3&page=2&sort=name", None, {}),
    ("GET", "/resources?filter[type]=premium", None, {}),
    ("GET", "/resources?per_page=500", None, {}),
    ("GET", "/resources?sort=bogus", None, {}),
    ("POST", "/resources", {"name": "Lane", "type": "standard"}, JSON),
    ("POST", "/resources", {"name": "Lane"}, JSON),
    ("POST", "/resources", b"{not json", JSON),
    ("POST", "/resources", b"", JSON),  # Content-Length: 0 to a required body: 400, no hang
    ("POST", "/resources", b'{"name": "x", "type": "standard"}', {}),
    ("POST", "/resources", {"name": "Lane", "type": "standard"}, {"Content-Type": "text/plain"}),
    ("GET", "/resources/res_doesnotexist", None, {}),
    ("PUT", "/resources", None, {}),
    ("GET", "/users/me", None, {}),
    ("GET", "/organizations", None, {}),
    ("GET", "/resources", None, {"Prefer": "code=404"}),
    ("GET", "/resources?__code=429", None, {}),
    ("GET", "/resources", None, {"Origin": "http://localhost:5173"}),
]

_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
_VOLATILE_HEADERS = {"date", "x-ratelimit-reset", "ratelimit", "retry-after", "content-length"}


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[MockServer, MockServer]]:
    with MockServer() as lane, MockServer(express_lane=False) as stack:
        yield lane, stack  # type: ignore[misc]


def _answer(response: httpx.Response, origin: str) -> dict[str, Any]:
    """The answer with what differs between two servers (port, clock) masked."""
    headers = {
        name: value.replace(origin, "<origin>")
        for name, value in response.headers.items()
        if name.lower() not in _VOLATILE_HEADERS
    }
    body = _STAMP.sub(b"<time>", response.content).replace(origin.encode(), b"<origin>")
    return {
        "status": response.status_code,
        "type": response.headers.get("content-type"),
        "body": body,
        "headers": headers,
    }


def _send(
    server: MockServer, api: str, method: str, path: str, headers: dict[str, str], body: Any
) -> dict[str, Any]:
    url = server.url(api) + path
    content = body if isinstance(body, bytes) else None
    payload = None if isinstance(body, bytes) or body is None else body
    response = httpx.request(
        method, url, headers=headers, json=payload, content=content, timeout=15
    )
    return _answer(response, server.origin)


def test_every_api_answers_alike_with_and_without_the_lane(
    servers: tuple[MockServer, MockServer],
) -> None:
    lane, stack = servers
    statuses = set()
    for api, method, path, headers, body in CASES:
        ours = _send(lane, api, method, path, headers, body)
        theirs = _send(stack, api, method, path, headers, body)
        assert ours == theirs, (api, method, path, ours, theirs)
        statuses.add(ours["status"])
    # The sequence exercised the lane's answers and the stack's refusals alike.
    assert {200, 201, 400, 401, 404} <= statuses
    assert lane.app.lane.served >= 10 and lane.app.lane.handed_on >= 10
    assert stack.app.lane.served == 0


def test_example_authenticated_requests_answer_alike(
    servers: tuple[MockServer, MockServer],
) -> None:
    lane, stack = servers
    tokens = []
    for server in servers:
        login = httpx.post(
            server.url("example") + "/auth/login",
            json={"email": "enterprise@example.com", "password": "demo-password"},
            timeout=15,
        )
        assert login.status_code == 200
        tokens.append(login.json()["access_token"])
    statuses = set()
    for method, path, body, extra in EXAMPLE_AUTHENTICATED:
        answers = [
            _send(
                server, "example", method, path, {"Authorization": f"Bearer {token}", **extra}, body
            )
            for server, token in zip(servers, tokens, strict=True)
        ]
        assert answers[0] == answers[1], (method, path, answers)
        statuses.add(answers[0]["status"])
    assert {200, 201, 400, 404, 405, 415, 429} <= statuses
    # What the lane served left the same state behind: the listings agree afterwards.
    listings = [
        httpx.get(
            server.url("example") + "/resources?per_page=100",
            headers={"Authorization": f"Bearer {token}"},
            timeout=15,
        ).json()
        for server, token in zip((lane, stack), tokens, strict=True)
    ]
    assert [r["id"] for r in listings[0]["data"]] == [r["id"] for r in listings[1]["data"]]


def test_a_refused_empty_optional_body_goes_down_the_stack_intact() -> None:
    """An optional form body sent empty is read by the validator before it refuses the
    request: the stack must still get the (empty) body, or it waits for it forever."""
    spec = Path(__file__).resolve().parent.parent / "data" / "openapi" / "uspto.yaml"
    answers = []
    for lane in (True, False):
        with SpecServer(spec, express_lane=lane) as server:
            response = httpx.post(
                server.url + "/oa_citations/v1/records",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                content=b"",
                timeout=5,
            )
            answers.append(_answer(response, server.origin))
            assert server.app.lane.served == 0
    assert answers[0]["status"] == 400
    assert answers[0] == answers[1]


DEFAULTS_SPEC = """
openapi: 3.0.3
info: {title: Defaults, version: "1"}
servers: [{url: /api}]
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '201':
          description: made
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /things/{thingId}:
    parameters:
      - {name: thingId, in: path, required: true, schema: {type: integer}}
    get:
      operationId: getThing
      responses:
        '200':
          description: one
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '404': {description: none}
    patch:
      operationId: patchThing
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}
      responses:
        '200':
          description: changed
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '404': {description: none}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string, minLength: 1}
        tags: {type: array, items: {type: string}, default: []}
        settings:
          type: object
          default: {mode: auto}
          properties: {mode: {type: string, enum: [auto, manual]}}
        count: {type: integer, minimum: 0, default: 1}
"""


def test_bodies_with_defaults_answer_alike(tmp_path: Path) -> None:
    """The lane's compiled body check fills in the same defaults as Connexion's
    validator, as fresh copies: a later create still gets the default list, not the
    one an earlier request changed."""
    spec = tmp_path / "defaults.yaml"
    spec.write_text(DEFAULTS_SPEC)
    steps: list[tuple[str, str, Any]] = [
        ("POST", "/things", {"name": "a"}),
        ("POST", "/things", {"name": "b", "tags": ["x"], "count": 3}),
        ("PATCH", "/things/1", {"tags": ["y"]}),
        ("POST", "/things", {"name": "c"}),
        ("POST", "/things", b'{"name": "d",\n "settings": {"mode": "manual"}}'),
        ("POST", "/things", {"name": "e", "count": -1}),
        ("POST", "/things", {"name": "f", "settings": {"mode": "sometimes"}}),
        ("POST", "/things", b"null"),
        ("GET", "/things/1", None),
        ("GET", "/things/3", None),
    ]
    answers = []
    for lane in (True, False):
        with SpecServer(spec, express_lane=lane) as server:
            seen = []
            for method, path, body in steps:
                content = body if isinstance(body, bytes) else None
                response = httpx.request(
                    method,
                    server.url + path,
                    json=None if content is not None else body,
                    content=content,
                    headers=JSON,
                    timeout=10,
                )
                seen.append(_answer(response, server.origin))
            answers.append(seen)
            if lane:
                assert server.app.lane.accepted_bodies >= 4
    for step, ours, theirs in zip(steps, *answers, strict=True):
        assert ours == theirs, (step, ours, theirs)
    created = [a for a in answers[0] if a["status"] == 201]
    assert len(created) == 4
    assert b'"tags": []' in created[2]["body"] or b'"tags":[]' in created[2]["body"]
    assert {a["status"] for a in answers[0][5:8]} == {400}
