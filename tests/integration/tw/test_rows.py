"""Rows over real HTTP: insert checks, queries with operators, order and cursors,
update and delete by `where`, and bad input that changes nothing."""

from __future__ import annotations

import json

import pytest

from tests.integration.tw.conftest import all_rows, error_of, fields_of, query


def test_the_documented_calls(api, customers):
    found = query(
        api,
        customers,
        {
            "select": ["id", "email", "name"],
            "where": {"created_at": {"gte": "2024-01-01"}},
            "orderBy": {"created_at": "desc"},
            "limit": 100,
        },
    )
    # Jane's 2023-12-31T23:30:00-02:00 is 2024-01-01T01:30Z: after midnight UTC.
    assert found == {
        "data": [
            {"id": 1, "email": "user@example.com", "name": "John Doe"},
            {"id": 2, "email": "jane@example.com", "name": "Jane Smith"},
        ],
        "next_cursor": None,
        "has_more": False,
    }
    updated = api.patch(
        f"{customers}/rows", json={"where": {"id": 1}, "data": {"name": "John Updated"}}
    )
    assert updated.json() == {"updated": 1}
    deleted = api.post(f"{customers}/rows/delete", json={"where": {"id": {"in": [1, 2, 3]}}})
    assert deleted.json() == {"deleted": 2}
    assert all_rows(api, customers) == []
    assert api.get(customers).json()["row_count"] == 0


def test_timestamps_are_stored_in_utc_and_compare_as_instants(api, customers):
    rows = query(api, customers, {"orderBy": {"id": "asc"}})["data"]
    assert rows[1]["created_at"] == "2024-01-01T01:30:00Z"
    before = query(api, customers, {"where": {"created_at": {"lt": "2024-01-01T02:00:00+01:00"}}})
    # 02:00+01:00 is 01:00Z: Jane (01:30Z) is not before it, although as text it sorts first.
    assert before["data"] == []
    at = query(api, customers, {"where": {"created_at": "2024-01-01T03:30:00+02:00"}})
    assert [r["id"] for r in at["data"]] == [2]


@pytest.fixture()
def numbers(api):
    made = api.post(
        "datasets",
        json={
            "name": "numbers",
            "schema": {
                "columns": [
                    {"name": "n", "type": "integer", "primaryKey": True},
                    {"name": "half", "type": "number"},
                    {"name": "word", "type": "string"},
                    {"name": "even", "type": "boolean"},
                ]
            },
        },
    ).json()
    path = f"datasets/{made['id']}"
    rows = [
        {"n": i, "half": i / 2, "word": f"w{i:03d}" if i % 5 else None, "even": i % 2 == 0}
        for i in range(1, 101)
    ]
    assert api.post(f"{path}/rows", json={"rows": rows}).status_code == 201
    return path


def ids(page: dict) -> list[int]:
    return [row["n"] for row in page["data"]]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"n": 7}, [7]),
        ({"n": {"eq": 7}}, [7]),
        ({"n": {"ne": 7}, "half": {"lte": 4}}, [1, 2, 3, 4, 5, 6, 8]),
        ({"half": {"gt": 48}}, [97, 98, 99, 100]),
        ({"half": {"gte": 48, "lt": 49}}, [96, 97]),
        ({"n": {"in": [3, 1, 200]}}, [1, 3]),
        ({"word": {"contains": "09"}}, [9, 91, 92, 93, 94, 96, 97, 98, 99]),
        ({"word": None, "n": {"lte": 20}}, [5, 10, 15, 20]),
        ({"word": {"ne": None}, "n": {"lte": 6}}, [1, 2, 3, 4, 6]),
        ({"word": {"ne": "w001"}, "n": {"lte": 5}}, [2, 3, 4, 5]),
        ({"word": {"in": ["w002", None]}, "n": {"lt": 11}}, [2, 5, 10]),
        ({"even": True, "n": {"gt": 94}}, [96, 98, 100]),
        ({"word": {"gte": "w098"}}, [98, 99]),
        ({"n": {"gt": 5, "lt": 5}}, []),
    ],
)
def test_where_operators(api, numbers, where, expected):
    assert ids(query(api, numbers, {"where": where, "limit": 1000})) == expected


def test_order_by_several_keys_with_nulls(api, numbers):
    page = query(
        api,
        numbers,
        {"orderBy": [{"word": "desc"}, {"n": "desc"}], "where": {"n": {"lte": 12}}, "limit": 20},
    )
    # Nulls sort last descending; ties (the nulls) by the next key.
    assert ids(page) == [12, 11, 9, 8, 7, 6, 4, 3, 2, 1, 10, 5]
    ascending = query(api, numbers, {"orderBy": {"word": "asc"}, "limit": 3})
    assert ids(ascending) == [5, 10, 15]


