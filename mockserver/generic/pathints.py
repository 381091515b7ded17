"""Integer path parameters routed as strings, validated as integers.

Connexion routes an integer path parameter with Starlette's `int` converter, so
`/comments/abc` matches no route and answers 404 where the document documents an
invalid-input status (400/422) instead. The served copy of the document types such a
parameter as a string of digits (its int32/int64 format kept as a range check on the
string): `abc` is then a validation error in the document's own error format. Handlers
read raw path values, so nothing else changes.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft4Validator

from contract.refs import resolve
from mockserver.generic.intbounds import RANGES

DIGITS = "^-?[0-9]+$"


def with_string_routed_integers(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (changed in place) with every integer path parameter a digit string."""
    for item in (document.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        holders = [item, *(op for op in item.values() if isinstance(op, dict))]
        for holder in holders:
            parameters = holder.get("parameters")
            if isinstance(parameters, list):
                holder["parameters"] = [_as_digits(document, p) for p in parameters]
    return document


def _as_digits(document: dict[str, Any], parameter: Any) -> Any:
    resolved = resolve(document, parameter)
    if not isinstance(resolved, dict) or resolved.get("in") != "path":
        return parameter
    schema = resolve(document, resolved.get("schema") or {})
    if not isinstance(schema, dict) or schema.get("type") != "integer":
        return parameter
    routed = copy.deepcopy(resolved)
    routed["schema"] = {"type": "string", "pattern": DIGITS}
    if schema.get("format") in RANGES:
        routed["schema"]["format"] = schema["format"]
    return routed


@Draft4Validator.FORMAT_CHECKER.checks("int32")
def _is_int32(value: object) -> bool:
    return _in_range(value, "int32")


@Draft4Validator.FORMAT_CHECKER.checks("int64")
def _is_int64(value: object) -> bool:
    return _in_range(value, "int64")


def _in_range(value: object, fmt: str) -> bool:
    """A digit string within the format's range (any other value: not this check's)."""
    if not isinstance(value, str) or not value.lstrip("-").isdigit():
        return True
    low, high = RANGES[fmt]
    return low <= int(value) <= high
