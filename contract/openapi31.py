"""OpenAPI 3.1 documents in the 3.0 form Connexion serves.

The common 3.1 spellings have a 3.0 equivalent: type lists with ``"null"`` become
``nullable``, ``const`` a one-value ``enum``, numeric ``exclusiveMinimum`` a boolean
beside ``minimum``, schema ``examples`` a single ``example``. Keywords with no 3.0
form (``prefixItems``, ``if``/``then``, ...) are refused by name, so a user knows
what to change instead of getting a half-served document.
"""

from __future__ import annotations

import copy
from typing import Any

UNCONVERTIBLE = (
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "contains",
    "$dynamicRef",
)
DROPPED = ("$schema", "$id", "$comment", "$anchor", "contentMediaType", "contentEncoding")


class Unconvertible(ValueError):
    """A 3.1 keyword with no 3.0 equivalent, at a JSON pointer."""

    def __init__(self, keyword: str, pointer: str) -> None:
        super().__init__(f"OpenAPI 3.1 keyword '{keyword}' at {pointer} has no 3.0 form")
        self.keyword, self.pointer = keyword, pointer


def downgrade(document: dict[str, Any]) -> dict[str, Any]:
    """A 3.0.3 copy of a 3.1 ``document``; raises :class:`Unconvertible`."""
    converted = copy.deepcopy(document)
    converted["openapi"] = "3.0.3"
    for key in ("webhooks", "jsonSchemaDialect"):
        converted.pop(key, None)
    info = converted.get("info")
    if isinstance(info, dict):
        info.pop("summary", None)
        if isinstance(info.get("license"), dict):
            info["license"].pop("identifier", None)
    converted.setdefault("paths", {})
    if isinstance(converted.get("components"), dict):
        converted["components"].pop("pathItems", None)
    _walk(converted, "#")
    return converted


def _walk(node: Any, pointer: str) -> None:
    if isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    if _is_schema(node):
        _convert_schema(node, pointer)
    for key, value in node.items():
        if key in ("example", "examples", "default", "enum"):
            if key == "examples" and isinstance(value, dict):
                _walk(value, f"{pointer}/{key}")
            continue
        _walk(value, f"{pointer}/{key}")


def _is_schema(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    if isinstance(kind, list) or (isinstance(kind, str) and "in" not in node):
        return True
    return any(key in node for key in ("const", "allOf", "anyOf", "oneOf", "prefixItems"))


def _convert_schema(schema: dict[str, Any], pointer: str) -> None:
    for keyword in UNCONVERTIBLE:
        if keyword in schema:
            raise Unconvertible(keyword, pointer)
    for keyword in DROPPED:
        schema.pop(keyword, None)
    kinds = schema.get("type")
    if isinstance(kinds, list):
        named = [kind for kind in kinds if kind != "null"]
        if len(named) < len(kinds):
            schema["nullable"] = True
        if len(named) == 1:
            schema["type"] = named[0]
        else:
            del schema["type"]
            if named:
                schema["anyOf"] = [{"type": kind} for kind in named]
    elif kinds == "null":
        del schema["type"]
        schema["nullable"] = True
        schema["enum"] = [None]
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    for bound, inclusive in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            schema[inclusive] = value
            schema[bound] = True
    examples = schema.get("examples")
    if isinstance(examples, list):
        del schema["examples"]
        if examples and "example" not in schema:
            schema["example"] = examples[0]
