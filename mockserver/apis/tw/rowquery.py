"""The row query engine: select, where, orderBy, limit and a keyset cursor.

A page continues after the last row of the previous one (its order values and row
id), so rows inserted or deleted between pages never make a row appear twice. Plans,
cheapest first: a selective index lookup then a sort of the few matches; with
`orderBy` and many matches, a walk of the first order column's index in order that
stops once the page is full; otherwise a scan in insertion order that also stops
early.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from mockserver.apis.tw.indexes import Bound
from mockserver.apis.tw.ordering import sort_key
from mockserver.apis.tw.table import Table
from mockserver.apis.tw.where import (
    Condition,
    best_access_path,
    column_range,
    compile_where,
    matches_all,
    tighter_high,
    tighter_low,
)
from mockserver.core.errors import FieldError, validation_error

SELECTIVE = 20_000
"""Up to this many index matches, sort them; beyond, walk the order column's index."""


@dataclass(frozen=True)
class Order:
    column: str
    descending: bool


@dataclass(frozen=True)
class RowQuery:
    """A checked query; ``fingerprint`` identifies it for its cursors."""

    select: tuple[str, ...]
    conditions: tuple[Condition, ...]
    order: tuple[Order, ...]
    limit: int
    fingerprint: str


@dataclass(frozen=True)
class After:
    """Where the previous page ended: its last row's order values and row id."""

    values: tuple[Any, ...]
    row_id: int


@dataclass(frozen=True)
class RowPage:
    rows: list[dict[str, Any]]
    has_more: bool
    last: After | None


def compile_query(table: Table, body: Mapping[str, Any]) -> RowQuery:
    """Check `select`, `where` and `orderBy` against the columns (400 on unknown ones)."""
    select = tuple(body.get("select") or [c.name for c in table.columns])
    unknown = [
        FieldError(f"select[{i}]", f"'{name}' is not a column of the dataset")
        for i, name in enumerate(select)
        if table.column(name) is None
    ]
    order = _order(body.get("orderBy"))
    unknown += [
        FieldError(f"orderBy.{o.column}", "is not a column of the dataset")
        for o in order
        if table.column(o.column) is None
    ]
    if unknown:
        raise validation_error("Unknown column", *unknown)
    conditions = tuple(compile_where(table, body.get("where") or {}))
    return RowQuery(select, conditions, order, int(body.get("limit", 100)), fingerprint(body))


def fingerprint(body: Mapping[str, Any]) -> str:
    """Digest of what a cursor must not change: select, where, orderBy."""
    parts = {key: body.get(key) for key in ("select", "where", "orderBy")}
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _order(raw: Any) -> tuple[Order, ...]:
    if raw is None:
        return ()
    keys = raw if isinstance(raw, list) else [raw]
    order: list[Order] = []
    seen: set[str] = set()
    for key in keys:
        ((column, direction),) = key.items()
        if column not in seen:
            seen.add(column)
            order.append(Order(column, direction == "desc"))
    return tuple(order)


def matching_ids(table: Table, conditions: Sequence[Condition]) -> list[int]:
    """Every row id meeting the conditions, in insertion order (for update and delete)."""
    test = matches_all(table, conditions)
    path = best_access_path(table, conditions)
    if path is None or path.count > len(table) // 4:
        return [row_id for row_id, row in table.scan() if test(row)]
    return sorted(row_id for row_id in path.ids() if test(table.row(row_id)))


def run_query(table: Table, query: RowQuery, after: After | None) -> RowPage:
    """One page of ``query``, continuing ``after`` the previous page."""
    wanted = query.limit + 1
    if not query.order:
        ids = _in_insertion_order(table, query, after, wanted)
    else:
        ids = _in_sort_order(table, query, after, wanted)
    page = ids[: query.limit]
    positions = [table.position(o.column) for o in query.order]
    last = None
    if page and len(ids) > query.limit:
        row = table.row(page[-1])
        last = After(tuple(row[p] for p in positions), page[-1])
    rows = [table.to_json(table.row(row_id), query.select) for row_id in page]
    return RowPage(rows, len(ids) > query.limit, last)


def _in_insertion_order(
    table: Table, query: RowQuery, after: After | None, wanted: int
) -> list[int]:
    test = matches_all(table, query.conditions)
    start = after.row_id if after is not None else 0
    path = best_access_path(table, query.conditions)
    if path is not None and path.count <= SELECTIVE:
        eligible = (i for i in path.ids() if i > start and test(table.row(i)))
        return heapq.nsmallest(wanted, eligible)
    ids: list[int] = []
    for row_id, row in table.scan():
        if row_id > start and test(row):
            ids.append(row_id)
            if len(ids) == wanted:
                break
    return ids


def _in_sort_order(table: Table, query: RowQuery, after: After | None, wanted: int) -> list[int]:
    positions = [table.position(o.column) for o in query.order]
    directions = [o.descending for o in query.order]
    floor = sort_key(list(after.values), directions, after.row_id) if after else None
    test = matches_all(table, query.conditions)

    def keyed(ids: Iterable[int]) -> Iterator[tuple[tuple[Any, ...], int]]:
        """(sort key, row id) of the rows that match and lie after the cursor."""
        for row_id in ids:
            row = table.row(row_id)
            if test(row):
                key = sort_key([row[p] for p in positions], directions, row_id)
                if floor is None or key > floor:
                    yield key, row_id

    path = best_access_path(table, query.conditions)
    if path is not None and path.count <= SELECTIVE:
        return [row_id for _, row_id in heapq.nsmallest(wanted, keyed(path.ids()))]
    found: list[int] = []
    for group in _groups_in_order(table, query, after):
        found += [row_id for _, row_id in heapq.nsmallest(wanted - len(found), keyed(group))]
        if len(found) >= wanted:
            break
    return found


def _groups_in_order(table: Table, query: RowQuery, after: After | None) -> Iterator[list[int]]:
    """Row ids in the first order column's order, grouped by equal values (nulls first
    ascending, last descending), skipping what lies before ``after``."""
    first = query.order[0]
    span = column_range(query.conditions, first.column)
    if span is not None and span.empty:
        return
    low, high = (span.low, span.high) if span is not None else (None, None)
    nulls_possible = span is None
    resume = after.values[0] if after is not None else None
    if after is not None and resume is not None:
        if first.descending:
            high = tighter_high(high, Bound(resume))
        else:
            low = tighter_low(low, Bound(resume))
    nulls = list(table.null_ids(first.column)) if nulls_possible else []
    values_needed = after is None or resume is not None or not first.descending
    if not first.descending and nulls and resume is None:
        yield nulls
    if values_needed:
        pairs = table.index(first.column).scan(low, high, reverse=first.descending)
        for _, group in groupby(pairs, key=lambda pair: pair[0]):
            yield [row_id for _, row_id in group]
    if first.descending and nulls:
        yield nulls
