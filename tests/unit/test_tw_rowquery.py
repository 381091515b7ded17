"""The row engine: random tables and queries, checked against a brute-force reference;
plus the all-or-nothing writes and their undo."""

from __future__ import annotations

import random
from functools import cmp_to_key
from typing import Any

import pytest

from mockserver.apis.tw import indexes
from mockserver.apis.tw.columns import parse_columns
from mockserver.apis.tw.rowquery import After, compile_query, matching_ids, run_query
from mockserver.apis.tw.table import Table
from mockserver.apis.tw.transaction import transaction
from mockserver.apis.tw.values import parse_timestamp
from mockserver.apis.tw.where import compile_where
from mockserver.core.errors import ApiError

COLUMNS = parse_columns(
    [
        {"name": "id", "type": "integer", "primaryKey": True},
        {"name": "code", "type": "string", "unique": True},
        {"name": "group", "type": "integer"},
        {"name": "score", "type": "number"},
        {"name": "tag", "type": "string"},
        {"name": "flag", "type": "boolean"},
        {"name": "at", "type": "timestamp"},
    ]
)
TAGS = [None, "alpha", "beta", "gamma", "Beta", "alphabet"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(indexes, "CHUNK", 8)


def random_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        rows.append(
            {
                "id": i * 3,
                "code": f"c{rng.randrange(10**6):06d}-{i}",
                "group": rng.choice([None, 1, 2, 3, 4]),
                "score": rng.choice([None, 0, 1.5, -2, 3.25, 10]),
                "tag": rng.choice(TAGS),
                "flag": rng.choice([None, True, False]),
                "at": rng.choice(
                    [
                        None,
                        "2024-01-01T00:00:00Z",
                        "2024-01-01T01:00:00+02:00",
                        "2023-12-31T23:59:59Z",
                        "2024-06-01T12:00:00.5Z",
                    ]
                ),
            }
        )
    return rows


def random_where(rng: random.Random) -> dict[str, Any]:
    options = [
        ("group", lambda: rng.choice([1, 2, {"in": [1, 3]}, {"gte": 2}, {"ne": 2}, None])),
        ("score", lambda: rng.choice([{"gt": 0}, {"lte": 1.5}, {"gte": -2, "lt": 10}, 10])),
        ("tag", lambda: rng.choice(["beta", {"contains": "alpha"}, {"ne": None}, {"gt": "b"}])),
        ("flag", lambda: rng.choice([True, False, None, {"ne": True}])),
        (
            "at",
            lambda: rng.choice(
                [{"gte": "2024-01-01"}, {"lt": "2024-01-01T00:30:00Z"}, "2023-12-31T23:00:00Z"]
            ),
        ),
        ("id", lambda: rng.choice([{"in": [0, 3, 4, 300]}, {"lt": 60}, 30])),
        ("code", lambda: rng.choice([{"contains": "-1"}, {"gt": "c5"}])),
    ]
    chosen = rng.sample(options, rng.randint(0, 3))
    return {name: make() for name, make in chosen}


def reference_matches(row: dict[str, Any], where: dict[str, Any]) -> bool:
    for name, clause in where.items():
        operators = clause if isinstance(clause, dict) else {"eq": clause}
        value = row.get(name)
        if name == "at" and value is not None:
            value = parse_timestamp(value)
        for op, operand in operators.items():
            if name == "at" and op != "in" and operand is not None:
                operand = parse_timestamp(operand, allow_date=True)
            if op == "eq" and value != operand:
                return False
            if op == "ne" and value == operand:
                return False
            if op == "in" and value not in operand:
                return False
            if op == "contains" and (value is None or operand not in value):
                return False
            if op in ("gt", "gte", "lt", "lte"):
                if value is None:
                    return False
                if not {
                    "gt": value > operand,
                    "gte": value >= operand,
                    "lt": value < operand,
                    "lte": value <= operand,
                }[op]:
                    return False
    return True


def reference_order(rows: list[tuple[int, dict]], order: list[tuple[str, bool]]) -> list[int]:
    """Nulls first ascending and last descending; ties by insertion order."""

    def value(row: dict[str, Any], name: str) -> Any:
        raw = row.get(name)
        return parse_timestamp(raw) if name == "at" and raw is not None else raw

    def compare(a: tuple[int, dict], b: tuple[int, dict]) -> int:
        for name, descending in order:
            va, vb = value(a[1], name), value(b[1], name)
            if va == vb:
                continue
            if va is None or vb is None:
                first = -1 if va is None else 1
                return -first if descending else first
            result = -1 if va < vb else 1
            return -result if descending else result
        return -1 if a[0] < b[0] else 1

    return [row_id for row_id, _ in sorted(rows, key=cmp_to_key(compare))]


@pytest.mark.parametrize("seed", range(25))
def test_queries_match_brute_force(seed):
    rng = random.Random(seed)
    rows = random_rows(rng, rng.randint(0, 150))
    table = Table(COLUMNS)
    if rows:
        table.insert(rows)
    numbered = list(enumerate(rows, start=1))
    for _ in range(12):
        where = random_where(rng)
        order = [
            (name, rng.random() < 0.5)
            for name in rng.sample(
                ["group", "score", "tag", "flag", "at", "code"], rng.randint(0, 2)
            )
        ]
        body: dict[str, Any] = {"where": where, "limit": rng.randint(1, 20)}
        if order:
            body["orderBy"] = [{name: "desc" if d else "asc"} for name, d in order]
        query = compile_query(table, body)
        matching = [(i, row) for i, row in numbered if reference_matches(row, where)]
        expected = reference_order(matching, order) if order else [i for i, _ in matching]
        walked: list[int] = []
        after: After | None = None
        while True:
            page = run_query(table, query, after)
            walked += [rows_by_id(rows, r["id"]) for r in page.rows]
            if not page.has_more:
                break
            after = page.last
        assert walked == expected, (where, order)
        ids = matching_ids(table, compile_where(table, where))
        assert ids == sorted(i for i, _ in matching)


def rows_by_id(rows: list[dict[str, Any]], value: int) -> int:
    return value // 3 + 1


def test_insert_is_all_or_nothing_and_reports_every_problem():
    table = Table(COLUMNS)
    table.insert([{"id": 1, "code": "a"}])
    with pytest.raises(ApiError) as raised:
        table.insert(
            [
                {"id": 2, "code": "b"},
                {"id": 1, "code": "c"},
                {"id": 3, "code": "b"},
                {"id": "4"},
                {"code": "d"},
            ]
        )
    fields = [d.field for d in raised.value.details]
    assert fields == ["rows[3].id", "rows[4].id"]  # type errors first; duplicates after
    with pytest.raises(ApiError) as raised:
        table.insert([{"id": 2, "code": "b"}, {"id": 1, "code": "c"}, {"id": 3, "code": "b"}])
    assert [d.field for d in raised.value.details] == ["rows[1].id", "rows[2].code"]
    assert len(table) == 1


def test_nulls_never_clash_in_a_unique_column():
    table = Table(COLUMNS)
    assert table.insert([{"id": 1}, {"id": 2}, {"id": 3, "code": None}]) == 3


def test_update_checks_uniqueness_against_other_rows():
    table = Table(COLUMNS)
    table.insert([{"id": 1, "code": "a"}, {"id": 2, "code": "b"}])
    conditions = compile_where(table, {"id": 1})
    assert table.update(matching_ids(table, conditions), {"code": "a"}) == 1
    with pytest.raises(ApiError):
        table.update(matching_ids(table, conditions), {"code": "b"})
    with pytest.raises(ApiError):
        table.update(matching_ids(table, compile_where(table, {})), {"code": "z"})
    assert table.update(matching_ids(table, conditions), {"id": 5}) == 1
    page = run_query(table, compile_query(table, {"where": {"id": 5}}), None)
    assert [r["code"] for r in page.rows] == ["a"]


def test_rollback_undoes_inserts_updates_deletes_and_new_columns():
    table = Table(COLUMNS)
    table.insert(random_rows(random.Random(1), 40))
    before = run_query(table, compile_query(table, {"limit": 1000}), None).rows
    with transaction() as opened:
        table.insert([{"id": 1000, "code": "new"}])
        table.update(matching_ids(table, compile_where(table, {"group": 2})), {"tag": "changed"})
        table.delete(matching_ids(table, compile_where(table, {"id": {"lt": 30}})))
        table.set_columns([*COLUMNS, *parse_columns([{"name": "extra", "type": "string"}])])
        table.insert([{"id": 1001, "extra": "x"}])
        opened.rollback()
    after = run_query(table, compile_query(table, {"limit": 1000}), None).rows
    assert after == before
    assert [c.name for c in table.columns] == [c.name for c in COLUMNS]
    again = run_query(table, compile_query(table, {"where": {"id": {"lt": 30}}}), None)
    assert len(again.rows) == 10
    table.insert([{"id": 1000, "code": "new"}])  # the unique indexes were restored too


def test_unknown_columns_and_bad_operands_are_reported():
    table = Table(COLUMNS)
    with pytest.raises(ApiError) as raised:
        compile_query(table, {"select": ["id", "nope"], "orderBy": {"gone": "asc"}})
    assert [d.field for d in raised.value.details] == ["select[1]", "orderBy.gone"]
    with pytest.raises(ApiError) as raised:
        compile_where(
            table,
            {
                "flag": {"gt": True},
                "tag": {"contains": 5},
                "id": {"in": 3},
                "score": {"lt": "x"},
                "group": {"contains": "1"},
            },
        )
    assert [d.field for d in raised.value.details] == [
        "where.flag.gt",
        "where.tag.contains",
        "where.id.in",
        "where.score.lt",
        "where.group.contains",
    ]