@pytest.mark.parametrize(
    "order",
    [None, {"n": "desc"}, [{"even": "asc"}, {"half": "desc"}], {"word": "asc"}, {"word": "desc"}],
)
def test_cursor_walks_every_row_exactly_once(api, numbers, order):
    body = {"limit": 7, "where": {"n": {"gt": 10}}}
    if order is not None:
        body["orderBy"] = order
    whole = query(api, numbers, {**body, "limit": 1000})["data"]
    walked = []
    page = query(api, numbers, body)
    while True:
        walked += page["data"]
        if not page["has_more"]:
            assert page["next_cursor"] is None
            break
        page = query(api, numbers, {**body, "cursor": page["next_cursor"]})
    assert walked == whole and len(walked) == 90


def test_a_cursor_survives_inserts_and_deletes(api, numbers):
    first = query(api, numbers, {"orderBy": {"n": "asc"}, "limit": 10})
    api.post(f"{numbers}/rows/delete", json={"where": {"n": {"in": [5, 11, 12]}}})
    api.post(f"{numbers}/rows", json={"rows": [{"n": 0}, {"n": 101}]})
    rest = query(
        api, numbers, {"orderBy": {"n": "asc"}, "limit": 1000, "cursor": first["next_cursor"]}
    )
    assert ids(rest) == [n for n in range(13, 102)]


def test_cursor_bound_to_its_query(api, numbers):
    cursor = query(api, numbers, {"limit": 5})["next_cursor"]
    for changed in ({"where": {"n": 1}}, {"select": ["n"]}, {"orderBy": {"n": "asc"}}):
        body = error_of(
            api.post(f"{numbers}/rows/query", json={**changed, "cursor": cursor}),
            400,
            "VALIDATION_ERROR",
        )
        assert fields_of(body) == ["cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    error_of(api.post(f"{numbers}/rows/query", json={"cursor": tampered}), 400, "VALIDATION_ERROR")


def test_update_and_delete_report_counts(api, numbers):
    changed = api.patch(f"{numbers}/rows", json={"where": {"even": False}, "data": {"word": "odd"}})
    assert changed.json() == {"updated": 50}
    assert len(query(api, numbers, {"where": {"word": "odd"}, "limit": 1000})["data"]) == 50
    gone = api.post(f"{numbers}/rows/delete", json={"where": {"word": "odd", "n": {"gt": 90}}})
    assert gone.json() == {"deleted": 5}
    assert api.get(numbers).json()["row_count"] == 95
    nothing = api.post(f"{numbers}/rows/delete", json={"where": {"n": 1000}})
    assert nothing.json() == {"deleted": 0}
    everything = api.post(f"{numbers}/rows/delete", json={"where": {}})
    assert everything.json() == {"deleted": 95}


# ---- bad input: TW's 4xx and nothing changes ---------------------------------


def snapshot(api, path) -> str:
    return json.dumps(
        [api.get(path).json()["row_count"], query(api, path, {"orderBy": {"id": "asc"}})["data"]]
    )


@pytest.mark.parametrize(
    ("rows", "fields"),
    [
        ([{"id": "3", "email": "x@example.com"}], ["rows[0].id"]),
        ([{"id": 3, "email": 5, "name": True}], ["rows[0].email", "rows[0].name"]),
        ([{"id": 3.5}], ["rows[0].id"]),
        ([{"id": 3, "created_at": "yesterday"}], ["rows[0].created_at"]),
        ([{"id": 3, "created_at": "2024-02-30T10:00:00Z"}], ["rows[0].created_at"]),
        ([{"email": "new@example.com"}], ["rows[0].id"]),
        ([{"id": None}], ["rows[0].id"]),
        ([{"id": 3, "phone": "1"}], ["rows[0].phone"]),
        ([{"id": 3}, {"id": 3}], ["rows[1].id"]),
        ([{"id": 3}, {"id": 1}], ["rows[1].id"]),
        ([{"id": 3, "email": "a@x"}, {"id": 4, "email": "a@x"}], ["rows[1].email"]),
        ([{"id": 3, "email": "user@example.com"}], ["rows[0].email"]),
        ([{"id": 2**63}], ["rows[0].id"]),
    ],
    ids=[
        "string for integer",
        "wrong types",
        "fraction for integer",
        "not a timestamp",
        "impossible date",
        "missing primary key",
        "null primary key",
        "unknown column",
        "duplicate key in the batch",
        "duplicate key of a stored row",
        "duplicate unique value in the batch",
        "unique value of a stored row",
        "beyond 64 bits",
    ],
)
def test_bad_rows_insert_nothing(api, customers, rows, fields):
    before = snapshot(api, customers)
    good = {"id": 50, "email": "fine@example.com"}
    body = error_of(
        api.post(f"{customers}/rows", json={"rows": [good, *rows]}), 400, "VALIDATION_ERROR"
    )
    shifted = [f.replace(f"rows[{i}]", f"rows[{i + 1}]") for f in fields for i in range(2)]
    assert set(fields_of(body)) & set(shifted), body
    assert snapshot(api, customers) == before


def test_every_bad_row_is_reported(api, customers):
    rows = [{"id": i, "email": 7} for i in range(3, 8)]
    body = error_of(api.post(f"{customers}/rows", json={"rows": rows}), 400, "VALIDATION_ERROR")
    assert fields_of(body) == [f"rows[{i}].email" for i in range(5)]


def test_non_finite_numbers_are_refused(api, numbers):
    error_of(
        api.post(
            f"{numbers}/rows",
            content=b'{"rows": [{"n": 500, "half": NaN}]}',
            headers={"Content-Type": "application/json"},
        ),
        400,
        "VALIDATION_ERROR",
    )
    assert query(api, numbers, {"where": {"n": 500}})["data"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"where": {"phone": "1"}}, "where.phone"),
        ({"select": ["id", "phone"]}, "select[1]"),
        ({"orderBy": {"phone": "asc"}}, "orderBy.phone"),
        ({"orderBy": [{"id": "asc"}, {"phone": "desc"}]}, "orderBy.phone"),
        ({"where": {"id": {"in": 5}}}, "where.id"),
        ({"where": {"id": {"contains": "1"}}}, "where.id.contains"),
        ({"where": {"id": {"gt": True}}}, "where.id"),
        ({"where": {"id": "1"}}, "where.id"),
        ({"where": {"created_at": {"gte": "soon"}}}, "where.created_at.gte"),
        ({"where": {"name": {"regex": ".*"}}}, "where.name"),
    ],
    ids=[
        "unknown where column",
        "unknown select column",
        "unknown orderBy column",
        "unknown second orderBy column",
        "in with a non-list",
        "contains on a number",
        "gt with a boolean",
        "string for an integer",
        "not a time",
        "unknown operator",
    ],
)
def test_bad_queries_are_400s_not_empty_results(api, customers, body, field):
    response = error_of(api.post(f"{customers}/rows/query", json=body), 400, "VALIDATION_ERROR")
    assert any(f.startswith(field) for f in fields_of(response)), response


