"""Per-schema record shaping, its schema lookups done once instead of on every request.

:class:`Compiled` holds, per document schema, the two steps every record answer takes:
``shown`` (writeOnly and disallowed properties left out) and ``completed`` (what
:meth:`contract.samples.SampleMaker.complete` does: every missing required property
made up, at every depth). Each is built on first use of a schema (children lazily, so
recursive schemas are fine) and answers exactly as the function it mirrors; only the
resolving and ``allOf`` flattening no longer happen per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contract.paths import flatten
from contract.refs import resolve
from contract.samples import MAX_DEPTH, SampleMaker

Show = Callable[[Any], Any]
Complete = Callable[[SampleMaker, Any], Any]


def _same(value: Any) -> Any:
    return value


def _copied(_maker: SampleMaker, value: Any) -> Any:
    """complete() of a schema with no properties, no required and no array items."""
    return dict(value) if isinstance(value, dict) else value


class Compiled:
    """The shaping steps of one document's schemas (read-only schemas: never changed)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._shows: dict[int, tuple[Any, Show]] = {}
        self._completes: dict[tuple[int, int], tuple[Any, Complete]] = {}

    # -- visible() ---------------------------------------------------------------------

    def shown(self, schema: Any) -> Show:
        """``record -> visible(document, schema, record)``."""
        known = self._shows.get(id(schema))
        if known is not None and known[0] is schema:
            return known[1]
        show = self._show(schema)
        self._shows[id(schema)] = (schema, show)
        return show

    def _show(self, schema: Any) -> Show:
        document = self.document
        flat = flatten(document, resolve(document, schema or {}))
        properties = flat.get("properties")
        if not isinstance(properties, dict):
            return _same
        closed = flat.get("additionalProperties") is False
        hidden = frozenset(
            key
            for key, prop in properties.items()
            if prop is not None and resolve(document, prop).get("writeOnly")
        )
        children: dict[str, Show] = {}

        def show(record: Any) -> Any:
            if not isinstance(record, dict):
                return record
            shown = {}
            for key, value in record.items():
                prop = properties.get(key)
                if prop is None:
                    if not closed:
                        shown[key] = value
                    continue
                if key in hidden:
                    continue
                child = children.get(key)
                if child is None:
                    child = children[key] = self.shown(prop)
                shown[key] = value if child is _same else child(value)
            return shown

        return show

    # -- SampleMaker.complete() --------------------------------------------------------

    def completed(self, schema: Any, depth: int = 0) -> Complete:
        """``(maker, partial) -> maker.complete(schema, partial, "response", depth)``."""
        key = (id(schema), depth)
        known = self._completes.get(key)
        if known is not None and known[0] is schema:
            return known[1]
        complete = self._complete(schema, depth)
        self._completes[key] = (schema, complete)
        return complete

    def _complete(self, schema: Any, depth: int) -> Complete:
        document = self.document
        flat = flatten(document, resolve(document, schema or {}))
        array = flat.get("type") == "array" and depth < MAX_DEPTH
        properties = flat.get("properties") or {}
        required = [key for key in flat.get("required") or [] if key in properties]
        if not array and not properties:
            return _copied
        descend = depth < MAX_DEPTH
        items = flat.get("items") or {}
        children: dict[str, Complete] = {}

        def complete(maker: SampleMaker, partial: Any) -> Any:
            if isinstance(partial, list) and array:
                each = self.completed(items, depth + 1)
                return [each(maker, value) for value in partial]
            if not isinstance(partial, dict):
                return partial
            result = dict(partial)
            if descend:
                for key, value in partial.items():
                    if key in properties:
                        child = children.get(key)
                        if child is None:
                            child = children[key] = self.completed(properties[key], depth + 1)
                        if child is _copied:
                            if isinstance(value, dict):
                                result[key] = dict(value)
                        else:
                            result[key] = child(maker, value)
            for key in required:
                if key not in result:
                    result[key] = maker.make(properties[key], key, "response", depth + 1)
            return result

        return complete
