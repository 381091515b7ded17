"""Resources: the Example API's main collection, owned per user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from mockserver.apis.example.base import ExampleHandlerBase, Response
from mockserver.apis.example.state import ExampleState
from mockserver.core.errors import not_found
from mockserver.core.store import Record, public_view

UPDATABLE = ("name", "description", "type", "status", "metadata")
"""The fields a `PATCH /resources/{id}` body may change (besides `updated_at`)."""


class ResourceHandlers(ExampleHandlerBase):
    async def list_resources(
        self,
        user: str,
        page: int = 1,
        per_page: int = 20,
        sort: str = "-created_at",
        filter_: dict[str, str] | None = None,
    ) -> Response:
        field = sort.lstrip("-")
        descending = sort.startswith("-")
        order = self.state.resource_order
        if not filter_:
            return self.page(
                OwnedResources(self.state, user, field, descending),
                page,
                per_page,
                self.state.resource_view,
            ), 200
        wanted = filter_
        items = [
            record
            for record in (
                self.state.resources.get(i) for i in order.iter_ids(user, field, descending)
            )
            if record is not None and all(record.get(k) == v for k, v in wanted.items())
        ]
        return self.page(items, page, per_page, self.state.resource_view), 200

    async def get_resource(self, user: str, id_: str) -> Response:
        return {"data": self.state.resource_view(self._owned_resource(user, id_))}, 200

    async def create_resource(self, user: str, body: dict[str, Any]) -> Response:
        now = self.now()
        record: Record = {
            "id": self.state.ids.new("res"),
            "name": body["name"],
            "description": body.get("description"),
            "type": body["type"],
            "status": body.get("status", "active"),
            "metadata": body.get("metadata", {}),
            "created_at": now,
            "updated_at": now,
            "_owner": user,
        }
        self.state.put_resource(record)
        self._notify(user, "resource.created", record)
        return self.one(record), 201, self.location(f"/resources/{record['id']}")

    async def update_resource(self, user: str, id_: str, body: dict[str, Any]) -> Response:
        record = self._owned_resource(user, id_)
        changes = {
            k: body[k] for k in ("name", "description", "type", "status", "metadata") if k in body
        }
        self.state.change_resource(record, {**changes, "updated_at": self.now()})
        self._notify(user, "resource.updated", record)
        return self.one(record), 200

    async def delete_resource(self, user: str, id_: str) -> Response:
        record = self._owned_resource(user, id_)
        self.state.delete_resource(record)
        self._notify(user, "resource.deleted", record)
        return None, 204

    def _owned_resource(self, user: str, resource_id: str) -> Record:
        record = self.state.resources.get(resource_id)
        if record is None or record["_owner"] != user:
            raise not_found("Resource", resource_id)
        return record

    def _notify(self, user: str, event_type: str, record: Record) -> None:
        if len(self.state.webhooks):  # no webhook at all: no event to build
            self.emit(user, event_type, public_view(record))


class OwnedResources(Sequence[Record]):
    """One owner's resources in a listing order, read page by page from the index."""

    def __init__(self, state: ExampleState, owner: str, field: str, descending: bool) -> None:
        self._state = state
        self._owner = owner
        self._field = field
        self._descending = descending

    def __len__(self) -> int:
        return self._state.resource_order.size(self._owner)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else []
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, _ = index.indices(len(self))
        ids = self._state.resource_order.ids(
            self._owner, self._field, self._descending, start, stop
        )
        records = (self._state.resources.get(i) for i in ids)
        return [r for r in records if r is not None]
