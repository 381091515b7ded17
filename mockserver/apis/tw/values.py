"""Cell values: checking a JSON value against a column type, and the stored form.

A value is stored in a form that compares correctly with ``<``: integers and
numbers as Python numbers, strings as ``str`` (code point order), booleans as
``bool`` and timestamps as integer microseconds since the epoch (UTC), so
`2024-01-01T10:00:00+02:00` and `2024-01-01T08:00:00Z` are the same instant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

Stored = int | float | str | bool
Converter = Callable[[Any], Stored]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})\Z"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class ValueProblem(ValueError):
    """A value that does not fit its column; the message says why."""


def _integer(value: Any) -> int:
    if type(value) is not int:
        raise ValueProblem(f"expected an integer, got {_describe(value)}")
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueProblem("integer is outside the 64-bit signed range")
    return value


def _number(value: Any) -> int | float:
    if type(value) not in (int, float):
        raise ValueProblem(f"expected a number, got {_describe(value)}")
    if not math.isfinite(value):
        raise ValueProblem("expected a finite number")
    return value  # type: ignore[no-any-return]


def _string(value: Any) -> str:
    if type(value) is not str:
        raise ValueProblem(f"expected a string, got {_describe(value)}")
    return value


def _boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise ValueProblem(f"expected a boolean, got {_describe(value)}")
    return value


def parse_timestamp(value: Any, *, allow_date: bool = False) -> int:
    """RFC 3339 date-time (or, with ``allow_date``, a date meaning midnight UTC) to
    microseconds since the epoch."""
    if type(value) is not str:
        raise ValueProblem(f"expected an RFC 3339 date-time string, got {_describe(value)}")
    if allow_date and _DATE.match(value):
        text = value + "T00:00:00+00:00"
    elif _DATE_TIME.match(value):
        text = value.upper()
    else:
        expected = "an RFC 3339 date-time or a date" if allow_date else "an RFC 3339 date-time"
        raise ValueProblem(f"expected {expected}, got {value[:40]!r}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueProblem(f"{value[:40]!r} is not a valid date-time") from None
    return (moment - _EPOCH) // _MICROSECOND


def format_timestamp(micros: int) -> str:
    """Microseconds since the epoch as RFC 3339 UTC (`Z`), fraction only when non-zero."""
    moment = _EPOCH + timedelta(microseconds=micros)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


def _timestamp(value: Any) -> int:
    return parse_timestamp(value)


CONVERTERS: dict[str, Converter] = {
    "integer": _integer,
    "number": _number,
    "string": _string,
    "boolean": _boolean,
    "timestamp": _timestamp,
}
"""Column type -> converter from a JSON value to the stored form (raises ValueProblem)."""

ORDERED_TYPES = frozenset({"integer", "number", "string", "timestamp"})
"""Types whose values `gt`/`gte`/`lt`/`lte` compare."""


def to_json(column_type: str, stored: Stored | None) -> Any:
    """The JSON form of a stored value."""
    if stored is None or column_type != "timestamp":
        return stored
    return format_timestamp(int(stored))


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    return names.get(type(value), f"a JSON {type(value).__name__}")
