"""The forced-response, latency and fault controls on `--spec` mocks, over real HTTP:
errors in the document's own error schema (else problem+json), only documented
statuses, rules scoped to the document's operationIds. Responses are validated against
the document (``validate_responses``: an off-contract answer would be a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.generic import DATA, SpecServer

CONDUIT_KEY = {"Authorization": "key123"}


@pytest.fixture()
def pets() -> Iterator[SpecServer]:
    with SpecServer(DATA / "petstore-expanded.yaml") as server:
        yield server


def journal(server: SpecServer) -> list[dict[str, Any]]:
    """The mock's request journal, oldest first."""
    entries = httpx.get(server.origin + "/__admin/requests", timeout=10).json()["requests"]
    return list(reversed(entries))


def test_a_forced_404_is_in_the_documents_error_schema_and_changes_nothing(
    pets: SpecServer,
) -> None:
    with httpx.Client(base_url=pets.url, timeout=10) as http:
        pet_id = http.get("/pets").json()[0]["id"]
        forced = http.delete(f"/pets/{pet_id}", headers={"Prefer": "code=404"})
        assert forced.status_code == 404
        assert forced.json() == {"code": 404, "message": "Not Found"}  # its Error schema
        assert forced.headers["preference-applied"] == "code=404"
        assert http.get(f"/pets/{pet_id}").status_code == 200  # the handler never ran
        by_query = http.get("/pets", params={"__code": "404"})
        assert by_query.status_code == 404 and by_query.json()["code"] == 404
    assert [e["forced"] for e in journal(pets)][-3:] == ["code=404", None, "code=404"]


def test_a_forced_404_without_an_error_schema_is_problem_json() -> None:
    with SpecServer(DATA / "uspto.yaml") as server, httpx.Client(timeout=10) as http:
        forced = http.get(server.url + "/oa_citations/v1/fields", headers={"Prefer": "code=404"})
        assert forced.status_code == 404
        assert forced.headers["content-type"] == "application/problem+json"
        assert forced.json() == {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "Not Found",
        }


def test_only_documented_statuses_are_forced_and_a_401_has_its_challenge() -> None:
    path = DATA / "realworld-conduit.yaml"
    accept = ("apikey:Authorization=key123",)
    with SpecServer(path, accept=accept) as server, httpx.Client(timeout=10) as http:
        url = server.url + "/user"
        refused = http.get(url, headers={**CONDUIT_KEY, "Prefer": "code=404"})
        assert refused.status_code == 422  # the document's invalid-input status and body
        assert refused.json() == {
            "errors": {
                "body": [
                    "Prefer code=404: GetCurrentUser documents no 404 response "
                    "(it documents 200, 401, 422)"
                ]
            }
        }
        unauthenticated = http.get(url, headers={**CONDUIT_KEY, "Prefer": "code=401"})
        assert unauthenticated.status_code == 401
        assert unauthenticated.headers["www-authenticate"].startswith("ApiKey realm=")
        assert unauthenticated.json() == {"errors": {"body": ["Unauthorized"]}}


def test_a_latency_rule_applies_to_its_operation_only() -> None:
    with SpecServer(DATA / "uspto.yaml") as server, httpx.Client(timeout=10) as http:
        rule = {"latency": "250ms", "api": "uspto", "operation": "perform-search"}
        added = http.post(server.origin + "/__admin/rules", json=rule)
        assert added.status_code == 201, added.text
        search = http.post(server.url + "/oa_citations/v1/records", data={"criteria": "*:*"})
        fields = http.get(server.url + "/oa_citations/v1/fields")
        assert search.status_code == 200 and fields.status_code == 200
        delays = [(e["path"], e["delay_ms"]) for e in journal(server)]
        assert delays[-2:] == [
            ("/ds-api/oa_citations/v1/records", 250.0),
            ("/ds-api/oa_citations/v1/fields", None),
        ]
        unknown = http.post(
            server.origin + "/__admin/rules", json={**rule, "operation": "no-such-operation"}
        )
        assert unknown.status_code == 400 and "no-such-operation" in unknown.text


def test_a_reset_fault_from_the_command_line_cuts_its_operation_only() -> None:
    with (
        SpecServer(DATA / "uspto.yaml", fault_rules=("uspto.list-data-sets=reset",)) as server,
        httpx.Client(timeout=10) as http,
    ):
        with pytest.raises(httpx.TransportError):
            http.get(server.url + "/")
        assert http.get(server.url + "/oa_citations/v1/fields").status_code == 200
        faults = [(e["path"], e["fault"]) for e in journal(server)]
        assert faults[-2:] == [("/ds-api/", "reset"), ("/ds-api/oa_citations/v1/fields", None)]


def test_an_operation_without_an_operation_id_is_scoped_by_its_made_up_name() -> None:
    with SpecServer(DATA / "callback-example.yaml") as server, httpx.Client(timeout=10) as http:
        rule = {"latency": "100ms", "api": "callback-example", "operation": "post_streams"}
        assert http.post(server.origin + "/__admin/rules", json=rule).status_code == 201
        made = http.post(
            server.url + "/streams",
            params={"callbackUrl": "https://example.com/cb"},
            headers={"Prefer": "code=201"},
        )
        assert made.status_code == 201 and isinstance(made.json()["subscriptionId"], str)
        last = journal(server)[-1]
        assert (last["forced"], last["delay_ms"]) == ("code=201", 100.0)
