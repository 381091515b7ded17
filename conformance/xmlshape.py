"""XML responses read as the JSON their OpenAPI schema describes, so one schema checks both.

OpenAPI's `xml` rules decide the mapping: the document's root element is the
response schema (its `xml.name`, when given, must be the root's tag); an object's
properties are child elements named after the property (or the property's own
`xml.name`); an array property is unwrapped, its items repeated as children named
by the items' `xml.name` (or the property name), unless `xml.wrapped` puts them
inside one element named after the property. Text leaves are coerced to the
schema's type (integer, number, boolean); an empty element is null where the
schema is nullable, `""` for a string, and otherwise left as `""` for validation to
refuse. Booleans are read leniently (`1`/`0`, any case, an empty element false) unless
``strict_booleans`` is set: then only `true` and `false` are booleans, and any other
text is refused with an :class:`XmlShapeError` naming the element. Elements the
schema does not name are kept (as text, or nested objects), so
`additionalProperties: false` still catches them, and a repeated element where one
is expected becomes a list, which the schema then refuses.

Parsing is safe: DTDs and entities are refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

Schema = Mapping[str, Any]
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class XmlShapeError(ValueError):
    """The XML cannot be read as the schema's document at all (bad XML, wrong root)."""


class OpenApiDocument:
    """An OpenAPI document: resolves local `$ref`s and finds response schemas."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def resolve(self, node: Any) -> Any:
        """Follow `$ref` chains (`#/components/...`) to the node they name."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            reference = node["$ref"]
            if not reference.startswith("#/") or reference in seen:
                raise XmlShapeError(f"cannot resolve $ref {reference!r}")
            seen.add(reference)
            node = self.document
            for part in reference[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def response_schema(
        self, path: str, method: str, status: int, media_type: str
    ) -> Schema | None:
        """The schema of one documented response body, or None if undocumented."""
        operation = self.document.get("paths", {}).get(path, {}).get(method.lower())
        if not isinstance(operation, Mapping):
            return None
        responses = operation.get("responses", {})
        response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
        response = self.resolve(response or responses.get("default"))
        content = (response or {}).get("content", {})
        media = content.get(media_type)
        return self.resolve(media.get("schema")) if isinstance(media, Mapping) else None

    def effective(self, schema: Any) -> dict[str, Any]:
        """A schema with `$ref`s followed and `allOf`/`anyOf`/`oneOf` branches merged
        (properties and `required` united; the outer `xml` and `nullable` win)."""
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping):
            return {}
        merged: dict[str, Any] = {}
        for keyword in ("allOf", "anyOf", "oneOf"):
            for branch in schema.get(keyword, []):
                part = self.effective(branch)
                merged.setdefault("type", part.get("type"))
                merged.setdefault("items", part.get("items"))
                merged.setdefault("xml", part.get("xml"))
                merged.setdefault("properties", {}).update(part.get("properties", {}))
        own = {k: v for k, v in schema.items() if k not in ("allOf", "anyOf", "oneOf")}
        if "properties" in own:
            own["properties"] = {**merged.get("properties", {}), **own["properties"]}
        result = {k: v for k, v in merged.items() if v is not None}
        result.update(own)
        if "type" not in result:
            if "properties" in result:
                result["type"] = "object"
            elif "items" in result:
                result["type"] = "array"
        return result


def parse(content: bytes) -> Element:
    try:
        root: Element = fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except Exception as exc:  # defusedxml and expat raise several unrelated types
        raise XmlShapeError(f"not well-formed XML: {exc}") from exc
    return root


def xml_to_json(
    content: bytes, schema: Schema, document: OpenApiDocument, *, strict_booleans: bool = False
) -> Any:
    """The JSON-shaped value of an XML document read as ``schema``."""
    root = parse(content)
    expected = document.effective(schema).get("xml", {}).get("name")
    if expected is not None and root.tag != expected:
        raise XmlShapeError(f"root element is <{root.tag}>, the schema names <{expected}>")
    return shape(root, schema, document, strict_booleans=strict_booleans)


def shape(
    element: Element, schema: Any, document: OpenApiDocument, *, strict_booleans: bool = False
) -> Any:
    """One element read as ``schema``."""
    spec = document.effective(schema)
    kind = spec.get("type")
    children = list(element)
    if kind == "object":
        if not children and not (element.text or "").strip() and spec.get("nullable"):
            return None
        return _object(element, spec, document, strict_booleans)
    if kind == "array":
        read = partial(shape, document=document, strict_booleans=strict_booleans)
        return [read(child, spec.get("items", {})) for child in children]
    if children:
        return plain(element)  # structure where a scalar belongs: let validation say so
    if kind == "boolean" and strict_booleans:
        return _strict_boolean(element, spec)
    return _scalar(element.text or "", spec)


def _strict_boolean(element: Element, spec: dict[str, Any]) -> bool | None:
    text = element.text or ""
    if text == "" and spec.get("nullable"):
        return None
    if text in ("true", "false"):
        return text == "true"
    raise XmlShapeError(
        f"<{element.tag}> holds {text!r} where the schema says boolean: "
        "XML booleans must be written true or false"
    )


def _object(
    element: Element, spec: dict[str, Any], document: OpenApiDocument, strict_booleans: bool
) -> Any:
    read = partial(shape, document=document, strict_booleans=strict_booleans)
    children = list(element)
    value: dict[str, Any] = {}
    claimed: set[int] = set()
    for name, raw in spec.get("properties", {}).items():
        prop = document.effective(raw)
        tag = (raw.get("xml") or {}).get("name") or name
        if prop.get("type") == "array":
            items = prop.get("items", {})
            if (prop.get("xml") or {}).get("wrapped"):
                found = [(i, c) for i, c in enumerate(children) if c.tag == tag]
                if found:
                    index, wrapper = found[0]
                    claimed.add(index)
                    value[name] = [read(c, items) for c in wrapper]
                continue
            item_tag = (document.effective(items).get("xml") or {}).get("name") or tag
            found = [(i, c) for i, c in enumerate(children) if c.tag == item_tag]
            claimed.update(i for i, _ in found)
            value[name] = [read(c, items) for _, c in found]
            continue
        found = [(i, c) for i, c in enumerate(children) if c.tag == tag]
        claimed.update(i for i, _ in found)
        if len(found) == 1:
            value[name] = read(found[0][1], raw)
        elif found:
            value[name] = [read(c, raw) for _, c in found]
    for index, child in enumerate(children):
        if index not in claimed and child.tag not in value:
            value[child.tag] = plain(child)
    return value


def plain(element: Element) -> Any:
    """An element as text (a leaf) or a dict of its children, with no schema to guide it."""
    children = list(element)
    if not children:
        return element.text or ""
    return {child.tag: plain(child) for child in children}


def _scalar(text: str, spec: dict[str, Any]) -> Any:
    kind = spec.get("type")
    if text == "" and spec.get("nullable"):
        return None
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text) else text
    if kind == "number":
        if _INTEGER.fullmatch(text):
            return int(text)
        return float(text) if _NUMBER.fullmatch(text) else text
    if kind == "boolean":
        lowered = text.strip().lower()
        if lowered in ("1", "true"):
            return True
        if lowered in ("0", "false", ""):
            return False
        return text
    return text
