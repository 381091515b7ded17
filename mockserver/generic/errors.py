"""Errors of a user's document in its own error schema, else RFC 9457 problem+json.

The error schema is the one the document's `default` and 4xx responses declare most
often. Its body is filled by property names: a message-like field gets the message,
a code-like field the status (integer) or kind (string), an errors/details array the
field errors; other required properties are made up to fit the schema.
"""

from __future__ import annotations

import random
from collections import Counter
from http import HTTPStatus
from typing import Any

from contract import operations
from contract.paths import flatten
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.rendering import ErrorStyle

PROBLEM_JSON = "application/problem+json"
_MESSAGES = (
    "message",
    "detail",
    "details",
    "error_description",
    "description",
    "msg",
    "error",
    "title",
    "reason",
)
_CODES = ("code", "status", "statuscode", "status_code", "error_code", "errorcode")
_LISTS = ("errors", "details", "violations", "invalid_params", "fields")


Declared = tuple[str, dict[str, Any]]
"""(media type, schema) of an error response."""


def error_schemas(document: dict[str, Any]) -> dict[str, Declared]:
    """The document's error responses by status (`404`, ..., `default`), each the schema
    most operations declare for it; ``""`` holds the most common one overall."""
    counts: dict[str, Counter[int]] = {}
    found: dict[int, Declared] = {}
    for _method, _template, operation in operations(document):
        for code, response in (operation.get("responses") or {}).items():
            code = str(code)
            if not (code == "default" or code.startswith("4") or code.startswith("5")):
                continue
            content = resolve(document, response).get("content") or {}
            for media_type, media in content.items():
                if "json" in media_type and isinstance(media, dict) and "schema" in media:
                    schema = resolve(document, media["schema"])
                    if flatten(document, schema).get("properties"):
                        for key in (code, ""):
                            counts.setdefault(key, Counter())[id(schema)] += 1
                        found[id(schema)] = (media_type, schema)
                    break
    return {code: found[c.most_common(1)[0][0]] for code, c in counts.items()}


def validation_status(document: dict[str, Any]) -> int:
    """422 when the document's operations document 422 more often than 400, else 400."""
    counts: Counter[str] = Counter()
    for _method, _template, operation in operations(document):
        codes = {str(code) for code in operation.get("responses") or {}}
        counts.update(codes & {"400", "422"})
    return 422 if counts["422"] > counts["400"] else 400


def error_style(document: dict[str, Any], www_authenticate: str | None) -> ErrorStyle:
    """How errors of this document are spelt (and invalid input's status: 400 or 422)."""
    declared = error_schemas(document)
    statuses = {ErrorKind.VALIDATION: 422} if validation_status(document) == 422 else {}
    if not declared:
        return ErrorStyle(
            build=_problem,
            media_type=PROBLEM_JSON,
            www_authenticate=www_authenticate,
            statuses=statuses,
        )
    maker = SampleMaker(document, random.Random(0), use_examples=False)

    def build(error: ApiError, status: int) -> dict[str, Any]:
        _, schema = declared.get(str(status)) or declared.get("default") or declared[""]
        body = _fill(maker, schema, error, status, 0)
        return body if isinstance(body, dict) else {"message": error.message}

    media_type = declared[""][0]
    return ErrorStyle(
        build=build,
        media_type=media_type if media_type != "application/json" else None,
        www_authenticate=www_authenticate,
        statuses=statuses,
    )


def _problem(error: ApiError, status: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _phrase(status),
        "status": status,
        "detail": error.message,
    }
    if error.details:
        body["errors"] = [{"field": d.field, "message": d.message} for d in error.details]
    return body


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _fill(maker: SampleMaker, schema: Any, error: ApiError, status: int, depth: int) -> Any:
    document = maker.document
    flat = flatten(document, resolve(document, schema))
    kind = flat.get("type")
    if kind == "string" or (kind is None and not flat.get("properties")):
        return _fitting(flat, error.message, maker)
    if kind in ("integer", "number"):
        return _fitting(flat, status, maker)
    if kind == "array":
        items = resolve(document, flat.get("items") or {})
        if depth >= 4:
            return []
        parts = [ApiError(error.kind, d.message, (d,)) for d in error.details] or [error]
        return [_fill(maker, items, part, status, depth + 1) for part in parts]
    if not flat.get("properties"):
        return maker.make(flat)
    required = set(flat.get("required") or [])
    body: dict[str, Any] = {}
    for name, prop in flat["properties"].items():
        prop = resolve(document, prop)
        lowered = name.lower()
        prop_kind = flatten(document, prop).get("type")
        if lowered in ("field", "path", "param", "parameter", "name") and error.details:
            body[name] = _fitting(prop, error.details[0].field, maker)
        elif lowered in _MESSAGES and prop_kind == "string":
            body[name] = _fitting(prop, error.message, maker)
        elif lowered in _CODES and prop_kind in ("integer", "number"):
            body[name] = _fitting(prop, status, maker)
        elif lowered in _CODES and prop_kind == "string":
            body[name] = _fitting(prop, error.kind.name.lower(), maker)
        elif (
            lowered in _LISTS and prop_kind == "array" and (error.details or name in required)
        ) or (name in required and depth < 4):
            body[name] = _fill(maker, prop, error, status, depth + 1)
    return body


def _fitting(schema: dict[str, Any], value: Any, maker: SampleMaker) -> Any:
    """``value`` if the schema allows it, else a value the schema allows."""
    enum = schema.get("enum")
    if enum:
        return value if value in enum else enum[0]
    if schema.get("type") == "string" and not isinstance(value, str):
        value = str(value)
    if schema.get("type") in ("integer", "number") and not isinstance(value, int | float):
        return maker.make(schema)
    if isinstance(value, str) and (schema.get("pattern") or schema.get("format")):
        return maker.make(schema)
    if isinstance(value, str):
        high = schema.get("maxLength")
        value = value[: int(high)] if high is not None else value
        if len(value) < int(schema.get("minLength", 0)):
            return maker.make(schema)
    return value
