"""Records kept in sort order per partition, so a page costs its size, not the store's.

A listing sorted by a field, ties broken by id ascending in either direction, is read
as a slice of a sorted list instead of sorting every record on every request. An
order (partition, field, direction) is built the first time it is asked for and kept
up to date from then on: inserting is a binary search plus a memory move, reading page
N is a slice.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

Record = dict[str, Any]
_Order = tuple[Hashable, str, bool]
_Key = tuple[str, str, str]
"""(sort value, id or inverted id, id): the id rides along so that a page of a
descending order is read without restoring it from its inverted form."""
_TOP = 0x10FFFF


_INVERTED_ASCII = {code: chr(_TOP - code) for code in range(128)}


def _inverted(record_id: str) -> str:
    """A string whose order is the reverse of ``record_id``'s (the closing highest
    character puts "ab" after "abc", as the reverse order wants)."""
    if record_id.isascii():
        return record_id.translate(_INVERTED_ASCII) + chr(_TOP)
    return "".join(chr(_TOP - ord(c)) for c in record_id) + chr(_TOP)


class SortedIndex:
    """Ids of records by partition, in the order of any of ``fields``.

    ``value(record, field)`` is the string a record sorts by (the listing's own rule,
    e.g. a missing value as ""). Remove a record before a field it sorts by changes and
    add it again after.
    """

    def __init__(
        self,
        fields: Iterable[str],
        partition: Callable[[Record], Hashable],
        value: Callable[[Record, str], str],
        records: Callable[[], Iterable[Record]],
    ) -> None:
        self.fields = frozenset(fields)
        self._partition = partition
        self._value = value
        self._records = records
        self._orders: dict[_Order, list[_Key]] = {}
        self._sizes: dict[Hashable, int] = {}
        for record in records():
            self._count(record, 1)

    def _key(self, record: Record, field: str, descending: bool) -> _Key:
        record_id = record["id"]
        tie = _inverted(record_id) if descending else record_id
        return self._value(record, field), tie, record_id

    def _count(self, record: Record, step: int) -> None:
        part = self._partition(record)
        self._sizes[part] = max(0, self._sizes.get(part, 0) + step)

    def add(self, record: Record) -> None:
        self._count(record, 1)
        part = self._partition(record)
        for (partition, field, descending), keys in self._orders.items():
            if partition == part:
                bisect.insort(keys, self._key(record, field, descending))

    def remove(self, record: Record) -> None:
        self._count(record, -1)
        part = self._partition(record)
        for (partition, field, descending), keys in self._orders.items():
            if partition == part:
                key = self._key(record, field, descending)
                at = bisect.bisect_left(keys, key)
                if at < len(keys) and keys[at] == key:
                    del keys[at]

    def size(self, partition: Hashable) -> int:
        return self._sizes.get(partition, 0)

    def _order(self, partition: Hashable, field: str, descending: bool) -> list[_Key]:
        if field not in self.fields:
            raise KeyError(field)
        order = (partition, field, descending)
        keys = self._orders.get(order)
        if keys is None:
            keys = sorted(
                self._key(r, field, descending)
                for r in self._records()
                if self._partition(r) == partition
            )
            self._orders[order] = keys
        return keys

    def ids(
        self, partition: Hashable, field: str, descending: bool, start: int, stop: int
    ) -> list[str]:
        """The ids at positions ``start:stop`` of the partition in that order."""
        keys = self._order(partition, field, descending)
        if not descending:
            return [record_id for _, _, record_id in keys[start:stop]]
        size = len(keys)
        window = keys[max(0, size - stop) : max(0, size - start)]
        return [record_id for _, _, record_id in reversed(window)]

    def iter_ids(self, partition: Hashable, field: str, descending: bool) -> Iterator[str]:
        """Every id of the partition in that order."""
        size = self.size(partition)
        step = 256
        for start in range(0, size, step):
            yield from self.ids(partition, field, descending, start, start + step)
