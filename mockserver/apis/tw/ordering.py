"""Sort keys for several fields with mixed directions, nulls first ascending and last
descending; one key function serves dataset listings and row queries."""

from __future__ import annotations

from collections.abc import Sequence
from functools import total_ordering
from typing import Any


@total_ordering
class Descending:
    """A value that sorts in reverse (for strings, which cannot be negated)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Descending) and self.value == other.value

    def __lt__(self, other: Descending) -> bool:
        return bool(self.value > other.value)

    def __hash__(self) -> int:
        return hash(self.value)


def component(value: Any, descending: bool) -> tuple[int, Any]:
    """One field's part of a sort key."""
    if not descending:
        return (0, 0) if value is None else (1, value)
    if value is None:
        return (1, 0)
    if isinstance(value, str):
        return (0, Descending(value))
    return (0, -value)


def sort_key(values: Sequence[Any], descending: Sequence[bool], tiebreak: Any) -> tuple[Any, ...]:
    """The key of an item whose order fields hold ``values``; ``tiebreak`` (an id or a
    sequence number) decides between equal items, ascending."""
    return (
        *(component(v, d) for v, d in zip(values, descending, strict=True)),
        tiebreak,
    )
