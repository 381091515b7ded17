"""A dataset's columns: definitions as sent, as stored, and the rules for changing them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.core.errors import ApiError, FieldError, conflict, validation_error


@dataclass(frozen=True)
class Column:
    """A stored column; a primary-key column is always unique and not nullable."""

    name: str
    type: str
    primary_key: bool = False
    unique: bool = False
    nullable: bool = True

    @classmethod
    def from_definition(cls, raw: Mapping[str, Any], *, sole_key: bool = True) -> Column:
        """A column as defined; a primary key is not nullable, and unique when it is the
        ``sole_key`` column (a composite key is unique only as a whole)."""
        primary = bool(raw.get("primaryKey", False))
        return cls(
            name=raw["name"],
            type=raw["type"],
            primary_key=primary,
            unique=(primary and sole_key) or bool(raw.get("unique", False)),
            nullable=not primary and bool(raw.get("nullable", True)),
        )

    def view(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "primaryKey": self.primary_key,
            "unique": self.unique,
            "nullable": self.nullable,
        }


def parse_columns(raw: Sequence[Mapping[str, Any]], field: str = "schema.columns") -> list[Column]:
    """Column definitions (already schema-valid) to columns; names must be unique."""
    seen: dict[str, int] = {}
    problems = []
    for index, definition in enumerate(raw):
        name = definition["name"]
        if name in seen:
            problems.append(
                FieldError(
                    f"{field}[{index}].name", f"duplicates the name of {field}[{seen[name]}]"
                )
            )
        else:
            seen[name] = index
    if problems:
        raise validation_error("Column names must be unique within a dataset", *problems)
    sole_key = sum(bool(d.get("primaryKey")) for d in raw) == 1
    return [Column.from_definition(d, sole_key=sole_key) for d in raw]


def plan_change(current: Sequence[Column], wanted: Sequence[Column], has_rows: bool) -> None:
    """Check that ``wanted`` (the complete new list) may replace ``current``.

    Columns are never removed nor change type; with rows, existing flags are frozen and
    new columns must be nullable and not primary keys. Breaking a rule is a 409.
    """
    by_name = {c.name: c for c in wanted}
    problems: list[FieldError] = []
    for column in current:
        new = by_name.get(column.name)
        if new is None:
            problems.append(FieldError("schema.columns", f"column '{column.name}' is missing"))
        elif new.type != column.type:
            problems.append(
                FieldError(
                    f"schema.columns.{column.name}",
                    f"type cannot change from {column.type} to {new.type}",
                )
            )
        elif has_rows and new != column:
            problems.append(
                FieldError(
                    f"schema.columns.{column.name}",
                    "flags cannot change once the dataset has rows",
                )
            )
    if has_rows:
        existing = {c.name for c in current}
        for column in wanted:
            if column.name not in existing and (column.primary_key or not column.nullable):
                problems.append(
                    FieldError(
                        f"schema.columns.{column.name}",
                        "a column added to a dataset with rows must be nullable and "
                        "not a primary key",
                    )
                )
    if problems:
        raise conflict("The schema change is not allowed", *problems)


def primary_key(columns: Iterable[Column]) -> tuple[str, ...]:
    return tuple(c.name for c in columns if c.primary_key)


def unknown_columns(names: Iterable[str], columns: Iterable[Column], field: str) -> ApiError | None:
    """A 400 naming every name that is not a column, or None."""
    known = {c.name for c in columns}
    problems = [
        FieldError(f"{field}.{name}" if field else name, "is not a column of the dataset")
        for name in names
        if name not in known
    ]
    if not problems:
        return None
    return validation_error("Unknown column", *problems)
