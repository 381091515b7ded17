"""XML request bodies, read as the JSON their schema describes and validated as JSON.

Connexion validates only JSON and form bodies: an `application/xml` body reached the
handler unchecked, as bytes. :class:`XmlBody` turns a JSON body validator into an XML
one: the body is parsed safely (core/formats.parse_xml: no DTD, no entities, bounded
depth), converted with :func:`from_xml` to the JSON value its OpenAPI schema describes,
validated exactly as a JSON body would be (defaults filled in), and handed on as that
JSON, so a handler receives the same ``body`` whichever the Content-Type.

The mapping follows OpenAPI's `xml` rules as 2009-era services wrote request bodies:

- the root element is the schema's `xml.name` (another root is refused); each child
  element is the property of its name; an array property is one element holding an
  element per item; attributes are ignored; a repeated element is refused;
- text fields (strings without `format` or `enum`) are the element's text verbatim, an
  empty element being `""`; every other scalar may be surrounded by whitespace and is
  written as in JSON (`12`, `2.5`, `true`, `false`), an empty element being null;
- the text `null` is null in any field, as JSON's literal is;
- anything that does not fit (text where an object belongs, children where a scalar
  belongs, an unknown element) is kept as it is, for schema validation to refuse.

A body without a Content-Type is refused rather than guessed (Connexion would read it
as the operation's first media type), and so is a charset other than UTF-8. Connexion
also warns on every request to an operation with several body media types; that
warning says nothing a spec author does not know, so it is filtered out here.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import typing as t
from collections.abc import Mapping

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Receive, Scope

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import JSON_MEDIA_TYPE, parse_xml

Schema = Mapping[str, t.Any]
MAX_DEPTH = 16
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)
_UTF8 = ("utf-8", "utf8")
_MULTIPLE_CONTENT_TYPES = "this operation accepts multiple content types"


def _not_multiple_content_types(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(_MULTIPLE_CONTENT_TYPES)


logging.getLogger("connexion.operations.openapi3").addFilter(_not_multiple_content_types)


def effective(schema: t.Any) -> dict[str, t.Any]:
    """A (dereferenced) schema with its `allOf` branches merged under its own keywords."""
    if not isinstance(schema, Mapping):
        return {}
    merged: dict[str, t.Any] = {}
    for branch in schema.get("allOf", ()):
        merged.update(effective(branch))
    merged.update({k: v for k, v in schema.items() if k != "allOf"})
    return merged


def array_properties(schema: t.Any) -> set[str]:
    """Names of every array property in ``schema``, nested ones included."""
    spec = effective(schema)
    names: set[str] = set()
    for name, child in spec.get("properties", {}).items():
        child_spec = effective(child)
        if child_spec.get("type") == "array":
            names.add(name)
            names |= array_properties(child_spec.get("items"))
        else:
            names |= array_properties(child_spec)
    return names


def from_xml(value: t.Any, schema: t.Any) -> t.Any:
    """One parsed element (text, dict of children, or list of items) read as ``schema``."""
    spec = effective(schema)
    kind = spec.get("type")
    if value == "null":
        return None
    if kind == "object":
        if isinstance(value, dict):
            properties = spec.get("properties", {})
            return {
                name: from_xml(child, properties[name]) if name in properties else child
                for name, child in value.items()
            }
        if isinstance(value, str) and not value.strip():
            return None if spec.get("nullable") and value == "" else {}
        return value
    if kind == "array":
        if isinstance(value, list):
            return [from_xml(item, spec.get("items")) for item in value]
        return value
    if not isinstance(value, str):
        return value
    return _scalar(value, spec)


def _scalar(text: str, spec: dict[str, t.Any]) -> t.Any:
    kind = spec.get("type")
    if kind == "string" and "format" not in spec and "enum" not in spec:
        return text
    stripped = text.strip()
    if stripped == "":
        return None
    if kind in ("integer", "number") and _JSON_NUMBER.fullmatch(stripped):
        return json.loads(stripped)
    if kind == "boolean" and stripped in ("true", "false"):
        return stripped == "true"
    if kind == "string":
        return stripped
    return text


def read_xml_body(raw: bytes, schema: Schema) -> t.Any:
    """The JSON value of an XML request body (raises ApiError 400 when it cannot be read)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(ErrorKind.VALIDATION, "Request body is not valid UTF-8") from None
    declared = _DECLARED_ENCODING.match(raw)
    if declared and declared.group(1).decode().lower() not in _UTF8:
        raise ApiError(ErrorKind.VALIDATION, "XML bodies must be encoded in UTF-8")
    spec = effective(schema)
    parsed = parse_xml(raw, max_depth=MAX_DEPTH, list_fields=array_properties(spec))
    ((root, value),) = parsed.items()
    expected = (spec.get("xml") or {}).get("name")
    if expected is not None and root != expected:
        raise ApiError(
            ErrorKind.VALIDATION, f"XML body must have the root element <{expected}>, not <{root}>"
        )
    return from_xml(value, spec)


class XmlBody:
    """Mixin for a JSON request body validator: reads the body as XML (see the module
    docstring) and passes the validated result on as JSON."""

    _schema: t.Any

    async def _parse(self, stream: t.AsyncGenerator[bytes, None], scope: Scope) -> t.Any:
        content_type = Headers(scope=scope).get("content-type")
        if content_type is None:
            raise ApiError(
                ErrorKind.VALIDATION,
                "Content-Type is required with a request body (the operation accepts "
                "application/xml or application/json)",
            )
        charset = _CHARSET.search(content_type)  # Connexion misses `; charset=` (with a space)
        if charset is not None and charset.group(1).lower() not in _UTF8:
            raise ApiError(ErrorKind.VALIDATION, "XML bodies must be encoded in UTF-8")
        raw = b"".join([chunk async for chunk in stream])
        if not raw.strip():
            return None
        return read_xml_body(raw, self._schema)

    def _insert_body(self, receive: Receive, *, body: t.Any, scope: Scope) -> tuple[Receive, Scope]:
        """The validated body goes on as JSON, labelled so (handlers get a dict)."""
        receive, scope = super()._insert_body(receive, body=body, scope=scope)  # type: ignore[misc]
        if body is not None:
            scope = {**scope, "headers": copy.deepcopy(scope["headers"])}
            MutableHeaders(scope=scope)["content-type"] = f"{JSON_MEDIA_TYPE}; charset=utf-8"
        return receive, scope
