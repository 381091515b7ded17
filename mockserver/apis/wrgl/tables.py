"""A commit's table: the uploaded CSV parsed, deduplicated on its primary key, hashed.

Only what the API reports is kept (columns, key, row count, content hash): while
reading, each row is reduced to a 128-bit digest, kept by its primary-key values,
so memory grows with the number of distinct keys and the size of the key values,
not with the size of the other fields.

The content hash covers the column names (header order), the primary key (key
order) and the *set* of deduplicated rows (the last row of each key wins): row
order, duplicate rows, quoting and line ends do not change it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from mockserver.apis.wrgl.limits import Limits
from mockserver.core.errors import ApiError, validation_error

DIGEST_SIZE = 16
_SEPARATOR = "\x1f"
_HASH_VERSION = b"wrgl-table-v1\x00"


@dataclass(frozen=True)
class Table:
    """What a commit says about its CSV."""

    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    num_rows: int
    content_hash: str

    def describe(self) -> dict[str, Any]:
        """The API's table object."""
        return {
            "columns": list(self.columns),
            "numRows": self.num_rows,
            "primaryKey": list(self.primary_key),
        }


def digest(values: Sequence[str]) -> bytes:
    """128-bit digest of a sequence of strings, unambiguous for any content.

    Fields are joined with U+001F; when a field itself contains U+001F the
    sequence is JSON-encoded after ``len(values)`` separators instead, so the
    two encodings never coincide (they differ in the number of U+001F).
    """
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1:
        joined = _escaped(values)
    return hashlib.blake2b(joined.encode(), digest_size=DIGEST_SIZE).digest()


def _escaped(values: Sequence[str]) -> str:
    return _SEPARATOR * len(values) + json.dumps(list(values))


def parse_primary_key(value: str | None, columns: Sequence[str]) -> tuple[str, ...]:
    """`csv.primaryKey` as columns in key order; empty means every column."""
    if value is None or not value.strip():
        return tuple(columns)
    names = [name.strip() for name in value.split(",")]
    if any(not name for name in names):
        raise validation_error("csv.primaryKey has an empty column name")
    known = set(columns)
    for name in names:
        if name not in known:
            raise validation_error(f"csv.primaryKey names column '{name}', which is not in the CSV")
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate is not None:
        raise validation_error(f"csv.primaryKey names column '{duplicate}' twice")
    return tuple(names)


def _records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the line they end on; UTF-8 (BOM dropped), RFC 4180."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    try:
        for record in reader:
            if record:
                yield reader.line_num, record
    except UnicodeDecodeError:
        raise validation_error(
            f"the CSV is not valid UTF-8 (near line {reader.line_num + 1})"
        ) from None
    except csv.Error as exc:
        raise validation_error(f"the CSV is malformed at line {reader.line_num}: {exc}") from None


def _check_header(header: list[str], limits: Limits) -> None:
    if len(header) > limits.max_columns:
        raise validation_error(
            f"the CSV has {len(header)} columns, more than the limit of {limits.max_columns}"
        )
    for position, name in enumerate(header, start=1):
        if not name:
            raise validation_error(f"column {position} of the CSV header has no name")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise validation_error(f"the CSV header names column '{name}' twice")
        seen.add(name)


def read_table(data: bytes, primary_key: str | None, limits: Limits) -> Table:
    """Parse, validate and hash an uploaded CSV; raises a 400 :class:`ApiError` on bad input."""
    records = _records(data)
    first = next(records, None)
    if first is None:
        raise validation_error("the CSV is empty: a header row is required")
    _, header = first
    _check_header(header, limits)
    key = parse_primary_key(primary_key, header)
    winners = _winning_rows(records, header, key, limits)
    return Table(tuple(header), key, len(winners), _content_hash(header, key, winners))


def _winning_rows(
    records: Iterator[tuple[int, list[str]]],
    header: Sequence[str],
    key: Sequence[str],
    limits: Limits,
) -> set[bytes]:
    """Digests (as :func:`digest` computes them) of the last row of each key.

    The hot loop of an upload: :func:`digest` is inlined, and rows keyed by every
    column collapse in a set of their digests.
    """
    width, separators = len(header), len(header) - 1
    blake2b = hashlib.blake2b
    whole_row_key = tuple(key) == tuple(header)
    pick = itemgetter(*(header.index(name) for name in key))
    distinct: set[bytes] = set()
    by_key: dict[Any, bytes] = {}
    for count, (line, record) in enumerate(records, start=1):
        if count > limits.max_rows:
            raise validation_error(f"the CSV has more than the limit of {limits.max_rows} rows")
        if len(record) != width:
            raise _ragged(line, len(record), width)
        joined = _SEPARATOR.join(record)
        if joined.count(_SEPARATOR) != separators:
            joined = _escaped(record)
        row = blake2b(joined.encode(), digest_size=DIGEST_SIZE).digest()
        if whole_row_key:
            distinct.add(row)
        else:
            by_key[pick(record)] = row
    return distinct if whole_row_key else set(by_key.values())


def _ragged(line: int, fields: int, width: int) -> ApiError:
    return validation_error(
        f"line {line} of the CSV has {fields} fields, but the header has {width}"
    )


def _content_hash(header: Sequence[str], key: Sequence[str], rows: set[bytes]) -> str:
    hasher = hashlib.blake2b(_HASH_VERSION, digest_size=DIGEST_SIZE)
    hasher.update(digest(header))
    hasher.update(digest(key))
    hasher.update(len(rows).to_bytes(8, "big"))
    for row in sorted(rows):
        hasher.update(row)
    return hasher.hexdigest()
