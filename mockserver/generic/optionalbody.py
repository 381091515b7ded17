"""Optional request bodies may be left out.

A request body is optional unless ``required: true``, but Connexion validates a
missing JSON body as ``null`` (a 400 "must not be empty"). Connexion does use a
schema's ``default`` for a missing body, so in the served copy of the document an
optional body whose schema accepts an empty value (``[]`` for an array without
``minItems``, ``{}`` for an object without ``required``) gets that as its default.
"""

from __future__ import annotations

from typing import Any

from contract import operations
from contract.paths import flatten
from contract.refs import resolve


def with_optional_bodies(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (changed in place): empty defaults for optional JSON bodies."""
    for _method, _template, operation in operations(document):
        body = operation.get("requestBody")
        if body is None or resolve(document, body).get("required"):
            continue
        for media_type, media in (resolve(document, body).get("content") or {}).items():
            if "json" not in media_type or not isinstance(media, dict) or "schema" not in media:
                continue
            schema = resolve(document, media["schema"])
            if "default" in schema:
                continue
            empty = _empty_value(flatten(document, schema))
            if empty is not None:  # a shallow copy: its properties stay visible to
                media["schema"] = {**schema, "default": empty}  # Connexion's form parser
    return document


def _empty_value(schema: dict[str, Any]) -> Any:
    if schema.get("type") == "array" and not schema.get("minItems"):
        return []
    if schema.get("type") == "object" and not schema.get("required"):
        return {} if not schema.get("minProperties") else None
    return None
