"""`where` clauses: checked against the dataset's columns, compiled to predicates, and
answered from the indexes when one condition narrows the rows down.

`{"age": {"gte": 18, "lt": 65}, "country": "DE"}` becomes three :class:`Condition`s,
combined with AND. Operands are converted to the stored form first, so timestamps
compare as instants and a bare date means midnight UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.apis.tw.indexes import Bound, SortedIndex
from mockserver.apis.tw.table import Row, Table
from mockserver.apis.tw.values import (
    CONVERTERS,
    ORDERED_TYPES,
    Stored,
    ValueProblem,
    parse_timestamp,
)
from mockserver.core.errors import FieldError, validation_error

RANGE_OPERATORS = ("gt", "gte", "lt", "lte")
Predicate = Callable[[Row], bool]


@dataclass(frozen=True)
class Condition:
    """One operator on one column, its operand in stored form (a tuple for `in`)."""

    column: str
    operator: str
    operand: Any


def compile_where(table: Table, where: Mapping[str, Any], field: str = "where") -> list[Condition]:
    """Check every column and operand; a 400 lists all problems at once."""
    conditions: list[Condition] = []
    problems: list[FieldError] = []
    for name, clause in where.items():
        column = table.column(name)
        if column is None:
            problems.append(FieldError(f"{field}.{name}", "is not a column of the dataset"))
            continue
        operators = clause if isinstance(clause, Mapping) else {"eq": clause}
        for operator, raw in operators.items():
            where_ = f"{field}.{name}" if operators is not clause else f"{field}.{name}.{operator}"
            try:
                conditions.append(Condition(name, operator, _operand(column.type, operator, raw)))
            except ValueProblem as exc:
                problems.append(FieldError(where_, str(exc)))
    if problems:
        raise validation_error("Invalid where clause", *problems)
    return conditions


def _operand(column_type: str, operator: str, raw: Any) -> Any:
    if operator in ("eq", "ne"):
        return None if raw is None else _convert(column_type, raw)
    if operator == "in":
        if not isinstance(raw, list):
            raise ValueProblem("'in' takes a list of values")
        return tuple(None if v is None else _convert(column_type, v) for v in raw)
    if operator in RANGE_OPERATORS:
        if column_type not in ORDERED_TYPES:
            raise ValueProblem(f"'{operator}' does not apply to a {column_type} column")
        if raw is None:
            raise ValueProblem(f"'{operator}' needs a value, not null")
        return _convert(column_type, raw)
    if operator == "contains":
        if column_type != "string":
            raise ValueProblem(f"'contains' applies only to string columns, not {column_type}")
        if not isinstance(raw, str):
            raise ValueProblem("'contains' takes a string")
        return raw
    raise ValueProblem(f"unknown operator '{operator}'")


def _convert(column_type: str, raw: Any) -> Stored:
    if column_type == "timestamp":
        return parse_timestamp(raw, allow_date=True)
    return CONVERTERS[column_type](raw)


def predicate(table: Table, condition: Condition) -> Predicate:
    """A function telling whether a stored row meets the condition."""
    at = table.position(condition.column)
    operand = condition.operand
    operator = condition.operator
    if operator == "eq":
        if operand is None:
            return lambda row: row[at] is None
        return lambda row: row[at] == operand
    if operator == "ne":
        if operand is None:
            return lambda row: row[at] is not None
        return lambda row: row[at] != operand
    if operator == "in":
        members = set(operand)
        return lambda row: row[at] in members
    if operator == "contains":
        return lambda row: row[at] is not None and operand in row[at]  # type: ignore[operator]
    compare: Callable[[Any], bool] = {
        "gt": lambda value: value > operand,
        "gte": lambda value: value >= operand,
        "lt": lambda value: value < operand,
        "lte": lambda value: value <= operand,
    }[operator]
    return lambda row: row[at] is not None and compare(row[at])


def matches_all(table: Table, conditions: Sequence[Condition]) -> Predicate:
    tests = [predicate(table, c) for c in conditions]
    if not tests:
        return lambda row: True
    if len(tests) == 1:
        return tests[0]
    return lambda row: all(test(row) for test in tests)


@dataclass(frozen=True)
class Range:
    """Bounds on one column from its conditions (None: open); ``empty`` if contradictory."""

    low: Bound | None = None
    high: Bound | None = None
    empty: bool = False


def column_range(conditions: Iterable[Condition], column: str) -> Range | None:
    """The value range that `eq`/`gt`/`gte`/`lt`/`lte` conditions on ``column`` allow, or
    None when none of them constrains it (nulls are then possible)."""
    low: Bound | None = None
    high: Bound | None = None
    constrained = False
    for condition in conditions:
        if condition.column != column or condition.operand is None:
            continue
        operator, value = condition.operator, condition.operand
        if operator in ("eq", "gt", "gte"):
            low = tighter_low(low, Bound(value, operator != "gt"))
            constrained = True
        if operator in ("eq", "lt", "lte"):
            high = tighter_high(high, Bound(value, operator != "lt"))
            constrained = True
    if not constrained:
        return None
    empty = (
        low is not None
        and high is not None
        and (
            low.value > high.value
            or (low.value == high.value and not (low.inclusive and high.inclusive))
        )
    )
    return Range(low, high, empty)


def tighter_low(current: Bound | None, other: Bound) -> Bound:
    if current is None or other.value > current.value:
        return other
    if other.value == current.value and not other.inclusive:
        return other
    return current


def tighter_high(current: Bound | None, other: Bound) -> Bound:
    if current is None or other.value < current.value:
        return other
    if other.value == current.value and not other.inclusive:
        return other
    return current


@dataclass(frozen=True)
class AccessPath:
    """How to find the rows a condition allows: ``count`` of them, listed by ``ids``."""

    count: int
    ids: Callable[[], list[int]]


def best_access_path(table: Table, conditions: Sequence[Condition]) -> AccessPath | None:
    """The indexed condition that narrows the rows most, or None (scan everything)."""
    best: AccessPath | None = None
    for count, ids in _access_paths(table, conditions):
        if best is None or count < best.count:
            best = AccessPath(count, ids)
    return best


Listing = Callable[[], list[int]]


def _access_paths(table: Table, conditions: Sequence[Condition]) -> Iterable[tuple[int, Listing]]:
    """(row count, lister) for each condition an index can answer."""
    for name in {c.column for c in conditions}:
        on_column = [c for c in conditions if c.column == name]
        for condition in on_column:
            if condition.operator == "eq" and condition.operand is None:
                nulls = table.null_ids(name)
                yield len(nulls), _listing(nulls)
            elif condition.operator == "in":
                yield _members_path(table, name, condition.operand)
            elif condition.operator == "eq" and table.is_unique(name):
                holder = table.unique_lookup(name, condition.operand)
                yield (0, list) if holder is None else (1, _listing([holder]))
        span = column_range(on_column, name)
        if span is not None and span.empty:
            yield 0, list
        elif span is not None:
            index = table.index(name)
            yield index.count(span.low, span.high), _scanning(index, span)


def _listing(ids: Iterable[int]) -> Listing:
    return lambda: list(ids)


def _scanning(index: SortedIndex, span: Range) -> Listing:
    return lambda: [row_id for _, row_id in index.scan(span.low, span.high)]


def _members_path(table: Table, name: str, members: Sequence[Stored | None]) -> tuple[int, Listing]:
    index = table.index(name)
    values = set(members)
    spans = [Bound(v) for v in values if v is not None]
    count = sum(index.count(b, b) for b in spans)
    if None in values:
        count += len(table.null_ids(name))

    def collect() -> list[int]:
        found = [row_id for b in spans for _, row_id in index.scan(b, b)]
        if None in values:
            found.extend(table.null_ids(name))
        return found

    return count, collect
