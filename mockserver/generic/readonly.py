"""Request bodies that do not demand readOnly properties.

OpenAPI 3.0: a required readOnly property is required in responses only. Connexion's
request validation does not know this, so the served copy of the document gets a
request view of every named schema (`Pet__request`), without readOnly properties in
``required``, and request bodies point at those views.
"""

from __future__ import annotations

import copy
from typing import Any

from contract import operations
from contract.refs import resolve

PREFIX = "#/components/schemas/"
SUFFIX = "__request"


def with_request_views(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (changed in place) with request views for its request bodies."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    if not _has_required_read_only(document, schemas):
        return document
    views = {f"{name}{SUFFIX}": _view(document, schema) for name, schema in schemas.items()}
    schemas.update(views)
    bodies = [op.get("requestBody") for _m, _t, op in operations(document)]
    for body in {id(b): b for b in bodies if b is not None}.values():
        body = resolve(document, body)
        for media in (body.get("content") or {}).values():
            if isinstance(media, dict) and "schema" in media:
                media["schema"] = _view(document, media["schema"])
    return document


def _has_required_read_only(document: dict[str, Any], schemas: dict[str, Any]) -> bool:
    for schema in schemas.values():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        for name in (schema.get("required") or []) if isinstance(schema, dict) else []:
            prop = (properties or {}).get(name)
            if prop is not None and resolve(document, prop).get("readOnly"):
                return True
    return False


def _view(document: dict[str, Any], schema: Any) -> Any:
    view = copy.deepcopy(schema)
    _rewrite(document, view)
    return view


def _rewrite(document: dict[str, Any], node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _rewrite(document, item)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(PREFIX) and not ref.endswith(SUFFIX):
        node["$ref"] = ref + SUFFIX
    properties = node.get("properties")
    if isinstance(properties, dict) and isinstance(node.get("required"), list):
        kept = [
            name
            for name in node["required"]
            if name not in properties or not resolve(document, properties[name]).get("readOnly")
        ]
        if kept:
            node["required"] = kept
        else:
            del node["required"]
    for key, value in node.items():
        if key not in ("example", "examples", "default", "enum"):
            _rewrite(document, value)