def test_deeply_nested_where_is_a_400(api, customers):
    depth = 5000
    nested = '{"eq": ' * depth + "1" + "}" * depth
    body = '{"where": {"id": ' + nested + "}}"
    response = api.post(
        f"{customers}/rows/query", content=body, headers={"Content-Type": "application/json"}
    )
    error_of(response, 400, "VALIDATION_ERROR")
    shallow = '{"where": {"id": ' + '{"eq": ' * 10 + "1" + "}" * 10 + "}}"
    response = api.post(
        f"{customers}/rows/query", content=shallow, headers={"Content-Type": "application/json"}
    )
    error_of(response, 400, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"where": {"phone": 1}, "data": {"name": "x"}}, "where.phone"),
        ({"where": {"id": 1}, "data": {"phone": "x"}}, "data.phone"),
        ({"where": {"id": 1}, "data": {"id": "one"}}, "data.id"),
        ({"where": {"id": 1}, "data": {"id": None}}, "data.id"),
        ({"where": {}, "data": {"email": "same@example.com"}}, "data.email"),
        ({"where": {"id": 1}, "data": {"id": 2}}, "data.id"),
    ],
    ids=[
        "unknown where column",
        "unknown data column",
        "wrong type",
        "null key",
        "one unique value for two rows",
        "key of another row",
    ],
)
def test_bad_updates_change_nothing(api, customers, body, field):
    before = snapshot(api, customers)
    response = error_of(api.patch(f"{customers}/rows", json=body), 400, "VALIDATION_ERROR")
    assert field in fields_of(response)
    assert snapshot(api, customers) == before


def test_bad_delete_changes_nothing(api, customers):
    before = snapshot(api, customers)
    error_of(
        api.post(f"{customers}/rows/delete", json={"where": {"phone": "1"}}),
        400,
        "VALIDATION_ERROR",
    )
    error_of(api.post(f"{customers}/rows/delete", json={}), 400, "VALIDATION_ERROR")
    assert snapshot(api, customers) == before


def test_rows_of_unknown_datasets_are_404(api, other, customers):
    error_of(api.post("datasets/ds_nope/rows", json={"rows": [{"id": 1}]}), 404, "NOT_FOUND")
    error_of(other.post(f"{customers}/rows/query", json={}), 404, "NOT_FOUND")


def test_composite_primary_keys(api):
    made = api.post(
        "datasets",
        json={
            "name": "pairs",
            "schema": {
                "columns": [
                    {"name": "a", "type": "string", "primaryKey": True},
                    {"name": "b", "type": "integer", "primaryKey": True},
                ]
            },
        },
    ).json()
    assert [c["unique"] for c in made["schema"]["columns"]] == [False, False]
    path = f"datasets/{made['id']}/rows"
    assert (
        api.post(path, json={"rows": [{"a": "x", "b": 1}, {"a": "x", "b": 2}]}).status_code == 201
    )
    body = error_of(api.post(path, json={"rows": [{"a": "x", "b": 1}]}), 400, "VALIDATION_ERROR")
    assert fields_of(body) == ["rows[0].a+b"]
