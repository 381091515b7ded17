"""Forced responses over real HTTP: `Prefer: code=`, `example=`, `dynamic=`, their `?__`
query forms, each in the API's own error body and format, and changing no state."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

import contract
from tests.integration.frontend.conftest import TWEETWORKS_KEY
from tests.support.server import MockServer

Check = Callable[[httpx.Response], None]
NEW_DATASET = {"name": "forced_one", "schema": {"columns": [{"name": "id", "type": "integer"}]}}


def _example_body(r: httpx.Response) -> None:
    assert r.json()["error"]["code"] == "resource_not_found"


def _tw_body(r: httpx.Response) -> None:
    assert r.json()["code"] == "NOT_FOUND"


def _wrgl_body(r: httpx.Response) -> None:
    assert set(r.json()) == {"message"}


def _twl_json(r: httpx.Response) -> None:
    assert r.json() == {"message": "Not Found", "errors": []}


def _twl_xml(r: httpx.Response) -> None:
    assert r.headers["content-type"].startswith("application/xml")
    assert ElementTree.fromstring(r.content).tag == "error"


def _tweetworks_json(r: httpx.Response) -> None:
    assert set(r.json()["error"]) == {"text"}


def _tweetworks_xml(r: httpx.Response) -> None:
    root = ElementTree.fromstring(r.content)
    assert root.tag == "error" and root.findtext("text")


NOT_FOUND_CASES: list[tuple[str, str, dict[str, str], Check]] = [
    ("example", "resources/res_123", {}, _example_body),
    ("tw", "datasets/ds_123", {}, _tw_body),
    ("wrgl", "repos/product-prices/commits/latest", {}, _wrgl_body),
    ("teamworklive", "projects/42.json", {}, _twl_json),
    ("teamworklive", "projects/42.xml", {}, _twl_xml),
    ("tweetworks", "posts/view/1.json", TWEETWORKS_KEY, _tweetworks_json),
    ("tweetworks", "posts/view/1.xml", TWEETWORKS_KEY, _tweetworks_xml),
]


@pytest.mark.parametrize(("api", "path", "params", "check"), NOT_FOUND_CASES)
def test_forced_404_speaks_the_apis_own_error_format(
    client: Any, api: str, path: str, params: dict[str, str], check: Check
) -> None:
    response = client(api).get(path, params=params, headers={"Prefer": "code=404"})
    assert response.status_code == 404, response.text
    assert response.headers["Preference-Applied"] == "code=404"
    check(response)


@pytest.mark.parametrize(("api", "path", "params", "check"), NOT_FOUND_CASES)
def test_query_form_is_the_same_and_never_reaches_validation(
    client: Any, api: str, path: str, params: dict[str, str], check: Check
) -> None:
    # tw rejects undeclared query parameters: `__code` must be gone before validation.
    response = client(api).get(path, params={**params, "__code": "404"})
    assert response.status_code == 404, response.text
    check(response)


def test_forced_answer_is_marked_in_the_journal(fresh: MockServer, client: Any) -> None:
    client("tw").get("datasets", headers={"Prefer": "code=500"})
    entry = httpx.get(f"{fresh.origin}/__admin/requests?limit=1").json()["requests"][0]
    assert entry["path"] == "/tw/v1/datasets"
    assert (entry["status"], entry["forced"]) == (500, "code=500")


def test_forced_503_in_teamworklive_xml_carries_retry_after(client: Any) -> None:
    response = client("teamworklive").get("projects.xml", headers={"Prefer": "code=503"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/xml")
    assert ElementTree.fromstring(response.content).findtext("message") == "Rate Limit Exceeded"
    retry_after = int(response.headers["Retry-After"])
    # The allowance is per clock hour: retry when the hour turns.
    assert 1 <= retry_after <= 3600
    off_by = (retry_after - (3600 - time.time() % 3600)) % 3600
    assert min(off_by, 3600 - off_by) < 5


def test_forced_429_is_consistent_with_the_rate_limit_headers(client: Any) -> None:
    response = client("example").get("resources", headers={"Prefer": "code=429"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limit_exceeded"
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert response.headers["X-RateLimit-Limit"] == "60"
    reset_in = int(response.headers["X-RateLimit-Reset"]) - time.time()
    assert int(response.headers["Retry-After"]) == pytest.approx(reset_in, abs=2)


def test_forced_429_in_tw_has_retry_after_in_body_and_header(client: Any) -> None:
    response = client("tw").get("datasets", headers={"Prefer": "code=429"})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "RATE_LIMIT_EXCEEDED"
    assert str(body["retryAfter"]) == response.headers["Retry-After"]
    assert response.headers["X-RateLimit-Remaining"] == "0"


@pytest.mark.parametrize(
    ("api", "path", "params", "challenge"),
    [
        ("tweetworks", "posts/index.json", TWEETWORKS_KEY, 'Basic realm="Login please"'),
        ("teamworklive", "projects.json", {}, 'Basic realm="TeamWork Live"'),
        ("wrgl", "repos", {}, "APIKEY"),
    ],
)
def test_forced_401_carries_the_apis_challenge(
    client: Any, api: str, path: str, params: dict[str, str], challenge: str
) -> None:
    response = client(api).get(path, params=params, headers={"Prefer": "code=401"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == challenge
    assert "X-RateLimit-Remaining" not in response.headers


def test_forced_success_answers_the_documented_example(client: Any) -> None:
    response = client("wrgl").get(
        "repos/product-prices/commits/latest",
        headers={"Prefer": "code=200, example=withoutContent"},
    )
    assert response.status_code == 200
    assert response.json()["hash"] == "be2e9ea6bdba8fe4e73c91109dc97709"
    assert response.headers["Preference-Applied"] == 'code=200, example="withoutContent"'


def test_example_alone_picks_the_lowest_success(client: Any) -> None:
    response = client("wrgl").get(
        "repos/product-prices/commits/latest", params={"__example": "withContent"}
    )
    assert response.status_code == 200
    assert response.json()["table"]["numRows"] == 1412


def test_forced_success_in_xml_is_the_xml_example(client: Any) -> None:
    response = client("teamworklive").get("projects/42.xml", headers={"Prefer": "code=200"})
    assert response.status_code == 200
    assert ElementTree.fromstring(response.content).tag == "project"


def test_forced_success_honours_jsonp(client: Any) -> None:
    response = client("tweetworks").get(
        "posts/index.json",
        params={**TWEETWORKS_KEY, "jsonp": "show"},
        headers={"Prefer": "code=200"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert response.text.startswith("show(") and response.text.endswith(");")


def test_forced_error_stays_plain_json_under_jsonp(client: Any) -> None:
    # The contract: errors are never wrapped, whatever `jsonp` says.
    response = client("tweetworks").get(
        "posts/index.json",
        params={**TWEETWORKS_KEY, "jsonp": "show"},
        headers={"Prefer": "code=404"},
    )
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"text"}


def test_dynamic_body_follows_the_schema_and_the_seed(client: Any) -> None:
    # The server validates responses against the spec: a body off-schema would be a 500.
    tw = client("tw")
    first = tw.get("datasets", headers={"Prefer": "dynamic=true"})
    second = tw.get("datasets", headers={"Prefer": "dynamic=true"})
    assert first.status_code == 200, first.text
    assert first.json() == second.json()
    assert first.json() != tw.get("datasets", headers={"Prefer": "code=200"}).json()


def test_a_forced_answer_changes_no_state(reset: MockServer, client: Any) -> None:
    tw = client("tw")
    before = tw.get("datasets", params={"limit": 100}).json()
    created = tw.post("datasets", json=NEW_DATASET, headers={"Prefer": "code=201"})
    assert created.status_code == 201, created.text
    assert tw.get("datasets", params={"limit": 100}).json() == before


def test_an_invalid_request_gets_its_real_error_not_the_forced_one(client: Any) -> None:
    response = client("tw").get(
        "datasets", params={"limit": "many"}, headers={"Prefer": "code=404"}
    )
    assert response.status_code == 400
    assert "Preference-Applied" not in response.headers


def test_missing_credentials_get_the_real_401(fresh: MockServer) -> None:
    response = httpx.get(fresh.url("tw") + "/datasets", headers={"Prefer": "code=404"})
    assert response.status_code == 401


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["code=abc", "code=99", "code=4040", "dynamic=maybe", "example="])
def test_a_bad_preference_value_is_the_apis_400(client: Any, value: str) -> None:
    response = client("tw").get("datasets", headers={"Prefer": value})
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "Prefer" in response.json()["message"]
    assert "Preference-Applied" not in response.headers


def test_a_bad_preference_in_xml_is_an_xml_400(client: Any) -> None:
    response = client("teamworklive").get("projects.xml", params={"__code": "abc"})
    assert response.status_code == 400
    assert ElementTree.fromstring(response.content).tag == "error"


def test_an_undocumented_status_is_refused_naming_the_documented_ones(client: Any) -> None:
    response = client("example").get("resources", headers={"Prefer": "code=418"})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "documents no 418 response" in message and "200, 400, 401, 429, 500" in message


def test_an_unknown_example_is_refused_naming_the_known_ones(client: Any) -> None:
    response = client("wrgl").get(
        "repos/product-prices/commits/latest", headers={"Prefer": "example=nope"}
    )
    assert response.status_code == 400
    assert "withContent, withoutContent" in response.json()["message"]


@pytest.mark.parametrize("header", ["respond-async, wait=5", "return=minimal", ";;==,,", '"x'])
def test_unknown_or_malformed_preferences_are_ignored(client: Any, header: str) -> None:
    response = client("tw").get("datasets", headers={"Prefer": header})
    assert response.status_code == 200
    assert "Preference-Applied" not in response.headers


def test_a_refused_preference_changes_nothing(reset: MockServer, client: Any) -> None:
    tw = client("tw")
    before = tw.get("datasets", params={"limit": 100}).json()
    refused = tw.post("datasets", json=NEW_DATASET, headers={"Prefer": "code=abc"})
    assert refused.status_code == 400
    assert tw.get("datasets", params={"limit": 100}).json() == before


@pytest.mark.parametrize(
    ("api", "path", "params"),
    [
        ("example", "resources", {}),
        ("example", "organizations", {}),
        ("tw", "datasets", {}),
        ("tw", "policies", {}),
        ("wrgl", "repos", {}),
        ("wrgl", "repos/product-prices/commits", {}),
        ("teamworklive", "projects.json", {}),
        ("teamworklive", "time_entries.json", {}),
        ("tweetworks", "posts/index.json", TWEETWORKS_KEY),
        ("tweetworks", "groups/index.json", TWEETWORKS_KEY),
    ],
)
@pytest.mark.parametrize("preference", [("__dynamic", "true"), ("__code", "200")])
def test_forced_bodies_validate_against_each_contract(
    client: Any, api: str, path: str, params: dict[str, str], preference: tuple[str, str]
) -> None:
    # The server validates every response against its spec: off-contract would be a 500.
    name, value = preference
    response = client(api).get(path, params={**params, name: value})
    assert response.status_code == 200, response.text
    assert response.headers["Preference-Applied"] == f"{name[2:]}={value}"


@pytest.mark.parametrize(
    ("api", "path"),
    [("example", "resources"), ("tw", "datasets"), ("teamworklive", "projects.json")],
)
def test_a_forced_refusal_has_the_status_and_headers_the_contract_documents(
    client: Any, api: str, path: str
) -> None:
    facts = contract.limits(api)
    assert facts is not None
    response = client(api).get(path, headers={"Prefer": f"code={facts.limited.status}"})
    assert response.status_code == facts.limited.status
    assert {name.lower() for name in facts.limited.headers} <= set(response.headers)
    if "X-RateLimit-Remaining" in facts.limited.headers:
        assert response.headers["X-RateLimit-Remaining"] == "0"
