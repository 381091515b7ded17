"""The path analysis both the generic mock and the generic gate start from."""

from __future__ import annotations

from pathlib import Path

import contract
from contract.paths import Envelope, Pagination, resources

DATA = Path(__file__).resolve().parents[1] / "data" / "openapi"


def _by_collection(name: str) -> dict[str, object]:
    return {r.collection: r for r in resources(contract.load_openapi(DATA / name))}


def test_collection_and_item_make_one_resource_with_its_operations() -> None:
    pets = _by_collection("petstore-expanded.yaml")["/pets"]
    assert pets.item == "/pets/{id}" and pets.id_param == "id"  # type: ignore[attr-defined]
    assert pets.chain == "GET/POST /pets -> GET/DELETE /pets/{id}"  # type: ignore[attr-defined]
    assert pets.id_property == "id"  # type: ignore[attr-defined]
    assert pets.id_schema == {"type": "integer", "format": "int64"}  # type: ignore[attr-defined]
    assert pets.pagination == Pagination("limit", limit="limit")  # type: ignore[attr-defined]


def test_wrappers_nesting_and_offset_pages_are_recognised() -> None:
    found = _by_collection("realworld-conduit.yaml")
    articles, comments = found["/articles"], found["/articles/{slug}/comments"]
    assert articles.id_property == "slug"  # type: ignore[attr-defined]
    assert articles.list_envelope == Envelope("articles")  # type: ignore[attr-defined]
    assert articles.item_envelopes["GetArticle"] == Envelope("article")  # type: ignore[attr-defined]
    assert articles.request_envelopes["CreateArticle"] == Envelope("article")  # type: ignore[attr-defined]
    assert articles.pagination == Pagination("offset", limit="limit", offset="offset")  # type: ignore[attr-defined]
    assert comments.parent is articles and comments.scope_params == ("slug",)  # type: ignore[attr-defined]


def test_client_chosen_ids_and_read_only_lists_of_another_resource() -> None:
    found = _by_collection("swagger-petstore-v3.yaml")
    assert found["/user"].id_property == "username"  # type: ignore[attr-defined]
    assert found["/pet"].collection_replace_op == "updatePet"  # type: ignore[attr-defined]
    assert found["/pet/findByStatus"].shares == "pet"  # type: ignore[attr-defined]


def test_paths_with_no_state_are_no_resources() -> None:
    assert _by_collection("api-with-examples.yaml") == {}
    assert _by_collection("callback-example.yaml") == {}


def test_page_number_and_cursor_styles() -> None:
    example = {r.collection: r for r in resources(contract.load("example"))}
    assert example["/resources"].pagination == Pagination("page", limit="per_page", page="page")
    wrgl = {r.collection: r for r in resources(contract.load("wrgl"))}
    assert wrgl["/repos/{repoName}/commits"].pagination == Pagination("cursor", cursor="pageToken")


def test_an_unknown_id_answers_404_or_the_documented_client_error() -> None:
    def status(*codes: str) -> int:
        return contract.unknown_id_status({"responses": {c: {"description": c} for c in codes}})

    assert status("200", "404", "422") == 404
    assert status("200", "default") == 404 and status("200", "4XX") == 404
    assert status("200", "401", "422") == 422  # RealWorld: no 404, its GenericError
    assert status("200", "400") == 400
    assert status("200", "401") == 404  # nothing fits: 404 all the same


def test_the_base_path_ignores_server_variables() -> None:
    def base(url: str) -> str:
        return contract.base_path({"servers": [{"url": url}]})

    assert base("{scheme}://developer.uspto.gov/ds-api") == "/ds-api"
    assert base("https://x.io/v1/") == "/v1" and base("/api/v3") == "/api/v3"
    assert base("https://x.io") == "/" and contract.base_path({}) == "/"
