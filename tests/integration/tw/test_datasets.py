"""Datasets over real HTTP: CRUD, schema rules, listing with filters, sorts and both
kinds of pagination, and the errors of each."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.integration.tw.conftest import CUSTOMER_COLUMNS, error_of, fields_of


def test_create_read_update_delete(api, base):
    made = api.post(
        "datasets",
        json={
            "name": "customer_data_2",
            "description": "Customer information dataset",
            "schema": {"columns": CUSTOMER_COLUMNS},
        },
    )
    assert made.status_code == 201, made.text
    dataset = made.json()
    assert dataset["id"].startswith("ds_") and dataset["row_count"] == 0
    assert made.headers["location"] == f"/tw/v1/datasets/{dataset['id']}"
    assert dataset["schema"]["columns"][0] == {
        "name": "id",
        "type": "integer",
        "primaryKey": True,
        "unique": True,
        "nullable": False,
    }
    assert dataset["schema"]["columns"][1]["unique"] is True
    assert api.get(f"datasets/{dataset['id']}").json() == dataset
    renamed = api.patch(f"datasets/{dataset['id']}", json={"name": "renamed", "description": None})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "renamed" and renamed.json()["description"] is None
    assert api.delete(f"datasets/{dataset['id']}").status_code == 204
    error_of(api.get(f"datasets/{dataset['id']}"), 404, "NOT_FOUND")
    error_of(api.delete(f"datasets/{dataset['id']}"), 404, "NOT_FOUND")


def test_dataset_without_schema_gets_columns_by_patch(api):
    made = api.post("datasets", json={"name": "dataset1"}).json()
    assert made["schema"] == {"columns": []}
    grown = api.patch(f"datasets/{made['id']}", json={"schema": {"columns": CUSTOMER_COLUMNS[:2]}})
    assert [c["name"] for c in grown.json()["schema"]["columns"]] == ["id", "email"]


def total(api: httpx.Client) -> int:
    return api.get("datasets", params={"limit": 1}).json()["total"]


@pytest.mark.parametrize(
    ("columns", "field"),
    [
        (
            [{"name": "id", "type": "integer"}, {"name": "id", "type": "string"}],
            "schema.columns[1].name",
        ),
        ([{"name": "id", "type": "uuid"}], "schema.columns.0.type"),
        ([{"name": "Bad Name", "type": "string"}], None),
        ([{"name": "id", "type": "integer", "sortable": True}], None),
        ([], None),
    ],
    ids=["duplicate names", "unknown type", "bad name", "unknown flag", "no columns"],
)
def test_invalid_schemas_are_refused_and_nothing_is_created(api, columns, field):
    before = total(api)
    body = error_of(
        api.post("datasets", json={"name": "broken", "schema": {"columns": columns}}),
        400,
        "VALIDATION_ERROR",
    )
    if field == "schema.columns[1].name":
        assert fields_of(body) == [field]
    assert total(api) == before


def test_patch_with_duplicate_columns_changes_nothing(api, customers):
    before = api.get(customers).json()
    columns = [*CUSTOMER_COLUMNS, {"name": "email", "type": "string"}]
    error_of(api.patch(customers, json={"schema": {"columns": columns}}), 400, "VALIDATION_ERROR")
    assert api.get(customers).json() == before


@pytest.mark.parametrize(
    "columns",
    [
        CUSTOMER_COLUMNS[:3],
        [{**CUSTOMER_COLUMNS[0], "type": "string"}, *CUSTOMER_COLUMNS[1:]],
        [*CUSTOMER_COLUMNS, {"name": "phone", "type": "string", "nullable": False}],
        [{**CUSTOMER_COLUMNS[0], "primaryKey": False}, *CUSTOMER_COLUMNS[1:]],
    ],
    ids=["removes a column", "changes a type", "adds a required column", "drops the key"],
)
def test_schema_changes_that_would_break_rows_are_conflicts(api, customers, columns):
    before = api.get(customers).json()
    error_of(api.patch(customers, json={"schema": {"columns": columns}}), 409, "CONFLICT")
    assert api.get(customers).json() == before


def test_adding_a_nullable_column_keeps_the_rows(api, customers):
    columns = [*CUSTOMER_COLUMNS, {"name": "phone", "type": "string"}]
    assert api.patch(customers, json={"schema": {"columns": columns}}).status_code == 200
    rows = api.post(f"{customers}/rows/query", json={"orderBy": {"id": "asc"}}).json()["data"]
    assert [r["phone"] for r in rows] == [None, None]
    inserted = api.post(f"{customers}/rows", json={"rows": [{"id": 3, "phone": "+49 1"}]})
    assert inserted.status_code == 201


def test_names_are_unique_per_account_and_accounts_are_separate(api, other):
    assert api.post("datasets", json={"name": "shared_name"}).status_code == 201
    body = error_of(api.post("datasets", json={"name": "shared_name"}), 409, "CONFLICT")
    assert fields_of(body) == ["name"]
    theirs = other.post("datasets", json={"name": "shared_name"})
    assert theirs.status_code == 201
    error_of(api.get(f"datasets/{theirs.json()['id']}"), 404, "NOT_FOUND")


def walk(api: httpx.Client, params: dict, mode: str) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        query = dict(params)
        if mode == "offset":
            query["offset"] = len(ids)
        elif cursor:
            query["cursor"] = cursor
        page = api.get("datasets", params=query).json()
        assert page["offset"] == len(ids)
        ids += [d["id"] for d in page["data"]]
        if not page["has_more"]:
            assert page["next_cursor"] is None and len(ids) == page["total"]
            return ids
        cursor = page["next_cursor"]


@pytest.mark.parametrize("sort", ["created_at:desc", "name:asc", "row_count:desc,name:desc"])
def test_cursor_and_offset_walks_agree_and_see_each_dataset_once(api, sort):
    by_cursor = walk(api, {"limit": 6, "sort": sort}, "cursor")
    assert len(by_cursor) == len(set(by_cursor)) == total(api) == 40
    assert walk(api, {"limit": 6, "sort": sort}, "offset") == by_cursor


def test_sort_orders_the_whole_list(api):
    data = api.get("datasets", params={"limit": 100, "sort": "name:asc"}).json()["data"]
    names = [d["name"] for d in data]
    assert names == sorted(names)
    data = api.get("datasets", params={"limit": 100, "sort": "row_count:desc,name:asc"}).json()
    keys = [(-d["row_count"], d["name"]) for d in data["data"]]
    assert keys == sorted(keys)


def test_a_cursor_walk_is_not_disturbed_by_new_datasets(api):
    first = api.get("datasets", params={"limit": 10, "sort": "name:asc"}).json()
    api.post("datasets", json={"name": "aaa_inserted_first"})
    rest = walk_from(api, first["next_cursor"], {"limit": 10, "sort": "name:asc"})
    seen = [d["id"] for d in first["data"]] + rest
    assert len(seen) == len(set(seen)) == 40


def walk_from(api: httpx.Client, cursor: str, params: dict) -> list[str]:
    ids: list[str] = []
    while cursor:
        page = api.get("datasets", params={**params, "cursor": cursor}).json()
        ids += [d["id"] for d in page["data"]]
        cursor = page["next_cursor"]
    return ids


def test_filters_combine_operators(api):
    api.post("datasets", json={"name": "customer_archive"})
    found = api.get(
        "datasets",
        params={"filter[name][contains]": "customer", "filter[created_at][gte]": "2024-01-01"},
    ).json()
    assert {d["name"] for d in found["data"]} >= {"customer_data", "customer_archive"}
    assert all("customer" in d["name"] for d in found["data"])
    newest = api.get(
        "datasets", params={"filter[created_at][gt]": "2025-06-01T00:00:00+02:00"}
    ).json()
    assert [d["name"] for d in newest["data"]] == ["customer_archive"]
    exact = api.get("datasets", params={"filter[name][eq]": "customer_data"}).json()
    assert exact["total"] == 1


def test_time_filters_compare_instants_not_strings(api):
    made = api.post("datasets", json={"name": "timed"}).json()
    created = datetime.fromisoformat(made["created_at"])
    east = created.astimezone(timezone(timedelta(hours=5))).isoformat()
    assert east > made["created_at"]  # as strings the offset form sorts later

    def names(**filters: str) -> list[str]:
        params = {f"filter[created_at][{op}]": value for op, value in filters.items()}
        return [d["name"] for d in api.get("datasets", params=params).json()["data"]]

    assert "timed" in names(gte=east)
    assert "timed" in names(lte=east)
    assert "timed" not in names(gt=east)
    assert "timed" in names(eq=made["created_at"][:10])


@pytest.mark.parametrize(
    "params",
    [
        {"filter[created_at][gte][x]": "1"},
        {"filter[size][eq]": "1"},
        {"filter[created_at][gte]": "yesterday"},
        {"limt": "5"},
        {"limit": "0"},
        {"sort": "size:asc"},
        {"offset": "0", "cursor": "abc"},
        {"cursor": "not-a-cursor"},
    ],
    ids=[
        "nested deeper than the schema",
        "unknown filter field",
        "not a date",
        "unknown parameter",
        "limit 0",
        "unknown sort field",
        "offset and cursor",
        "forged cursor",
    ],
)
def test_bad_list_parameters_are_400s(api, params):
    error_of(api.get("datasets", params=params), 400, "VALIDATION_ERROR")


def test_tampered_and_foreign_cursors_are_refused(api):
    cursor = api.get("datasets", params={"limit": 2}).json()["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    body = error_of(api.get("datasets", params={"cursor": tampered}), 400, "VALIDATION_ERROR")
    assert fields_of(body) == ["cursor"]
    other_sort = api.get("datasets", params={"cursor": cursor, "sort": "name:asc"})
    assert fields_of(error_of(other_sort, 400, "VALIDATION_ERROR")) == ["cursor"]
    policies = api.get("policies", params={"cursor": cursor})
    error_of(policies, 400, "VALIDATION_ERROR")


def test_unauthenticated_and_unknown_keys_are_401(anonymous):
    error_of(anonymous.get("datasets"), 401, "UNAUTHORIZED")
    bad = anonymous.get("datasets", headers={"Authorization": "Bearer tw_nope"})
    error_of(bad, 401, "UNAUTHORIZED")
    assert "x-ratelimit-limit" not in bad.headers


def test_connexion_errors_speak_tw(api):
    refused = api.put("datasets")
    error_of(refused, 405, "METHOD_NOT_ALLOWED")
    assert refused.headers["allow"] == "GET, POST"
    evaluate = api.get("policies/evaluate")
    error_of(evaluate, 405, "METHOD_NOT_ALLOWED")
    assert evaluate.headers["allow"] == "POST"
    text = api.post("datasets", content=b"name=x", headers={"Content-Type": "text/plain"})
    error_of(text, 415, "UNSUPPORTED_MEDIA_TYPE")
    broken = api.post("datasets", content=b"{", headers={"Content-Type": "application/json"})
    error_of(broken, 400, "VALIDATION_ERROR")
    error_of(api.get("no/such/path"), 404, "NOT_FOUND")
    huge = api.post(
        "datasets",
        content=b" " * (10 * 1024 * 1024 + 1),
        headers={"Content-Type": "application/json"},
    )
    error_of(huge, 413, "PAYLOAD_TOO_LARGE")
