"""Resources: the Example API's main collection, owned per user."""

from __future__ import annotations

from typing import Any

from mockserver.apis.example.base import ExampleHandlerBase, Response
from mockserver.core.errors import not_found
from mockserver.core.store import Record, public_view

SORTABLE = ("name", "type", "status", "created_at", "updated_at")


class ResourceHandlers(ExampleHandlerBase):
    async def list_resources(
        self,
        user: str,
        page: int = 1,
        per_page: int = 20,
        sort: str = "-created_at",
        filter_: dict[str, str] | None = None,
    ) -> Response:
        wanted = filter_ or {}
        items = [
            r
            for r in self.state.resources.values()
            if r["_owner"] == user and all(r.get(k) == v for k, v in wanted.items())
        ]
        field = sort.lstrip("-")
        items.sort(key=lambda r: r["id"])
        items.sort(key=lambda r: r.get(field) or "", reverse=sort.startswith("-"))
        return self.page(items, page, per_page), 200

    async def get_resource(self, user: str, id_: str) -> Response:
        return self.one(self._owned_resource(user, id_)), 200

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
        self.state.resources.put(record["id"], record)
        self._notify(user, "resource.created", record)
        return self.one(record), 201, self.location(f"/resources/{record['id']}")

    async def update_resource(self, user: str, id_: str, body: dict[str, Any]) -> Response:
        record = self._owned_resource(user, id_)
        for key in ("name", "description", "type", "status"):
            if key in body:
                record[key] = body[key]
        if "metadata" in body:
            record["metadata"] = body["metadata"]
        record["updated_at"] = self.now()
        self._notify(user, "resource.updated", record)
        return self.one(record), 200

    async def delete_resource(self, user: str, id_: str) -> Response:
        record = self._owned_resource(user, id_)
        self.state.resources.delete(id_)
        self._notify(user, "resource.deleted", record)
        return None, 204

    def _owned_resource(self, user: str, resource_id: str) -> Record:
        record = self.state.resources.get(resource_id)
        if record is None or record["_owner"] != user:
            raise not_found("Resource", resource_id)
        return record

    def _notify(self, user: str, event_type: str, record: Record) -> None:
        self.emit(user, event_type, public_view(record))
