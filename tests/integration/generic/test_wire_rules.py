"""How a `--spec` mock reads what is on the wire, per OpenAPI 3.0: urlencoded arrays,
integer path ids, and a document that owns `/` (the index steps aside)."""

from __future__ import annotations

import httpx

from tests.support.generic import DATA, SpecServer

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PET_KEYS = {"Authorization": "Bearer token123", "api_key": "key123"}


def test_form_arrays_repeat_their_name_and_an_absent_required_array_is_empty() -> None:
    with SpecServer(DATA / "swagger-petstore-v3.yaml") as server, httpx.Client(timeout=10) as http:
        url = server.url + "/pet"
        headers = {**PET_KEYS, **FORM}
        both = http.post(url, content=b"name=rex&photoUrls=a&photoUrls=b", headers=headers)
        assert both.status_code == 200, both.text
        assert both.json()["name"] == "rex"
        none = http.post(url, content=b"name=max", headers=headers)  # photoUrls: [] on the wire
        assert none.status_code == 200, none.text
        twice = http.post(url, content=b"name=a&name=b&photoUrls=x", headers=headers)
        assert twice.status_code == 400
        assert "field 'name' appears more than once" in twice.text


def test_a_non_integer_integer_path_id_is_invalid_input_not_a_missing_route() -> None:
    with SpecServer(DATA / "realworld-conduit.yaml") as server, httpx.Client(timeout=10) as http:
        headers = {"Authorization": "Token t"}
        slug = http.get(server.url + "/articles", headers=headers).json()["articles"][0]["slug"]
        for bad in ("abc", "9223372036854775808"):  # not an integer; over int64
            answer = http.delete(f"{server.url}/articles/{slug}/comments/{bad}", headers=headers)
            assert answer.status_code == 422, (bad, answer.text)
            assert list(answer.json()) == ["errors"]  # its GenericError
        unknown = http.delete(f"{server.url}/articles/{slug}/comments/-7", headers=headers)
        assert unknown.status_code == 422 and "not found" in unknown.text


def test_a_document_that_owns_the_root_answers_it_and_admin_stays() -> None:
    with SpecServer(DATA / "api-with-examples.yaml") as server, httpx.Client(timeout=10) as http:
        root = http.get(server.origin + "/")
        assert root.status_code == 200 and root.headers["content-type"] == "application/json"
        assert "versions" in root.json()  # its own example, not the mock's index page
        assert http.get(server.origin + "/__admin/health").status_code == 200
