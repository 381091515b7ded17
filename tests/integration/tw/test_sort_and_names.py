"""The SDK's array form of `sort`, and datasets addressed by name, over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.tw.conftest import error_of, fields_of


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()["data"]]


def test_the_array_form_of_sort_gives_the_same_list_as_the_string_form(api):
    for name in ("beta_sorted", "alpha_sorted"):
        api.post("datasets", json={"name": name})
    as_string = api.get("datasets", params={"limit": 100, "sort": "row_count:desc,name:asc"})
    as_array = api.get(
        "datasets",
        params={
            "limit": 100,
            "sort[0][field]": "row_count",
            "sort[0][order]": "desc",
            "sort[1][field]": "name",
            "sort[1][order]": "asc",
        },
    )
    assert ids(as_array) == ids(as_string)
    assert ids(as_array) != ids(api.get("datasets", params={"limit": 100, "sort": "name:desc"}))


def test_array_items_go_in_index_order_and_order_defaults_to_asc(api):
    by_name = api.get("datasets", params={"limit": 100, "sort": "name:asc"})
    shuffled = api.get(
        "datasets",
        params=[("sort[1][field]", "created_at"), ("sort[0][field]", "name"), ("limit", "100")],
    )
    assert ids(shuffled) == ids(by_name)


@pytest.mark.parametrize(
    "params",
    [
        {"sort[0][order]": "desc"},
        {"sort[0][field]": "colour"},
        {"sort[0][field]": "name", "sort[0][order]": "up"},
        {"sort[0][dir]": "asc"},
        {"sort": "name:asc", "sort[0][field]": "name"},
        {f"sort[{i}][field]": "name" for i in range(5)},
    ],
)
def test_a_bad_array_sort_is_a_validation_error_naming_sort(api, params):
    body = error_of(api.get("datasets", params=params), 400, "VALIDATION_ERROR")
    assert fields_of(body) == ["sort"]
    assert body["message"].startswith("sort ")


def test_a_dataset_is_addressable_by_its_name(api):
    made = api.post(
        "datasets",
        json={
            "name": "existing_dataset",
            "schema": {"columns": [{"name": "id", "type": "integer", "primaryKey": True}]},
        },
    ).json()
    assert api.get("datasets/existing_dataset").json() == made
    inserted = api.post("datasets/existing_dataset/rows", json={"rows": [{"id": 1}, {"id": 2}]})
    assert inserted.status_code == 201 and inserted.json() == {"inserted": 2}
    query = api.post("datasets/existing_dataset/rows/query", json={"limit": 1})
    page = query.json()
    by_id = api.post(
        f"datasets/{made['id']}/rows/query", json={"limit": 1, "cursor": page["next_cursor"]}
    )
    assert by_id.status_code == 200 and by_id.json()["data"] == [{"id": 2}]
    renamed = api.patch("datasets/existing_dataset", json={"name": "renamed_dataset"})
    assert renamed.json()["id"] == made["id"]
    error_of(api.get("datasets/existing_dataset"), 404, "NOT_FOUND")
    assert api.get("datasets/renamed_dataset").json()["row_count"] == 2
    assert api.delete("datasets/renamed_dataset").status_code == 204
    error_of(api.get(f"datasets/{made['id']}"), 404, "NOT_FOUND")


def test_a_name_shaped_like_an_id_resolves_by_name_when_no_id_matches(api):
    made = api.post("datasets", json={"name": "ds_lookalike"}).json()
    assert made["id"] != "ds_lookalike"
    assert api.get("datasets/ds_lookalike").json()["id"] == made["id"]
    assert api.get(f"datasets/{made['id']}").json()["name"] == "ds_lookalike"


def test_a_name_in_a_batch_reaches_the_dataset_created_before(api):
    result = api.post(
        "batch",
        json={
            "operations": [
                {"method": "POST", "path": "/datasets", "body": {"name": "batch_named"}},
                {"method": "GET", "path": "/datasets/batch_named"},
            ]
        },
    ).json()["results"]
    assert [r["status"] for r in result] == [201, 200]
    assert result[1]["body"]["id"] == result[0]["body"]["id"]


def test_another_accounts_dataset_is_not_reachable_by_name(api, other):
    api.post("datasets", json={"name": "private_by_name"})
    error_of(other.get("datasets/private_by_name"), 404, "NOT_FOUND")
