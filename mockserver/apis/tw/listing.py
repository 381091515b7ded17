"""List pages with offset or cursor pagination over one sort order.

Both modes share the envelope `{data, total, limit, offset, next_cursor, has_more}`.
A cursor is keyset: it names the last item's sort values and id (signed, with a
digest of the filter and sort it belongs to), so a walk by cursor sees every item
that exists throughout the walk exactly once even while items are added.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.apis.tw.ordering import sort_key
from mockserver.core.errors import FieldError, validation_error
from mockserver.core.pagination import CursorCodec
from mockserver.core.store import Record


@dataclass(frozen=True)
class SortOrder:
    """Fields to sort by (most significant first) and a unique tie-breaking field."""

    fields: Sequence[str]
    descending: Sequence[bool]
    tiebreak: str = "id"

    def key(self, item: Mapping[str, Any]) -> tuple[Any, ...]:
        return sort_key([item[f] for f in self.fields], self.descending, item[self.tiebreak])

    def position(self, item: Mapping[str, Any]) -> list[Any]:
        """The JSON form of an item's place in the order (kept in cursors)."""
        return [*(item[f] for f in self.fields), item[self.tiebreak]]

    def key_of_position(self, position: Sequence[Any]) -> tuple[Any, ...]:
        *values, tiebreak = position
        return sort_key(values, self.descending, tiebreak)


def digest(parts: Mapping[str, Any]) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def page(
    items: Sequence[Record],
    order: SortOrder,
    *,
    limit: int,
    offset: int | None,
    cursor: str | None,
    codec: CursorCodec,
    scope: Mapping[str, Any],
    view: Callable[[Record], dict[str, Any]],
) -> dict[str, Any]:
    """One page of ``items`` (any order; sorted here). ``scope`` is what a cursor must be
    sent with again (filter and sort)."""
    if offset is not None and cursor is not None:
        raise validation_error(
            "Use either offset or cursor pagination, not both",
            FieldError("cursor", "cannot be combined with offset"),
        )
    ordered = sorted(items, key=order.key)
    fingerprint = digest(scope)
    start = offset or 0
    if cursor is not None:
        state = codec.decode(cursor)
        position = state.get("after")
        if state.get("scope") != fingerprint or not isinstance(position, list):
            raise validation_error(
                "The cursor belongs to another listing",
                FieldError("cursor", "send the same filter and sort as for the first page"),
            )
        keys = [order.key(item) for item in ordered]
        start = bisect_right(keys, order.key_of_position(position))
    chunk = ordered[start : start + limit]
    has_more = start + len(chunk) < len(ordered)
    next_cursor = (
        codec.encode({"scope": fingerprint, "after": order.position(chunk[-1])})
        if has_more and chunk
        else None
    )
    return {
        "data": [view(item) for item in chunk],
        "total": len(ordered),
        "limit": limit,
        "offset": start,
        "next_cursor": next_cursor,
        "has_more": has_more,
    }
