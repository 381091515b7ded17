"""Stores: the state every API keeps, behind a small protocol.

A store holds JSON-shaped records (dicts) by id, in insertion order. Handlers only
see the protocol, so another backend (e.g. Redis, shared by several workers) can
replace :class:`MemoryStore` without a handler noticing.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar

Record = dict[str, Any]
K = TypeVar("K")
K_contra = TypeVar("K_contra", contravariant=True)


class Store(Protocol[K_contra]):
    """Records by key, iterated in insertion order."""

    def get(self, key: K_contra) -> Record | None: ...

    def put(self, key: K_contra, record: Record) -> None: ...

    def delete(self, key: K_contra) -> bool: ...

    def values(self) -> Iterator[Record]: ...

    def __contains__(self, key: object) -> bool: ...

    def __len__(self) -> int: ...


class MemoryStore(Store[K]):
    """The in-process store: a dict, so reads and writes are O(1)."""

    def __init__(self) -> None:
        self._records: dict[K, Record] = {}

    def get(self, key: K) -> Record | None:
        return self._records.get(key)

    def put(self, key: K, record: Record) -> None:
        self._records[key] = record

    def delete(self, key: K) -> bool:
        return self._records.pop(key, None) is not None

    def values(self) -> Iterator[Record]:
        return iter(list(self._records.values()))

    def find(self, predicate: Callable[[Record], bool]) -> Record | None:
        return next((r for r in self._records.values() if predicate(r)), None)

    def __contains__(self, key: object) -> bool:
        return key in self._records

    def __len__(self) -> int:
        return len(self._records)


_ALPHABET = string.ascii_letters + string.digits


class IdFactory:
    """Deterministic, prefixed ids (`res_8fK2...`) from a seeded generator."""

    def __init__(self, seed: int, length: int = 12) -> None:
        self._random = random.Random(seed)
        self._length = length
        self._counters: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        return f"{prefix}_{''.join(self._random.choices(_ALPHABET, k=self._length))}"

    def next_int(self, sequence: str, start: int = 1) -> int:
        """Sequential integer ids (for the APIs whose ids are numbers)."""
        value = self._counters.get(sequence, start - 1) + 1
        self._counters[sequence] = value
        return value


def public_view(record: Record) -> Record:
    """A record without its server-only fields (those whose names start with `_`)."""
    return {k: v for k, v in record.items() if k[:1] != "_"}  # faster than startswith


class PublicViews(Generic[K]):
    """Records' public views remembered by key until the record changes, so a page of
    unchanged records is not copied field by field on every read.

    A view is shared by every answer that reads it: it is only ever serialised, never
    changed. Call :meth:`forget` whenever a record is stored, changed or deleted. At
    most ``limit`` views are kept (past it they are all forgotten at once: a crawl of a
    large store costs what it did without them)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._views: dict[K, Record] = {}
        self._limit = limit

    def of(self, key: K, record: Record) -> Record:
        view = self._views.get(key)
        if view is None:
            if len(self._views) >= self._limit:
                self._views.clear()
            view = self._views[key] = public_view(record)
        return view

    def forget(self, key: K) -> None:
        self._views.pop(key, None)

    def __len__(self) -> int:
        return len(self._views)
