"""Rows of a dataset: insert, query (with a cursor), update and delete by `where`."""

from __future__ import annotations

from typing import Any

from mockserver.apis.tw.base import Response
from mockserver.apis.tw.datasets import DatasetSupport
from mockserver.apis.tw.events import changes
from mockserver.apis.tw.rowquery import (
    After,
    RowQuery,
    compile_query,
    matching_ids,
    run_query,
)
from mockserver.apis.tw.table import Table
from mockserver.apis.tw.where import compile_where
from mockserver.core.errors import FieldError, validation_error

MAX_CURSOR = 512
"""The spec's bound on a cursor's length."""


class RowHandlers(DatasetSupport):
    async def insert_rows(self, user: str, dataset_id: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        record = self.dataset(account, dataset_id)
        inserted = account.tables[record["id"]].insert(body["rows"])
        self.touch(account, record, changes(added=inserted))
        return {"inserted": inserted}, 201

    async def query_rows(self, user: str, dataset_id: str, body: dict[str, Any]) -> Response:
        account = self.account(user)
        dataset_id = self.dataset(account, dataset_id)["id"]  # the id, also when named
        table = account.tables[dataset_id]
        query = compile_query(table, body)
        after = None
        if "cursor" in body:
            state = self.cursors.decode(body["cursor"])
            if state.get("dataset") != dataset_id or state.get("query") != query.fingerprint:
                raise validation_error(
                    "The cursor belongs to another query",
                    FieldError("cursor", "send the same select, where and orderBy"),
                )
            after = self._resume(table, query, state)
        result = run_query(table, query, after)
        next_cursor = None
        if result.last is not None:
            position = {
                "dataset": dataset_id,
                "query": query.fingerprint,
                "row": result.last.row_id,
            }
            next_cursor = self.cursors.encode({**position, "values": list(result.last.values)})
            if len(next_cursor) > MAX_CURSOR:
                next_cursor = self.cursors.encode(position)
        return {"data": result.rows, "next_cursor": next_cursor, "has_more": result.has_more}, 200

    @staticmethod
    def _resume(table: Table, query: RowQuery, state: dict[str, Any]) -> After:
        """Where a cursor continues: its order values, or (for a cursor too long to hold
        them) the current values of the row it ended on, which must still exist."""
        row_id = int(state["row"])
        if "values" in state:
            return After(tuple(state["values"]), row_id)
        row = table.get_row(row_id)
        if row is None:
            raise validation_error(
                "The cursor has expired",
                FieldError("cursor", "the row it continued from was deleted; start again"),
            )
        return After(tuple(row[table.position(o.column)] for o in query.order), row_id)

    async def update_rows(self, user: str, dataset_id: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        record = self.dataset(account, dataset_id)
        table = account.tables[record["id"]]
        ids = matching_ids(table, compile_where(table, body["where"]))
        updated = table.update(ids, body["data"])
        if updated:
            self.touch(account, record, changes(updated=updated))
        return {"updated": updated}, 200

    async def delete_rows(self, user: str, dataset_id: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        record = self.dataset(account, dataset_id)
        table = account.tables[record["id"]]
        deleted = table.delete(matching_ids(table, compile_where(table, body["where"])))
        if deleted:
            self.touch(account, record, changes(deleted=deleted))
        return {"deleted": deleted}, 200
