"""Datasets: CRUD, filtered and sorted listing with offset or cursor pagination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mockserver.apis.tw.base import Response, TwHandlerBase
from mockserver.apis.tw.columns import parse_columns, plan_change
from mockserver.apis.tw.events import EventSender, changes
from mockserver.apis.tw.listing import SortOrder, page
from mockserver.apis.tw.state import Account
from mockserver.apis.tw.table import Table
from mockserver.apis.tw.values import ValueProblem, parse_timestamp
from mockserver.core.errors import FieldError, conflict, validation_error
from mockserver.core.runtime import ApiRuntime
from mockserver.core.store import Record

DAY_MICROS = int(timedelta(days=1).total_seconds()) * 1_000_000


class DatasetSupport(TwHandlerBase):
    """Finding, viewing and touching datasets; shared by dataset and row handlers."""

    def __init__(self, runtime: ApiRuntime) -> None:
        super().__init__(runtime)
        self.events = EventSender(runtime.name, runtime.webhooks)

    def dataset(self, account: Account, dataset_id: str) -> Record:
        """The dataset addressed by its id or, failing that, by its name (unique in the
        account): the document's SDK passes `'existing_dataset'`."""
        record = account.datasets.get(dataset_id) or account.dataset_named(dataset_id)
        return self.found(record, "Dataset", dataset_id)

    @staticmethod
    def view(account: Account, record: Record) -> dict[str, Any]:
        return {
            "id": record["id"],
            "name": record["name"],
            "description": record["description"],
            "schema": record["schema"],
            "row_count": len(account.tables[record["id"]]),
            "created_at": record["created_at"],
            "updated_at": record["updated_at"],
        }

    def touch(self, account: Account, record: Record, counts: dict[str, int]) -> Record:
        """Record a change of the dataset: new `updated_at`, a `dataset.updated` event."""
        now = self.now()
        record = {**record, "updated_at": now}
        account.datasets.put(record["id"], record)
        self.events.dataset_event(self.state, account, "dataset.updated", record, counts, now)
        return record


class DatasetHandlers(DatasetSupport):
    async def list_datasets(
        self,
        user: str,
        limit: int = 10,
        offset: int | None = None,
        cursor: str | None = None,
        filter_: dict[str, Any] | None = None,
        sort: str = "created_at:desc",
    ) -> Response:
        account = self.account(user)
        matches = _filter(filter_ or {})
        items = [
            self.view(account, record) for record in account.datasets.values() if matches(record)
        ]
        keys = _sort_keys(sort)
        order = SortOrder([f for f, _ in keys], [d for _, d in keys])
        body = page(
            items,
            order,
            limit=limit,
            offset=offset,
            cursor=cursor,
            codec=self.cursors,
            scope={"list": "datasets", "filter": filter_ or {}, "sort": keys},
            view=lambda item: item,
        )
        return body, 200

    async def get_dataset(self, user: str, dataset_id: str) -> Response:
        account = self.account(user)
        return self.view(account, self.dataset(account, dataset_id)), 200

    async def create_dataset(self, user: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        self._ensure_free_name(account, body["name"])
        columns = parse_columns(body["schema"]["columns"]) if "schema" in body else []
        now = self.now()
        dataset_id = self.state.ids.new("ds")
        record: Record = {
            "id": dataset_id,
            "name": body["name"],
            "description": body.get("description"),
            "schema": {"columns": [c.view() for c in columns]},
            "created_at": now,
            "updated_at": now,
            "_seq": self.state.sequence(),
        }
        account.add_table(dataset_id, Table(columns))
        account.datasets.put(dataset_id, record)
        self.events.dataset_event(self.state, account, "dataset.created", record, changes(), now)
        return self.view(account, record), 201, self.location(f"/datasets/{dataset_id}")

    async def update_dataset(self, user: str, dataset_id: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        record = self.dataset(account, dataset_id)
        if not body:
            return self.view(account, record), 200
        if "name" in body and body["name"] != record["name"]:
            self._ensure_free_name(account, body["name"])
        updated = {**record, **{k: body[k] for k in ("name", "description") if k in body}}
        if "schema" in body:
            table = account.tables[record["id"]]
            wanted = parse_columns(body["schema"]["columns"])
            plan_change(table.columns, wanted, has_rows=len(table) > 0)
            table.set_columns(wanted)
            updated["schema"] = {"columns": [c.view() for c in wanted]}
        updated = self.touch(account, updated, changes())
        return self.view(account, updated), 200

    async def delete_dataset(self, user: str, dataset_id: str) -> Response:
        account = self.writer(user)
        record = self.dataset(account, dataset_id)
        account.datasets.delete(record["id"])
        table = account.drop_table(record["id"])
        self.events.dataset_event(
            self.state,
            account,
            "dataset.deleted",
            record,
            changes(deleted=len(table)),
            self.now(),
        )
        return None, 204

    @staticmethod
    def _ensure_free_name(account: Account, name: str) -> None:
        holder = account.dataset_named(name)
        if holder is not None:
            raise conflict(
                f"A dataset named '{name}' already exists",
                FieldError("name", f"already used by {holder['id']}"),
            )


def _sort_keys(sort: str) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    for part in sort.split(","):
        field, _, direction = part.partition(":")
        if field not in (f for f, _ in keys):
            keys.append((field, direction == "desc"))
    return keys


DatasetTest = Callable[[Record], bool]


def _filter(conditions: dict[str, Any]) -> DatasetTest:
    """A predicate over dataset records for the `filter` deepObject (all must hold)."""
    tests: list[DatasetTest] = []
    for operator, value in conditions.get("name", {}).items():
        tests.append(_name_test(operator, value))
    for field in ("created_at", "updated_at"):
        for operator, raw in conditions.get(field, {}).items():
            try:
                low, high = _time_bounds(operator, raw)
            except ValueProblem as exc:
                raise validation_error(
                    "Invalid filter", FieldError(f"filter[{field}][{operator}]", str(exc))
                ) from None
            tests.append(_time_test(field, low, high))
    return lambda record: all(test(record) for test in tests)


def _name_test(operator: str, value: str) -> DatasetTest:
    if operator == "eq":
        return lambda record: bool(record["name"] == value)
    return lambda record: value in record["name"]


def _time_test(field: str, low: int, high: int) -> DatasetTest:
    return lambda record: low <= parse_timestamp(record[field]) < high


_NEVER, _FOREVER = -(2**62), 2**62


def _time_bounds(operator: str, raw: str) -> tuple[int, int]:
    """[low, high) in microseconds for one time condition; `eq` with a date is the day."""
    moment = parse_timestamp(raw, allow_date=True)
    is_date = len(raw) == 10
    if operator == "eq":
        return moment, moment + (DAY_MICROS if is_date else 1)
    if operator == "gt":
        return moment + 1, _FOREVER
    if operator == "gte":
        return moment, _FOREVER
    if operator == "lt":
        return _NEVER, moment
    return _NEVER, moment + 1
