"""Every schema violation of a request body at once, as one 400.

Connexion's body validators stop at the first jsonschema error, so a client fixing a
body learned its problems one request at a time. :func:`reject_invalid` collects all
of them with ``iter_errors``, sorted by the field they concern (then by message), and
raises one :class:`ApiError` whose ``details`` name each field (a dotted path, as
Connexion writes it: `schema.columns.0.type`; a missing property is named by its own
path) with what is wrong in plain English (`cannot be empty`, core/plain_messages.py),
and whose ``message`` is a one-line summary naming the fields (`repo name cannot be
empty`). Each API's error renderer decides how much of that to show.
"""

from __future__ import annotations

import typing as t
from collections.abc import Iterable, Sequence

from jsonschema import ValidationError

from mockserver.core.errors import ApiError, ErrorKind, FieldError
from mockserver.core.plain_messages import plain_message, predicate

SUMMARY_LIMIT = 10
"""The summary message quotes at most this many problems, then says how many more."""

PathPart = str | int


class SchemaValidator(t.Protocol):
    """What is needed of a jsonschema validator."""

    def iter_errors(self, instance: t.Any) -> Iterable[ValidationError]: ...


def field_path(error: ValidationError) -> tuple[PathPart, ...]:
    """Where ``error`` is: its instance path, plus the property a `required` misses."""
    path = tuple(error.path)
    if error.validator == "required" and isinstance(error.validator_value, list):
        for name in error.validator_value:
            if error.message == f"{name!r} is a required property":
                return (*path, name)
    return path


def _sort_key(error: ValidationError) -> tuple[t.Any, ...]:
    parts = [(0, part, "") if isinstance(part, int) else (1, 0, part) for part in field_path(error)]
    return tuple(parts), error.message


def dotted(path: Iterable[PathPart]) -> str:
    """A path as Connexion writes it: `schema.columns.0.type`."""
    return ".".join(str(part) for part in path)


def describe(error: ValidationError) -> str:
    """One error as a sentence naming its field: `name must be a string`."""
    return plain_message(error, dotted(field_path(error)))


def summary(lines: Sequence[str]) -> str:
    """One line quoting the first :data:`SUMMARY_LIMIT` problems and counting the rest."""
    quoted = "; ".join(lines[:SUMMARY_LIMIT])
    rest = len(lines) - SUMMARY_LIMIT
    return f"{quoted} (and {rest} more)" if rest > 0 else quoted


def sorted_errors(validator: SchemaValidator, instance: t.Any) -> list[ValidationError]:
    """Every violation of ``instance``, in field order (then message order)."""
    return sorted(validator.iter_errors(instance), key=_sort_key)


def as_api_error(errors: Sequence[ValidationError]) -> ApiError:
    """The 400 reporting ``errors`` (sorted, non-empty), duplicates listed once."""
    details = tuple(dict.fromkeys(FieldError(dotted(field_path(e)), predicate(e)) for e in errors))
    lines = list(dict.fromkeys(describe(error) for error in errors))
    return ApiError(ErrorKind.VALIDATION, summary(lines), details)


def reject_invalid(validator: SchemaValidator, instance: t.Any) -> None:
    """Raise the 400 listing every violation of ``instance``, if it has any."""
    errors = sorted_errors(validator, instance)
    if errors:
        raise as_api_error(errors)
