"""A dataset's rows: stored tuples, their indexes, and all-or-nothing writes.

Rows are tuples in storage order (columns are only ever appended) keyed by a row id
that grows with each insert, so row-id order is insertion order. Every column has a
:class:`SortedIndex` of its non-null values and an ordered set of the rows where it
is null; each unique constraint (the primary key, each unique column) has a hash
index. Writes check everything first and then apply, and record their inverse with
:func:`record_undo` so an atomic batch can roll them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from mockserver.apis.tw.columns import Column
from mockserver.apis.tw.indexes import SortedIndex
from mockserver.apis.tw.transaction import record_undo
from mockserver.apis.tw.values import CONVERTERS, Stored, ValueProblem, to_json
from mockserver.core.errors import FieldError, validation_error

Row = tuple[Stored | None, ...]
Constraint = tuple[int, ...]
"""Storage positions whose values together must be unique."""


class Table:
    """The rows of one dataset; see the module docstring."""

    def __init__(self, columns: Sequence[Column] = ()) -> None:
        self.columns: list[Column] = []
        self._storage: list[Column] = []
        self._position: dict[str, int] = {}
        self._rows: dict[int, Row] = {}
        self._next_id = 1
        self._in_order = True
        self._sorted: list[SortedIndex] = []
        self._nulls: list[dict[int, None]] = []
        self._unique: dict[Constraint, dict[Any, int]] = {}
        if columns:
            self.set_columns(columns)

    # ---- reading -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def position(self, name: str) -> int:
        return self._position[name]

    def column(self, name: str) -> Column | None:
        position = self._position.get(name)
        return None if position is None else self._storage[position]

    def row(self, row_id: int) -> Row:
        return self._rows[row_id]

    def get_row(self, row_id: int) -> Row | None:
        return self._rows.get(row_id)

    def scan(self) -> Iterator[tuple[int, Row]]:
        """Every (row id, row) in insertion order."""
        if not self._in_order:
            self._rows = dict(sorted(self._rows.items()))
            self._in_order = True
        return iter(self._rows.items())

    def index(self, name: str) -> SortedIndex:
        return self._sorted[self._position[name]]

    def null_ids(self, name: str) -> Mapping[int, None]:
        return self._nulls[self._position[name]]

    def unique_lookup(self, name: str, value: Any) -> int | None:
        """The row holding ``value`` in a single-column unique constraint (else None)."""
        constraint = (self._position[name],)
        index = self._unique.get(constraint)
        if index is None:
            raise KeyError(name)
        return index.get(value)

    def is_unique(self, name: str) -> bool:
        return (self._position[name],) in self._unique

    def to_json(self, row: Row, names: Sequence[str]) -> dict[str, Any]:
        out = {}
        for name in names:
            position = self._position[name]
            out[name] = to_json(self._storage[position].type, row[position])
        return out

    # ---- columns -------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Take a new column list (already checked by ``columns.plan_change``)."""
        previous = (list(self.columns), list(self._storage), dict(self._unique))
        added = [c for c in columns if c.name not in self._position]
        for column in added:
            self._position[column.name] = len(self._storage)
            self._storage.append(column)
            self._sorted.append(SortedIndex())
            self._nulls.append(dict.fromkeys(self._rows))
        if added and self._rows:
            padding = (None,) * len(added)
            self._rows = {row_id: row + padding for row_id, row in self._rows.items()}
        for column in columns:
            self._storage[self._position[column.name]] = column
        self.columns = list(columns)
        if not self._rows:
            self._unique = {constraint: {} for constraint in self._constraints()}
        else:
            for constraint in self._constraints():
                self._unique.setdefault(constraint, {})
        record_undo(lambda: self._restore_columns(*previous, len(added)))

    def _restore_columns(
        self,
        columns: list[Column],
        storage: list[Column],
        unique: dict[Constraint, dict[Any, int]],
        added: int,
    ) -> None:
        for column in self._storage[len(self._storage) - added :]:
            del self._position[column.name]
        del self._sorted[len(storage) :], self._nulls[len(storage) :]
        if added:
            self._rows = {row_id: row[: len(storage)] for row_id, row in self._rows.items()}
        self.columns, self._storage, self._unique = columns, storage, unique

    def _constraints(self) -> list[Constraint]:
        key = tuple(self._position[c.name] for c in self.columns if c.primary_key)
        constraints = [key] if key else []
        for column in self.columns:
            single = (self._position[column.name],)
            if column.unique and single != key:
                constraints.append(single)
        return constraints

    # ---- writing -------------------------------------------------------------

    def insert(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert every row or none: a 400 lists each bad cell and duplicate."""
        converted, problems = self._convert(rows)
        if not problems:
            problems = self._check_unique(converted, [None] * len(converted), "rows")
        if problems:
            raise validation_error(f"{len(problems)} problem(s) in the rows", *problems)
        row_ids = []
        for row in converted:
            row_id = self._next_id
            self._next_id += 1
            self._put(row_id, row)
            row_ids.append(row_id)
        record_undo(lambda: self._undo_insert(row_ids))
        return len(row_ids)

    def update(self, row_ids: Sequence[int], data: Mapping[str, Any]) -> int:
        """Set ``data``'s columns on ``row_ids``, all or nothing."""
        changes: dict[int, Stored | None] = {}
        problems: list[FieldError] = []
        for name, value in data.items():
            column = self.column(name)
            if column is None:
                problems.append(FieldError(f"data.{name}", "is not a column of the dataset"))
                continue
            try:
                changes[self._position[name]] = self._cell(column, value)
            except ValueProblem as exc:
                problems.append(FieldError(f"data.{name}", str(exc)))
        if problems:
            raise validation_error("Invalid data", *problems)
        old = [self._rows[row_id] for row_id in row_ids]
        new = [tuple(changes.get(p, value) for p, value in enumerate(row)) for row in old]
        problems = self._check_unique(new, list(row_ids), "data", touched=set(changes))
        if problems:
            raise validation_error("The update would break a unique constraint", *problems)
        for row_id, before, after in zip(row_ids, old, new, strict=True):
            self._replace(row_id, before, after, changes)
        record_undo(lambda: self._undo_update(row_ids, old, changes))
        return len(row_ids)

    def delete(self, row_ids: Sequence[int]) -> int:
        removed = [(row_id, self._drop(row_id)) for row_id in row_ids]
        record_undo(lambda: self._restore_deleted(removed))
        return len(removed)

    # ---- internals -----------------------------------------------------------

    def _cell(self, column: Column, value: Any) -> Stored | None:
        if value is None:
            if not column.nullable:
                raise ValueProblem("must not be null")
            return None
        return CONVERTERS[column.type](value)

    def _convert(self, rows: Sequence[Mapping[str, Any]]) -> tuple[list[Row], list[FieldError]]:
        width = len(self._storage)
        converters = [CONVERTERS[c.type] for c in self._storage]
        required = [p for p, c in enumerate(self._storage) if not c.nullable]
        position = self._position
        problems: list[FieldError] = []
        converted: list[Row] = []
        for number, raw in enumerate(rows):
            values: list[Stored | None] = [None] * width
            for name, value in raw.items():
                at = position.get(name)
                if at is None:
                    problems.append(
                        FieldError(f"rows[{number}].{name}", "is not a column of the dataset")
                    )
                elif value is not None:
                    try:
                        values[at] = converters[at](value)
                    except ValueProblem as exc:
                        problems.append(FieldError(f"rows[{number}].{name}", str(exc)))
            for at in required:
                name = self._storage[at].name
                if values[at] is None and raw.get(name) is None:
                    problems.append(FieldError(f"rows[{number}].{name}", "is required"))
            converted.append(tuple(values))
        return converted, problems

    def _check_unique(
        self,
        rows: Sequence[Row],
        row_ids: Sequence[int | None],
        field: str,
        touched: set[int] | None = None,
    ) -> list[FieldError]:
        """Duplicates among ``rows`` and against stored rows other than ``row_ids``."""
        problems: list[FieldError] = []
        replaced = {row_id for row_id in row_ids if row_id is not None}
        for constraint, index in self._unique.items():
            if touched is not None and not touched.intersection(constraint):
                continue
            names = "+".join(self._storage[p].name for p in constraint)
            seen: dict[Any, int] = {}
            for number, row in enumerate(rows):
                key = _key(row, constraint)
                if key is None:
                    continue
                where = f"{field}[{number}].{names}" if touched is None else f"{field}.{names}"
                if key in seen:
                    problems.append(
                        FieldError(
                            where, f"duplicates the value of row {seen[key]} of this request"
                        )
                    )
                    continue
                seen[key] = number
                holder = index.get(key)
                if holder is not None and holder not in replaced:
                    problems.append(FieldError(where, "a row with this value already exists"))
        return problems

    def _put(self, row_id: int, row: Row) -> None:
        self._rows[row_id] = row
        for at, value in enumerate(row):
            if value is None:
                self._nulls[at][row_id] = None
            else:
                self._sorted[at].add(value, row_id)
        for constraint, index in self._unique.items():
            key = _key(row, constraint)
            if key is not None:
                index[key] = row_id

    def _drop(self, row_id: int) -> Row:
        row = self._rows.pop(row_id)
        for at, value in enumerate(row):
            if value is None:
                del self._nulls[at][row_id]
            else:
                self._sorted[at].remove(value, row_id)
        for constraint, index in self._unique.items():
            key = _key(row, constraint)
            if key is not None:
                del index[key]
        return row

    def _replace(
        self, row_id: int, before: Row, after: Row, changes: Mapping[int, Stored | None]
    ) -> None:
        constraints = [
            (constraint, index)
            for constraint, index in self._unique.items()
            if not changes.keys().isdisjoint(constraint)
        ]
        for at in changes:
            if before[at] is None:
                del self._nulls[at][row_id]
            else:
                self._sorted[at].remove(before[at], row_id)
        for constraint, index in constraints:
            key = _key(before, constraint)
            if key is not None and index.get(key) == row_id:
                del index[key]
        self._rows[row_id] = after
        for at in changes:
            if after[at] is None:
                self._nulls[at][row_id] = None
            else:
                self._sorted[at].add(after[at], row_id)
        for constraint, index in constraints:
            key = _key(after, constraint)
            if key is not None:
                index[key] = row_id

    # Undo acts on the rows as they are now: a request outside the transaction may
    # have changed or deleted them meanwhile (its own writes are not undone).

    def _undo_insert(self, row_ids: Sequence[int]) -> None:
        for row_id in reversed(row_ids):
            if row_id in self._rows:
                self._drop(row_id)

    def _undo_update(
        self, row_ids: Sequence[int], old: Sequence[Row], changes: Mapping[int, Stored | None]
    ) -> None:
        for row_id, before in zip(row_ids, old, strict=True):
            current = self._rows.get(row_id)
            if current is not None:
                restored = tuple(before[p] if p in changes else v for p, v in enumerate(current))
                self._replace(row_id, current, restored, changes)

    def _restore_deleted(self, removed: Iterable[tuple[int, Row]]) -> None:
        for row_id, row in removed:
            self._put(row_id, row)
        self._in_order = False


def _key(row: Row, constraint: Constraint) -> Any:
    """The constraint's key for a row; None when a value is null (nulls never clash)."""
    if len(constraint) == 1:
        return row[constraint[0]]
    key = tuple(row[at] for at in constraint)
    return None if None in key else key
