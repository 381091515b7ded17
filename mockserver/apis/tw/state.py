"""TW's state: one account per API key, each with its datasets (and their rows),
policies, integrations and webhooks. Every write is journaled for atomic batches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from mockserver.apis.tw.table import Table
from mockserver.apis.tw.transaction import record_undo
from mockserver.core.store import IdFactory, MemoryStore, Record


def rfc3339(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class JournaledStore(MemoryStore[str]):
    """A store whose puts and deletes can be undone by an open transaction.

    Records are replaced, never changed in place, so the previous record is the undo.
    """

    def put(self, key: str, record: Record) -> None:
        previous = self.get(key)
        super().put(key, record)
        record_undo(lambda: self._restore(key, previous))

    def delete(self, key: str) -> bool:
        previous = self.get(key)
        deleted = super().delete(key)
        if previous is not None:
            record_undo(lambda: super(JournaledStore, self).put(key, previous))
        return deleted

    def _restore(self, key: str, previous: Record | None) -> None:
        if previous is None:
            super().delete(key)
        else:
            super().put(key, previous)

    def ordered(self) -> list[Record]:
        """Records in creation order (``_seq``), whatever undo did to the dict order."""
        return sorted(self.values(), key=lambda r: r["_seq"])


@dataclass
class Account:
    """What one API key owns; a read-only key may read it but not change it."""

    key: str
    plan: str
    read_only: bool = False
    datasets: JournaledStore = field(default_factory=JournaledStore)
    policies: JournaledStore = field(default_factory=JournaledStore)
    webhooks: JournaledStore = field(default_factory=JournaledStore)
    integrations: JournaledStore = field(default_factory=JournaledStore)
    tables: dict[str, Table] = field(default_factory=dict)

    def add_table(self, dataset_id: str, table: Table) -> None:
        self.tables[dataset_id] = table
        record_undo(lambda: self.tables.pop(dataset_id, None))

    def drop_table(self, dataset_id: str) -> Table:
        table = self.tables.pop(dataset_id)
        record_undo(lambda: self.tables.__setitem__(dataset_id, table))
        return table

    def dataset_named(self, name: str) -> Record | None:
        return self.datasets.find(lambda d: d["name"] == name)


@dataclass
class TwState:
    ids: IdFactory
    accounts: dict[str, Account] = field(default_factory=dict)

    def sequence(self) -> int:
        """A number that orders records by creation."""
        return self.ids.next_int("record")

    def __iter__(self) -> Iterator[Account]:
        return iter(self.accounts.values())
