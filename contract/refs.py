"""Local JSON references (`#/components/...`) in an OpenAPI document: follow and check them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote


class UnresolvedRef(LookupError):
    """A `$ref` that points nowhere in the document (or outside it)."""

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.ref = ref


def lookup(document: Any, ref: str) -> Any:
    """The node ``ref`` names; only references within the document are followed."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise UnresolvedRef(str(ref))
    node = document
    for raw in filter(None, ref[1:].split("/")):
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise UnresolvedRef(ref)
    return node


def resolve(document: Any, node: Any) -> Any:
    """``node`` with its `$ref` chain followed (the node itself when it is no reference)."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise UnresolvedRef(ref)
        seen.add(ref)
        node = lookup(document, ref)
    return node


def references(node: Any) -> Iterator[str]:
    """Every `$ref` value under ``node``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for key, value in node.items():
            if key == "example" or (key == "examples" and not isinstance(value, dict)):
                continue  # data, not document structure
            if key == "examples":  # Example Objects (or references to them): skip `value`
                for example in value.values():
                    if isinstance(example, dict):
                        yield from references({k: v for k, v in example.items() if k != "value"})
                continue
            yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def unresolved(document: Any) -> list[str]:
    """The distinct references of ``document`` that cannot be followed, in order."""
    broken: list[str] = []
    for ref in references(document):
        if ref in broken:
            continue
        try:
            resolve(document, {"$ref": ref})
        except UnresolvedRef:
            broken.append(ref)
    return broken
