"""Webhook subscriptions and signed event delivery."""

from __future__ import annotations

import secrets
from typing import Any

from mockserver.apis.example.base import ExampleHandlerBase, Response
from mockserver.core.errors import not_found
from mockserver.core.store import Record, public_view
from mockserver.core.webhooks import SignatureScheme

SIGNATURE = SignatureScheme(
    signature_header="X-Example-Signature",
    prefix="sha256=",
    event_header="X-Example-Event",
    delivery_header="X-Example-Delivery",
)


class WebhookHandlers(ExampleHandlerBase):
    async def list_webhooks(self, user: str, page: int = 1, per_page: int = 20) -> Response:
        items = [h for h in self.state.webhooks.values() if h["_owner"] == user]
        return self.page(items, page, per_page), 200

    async def get_webhook(self, user: str, id_: str) -> Response:
        return self.one(self._owned_webhook(user, id_)), 200

    async def create_webhook(self, user: str, body: dict[str, Any]) -> Response:
        now = self.now()
        hook: Record = {
            "id": self.state.ids.new("wh"),
            "url": body["url"],
            "events": body["events"],
            "active": body.get("active", True),
            "created_at": now,
            "updated_at": now,
            "_owner": user,
            "_secret": body.get("secret") or f"whsec_{secrets.token_hex(16)}",
        }
        self.state.webhooks.put(hook["id"], hook)
        created = {**public_view(hook), "secret": hook["_secret"]}
        return {"data": created}, 201, self.location(f"/webhooks/{hook['id']}")

    async def update_webhook(self, user: str, id_: str, body: dict[str, Any]) -> Response:
        hook = self._owned_webhook(user, id_)
        for key in ("url", "events", "active"):
            if key in body:
                hook[key] = body[key]
        if "secret" in body:
            hook["_secret"] = body["secret"]
        hook["updated_at"] = self.now()
        return self.one(hook), 200

    async def delete_webhook(self, user: str, id_: str) -> Response:
        self._owned_webhook(user, id_)
        self.state.webhooks.delete(id_)
        return None, 204

    async def test_webhook(self, user: str, id_: str) -> Response:
        hook = self._owned_webhook(user, id_)
        event = self._deliver(
            hook, "webhook.test", {"webhook_id": hook["id"], "message": "This is a test event"}
        )
        return {"data": {"event_id": event, "status": "queued"}}, 202

    def emit(self, user: str, event_type: str, data: dict[str, Any]) -> None:
        for hook in self.state.webhooks.values():
            if hook["_owner"] == user and hook["active"] and event_type in hook["events"]:
                self._deliver(hook, event_type, data)

    def _deliver(self, hook: Record, event_type: str, data: dict[str, Any]) -> str:
        event_id = self.state.ids.new("evt")
        payload = {"id": event_id, "type": event_type, "created_at": self.now(), "data": data}
        self.runtime.webhooks.send(
            api=self.runtime.name,
            source_id=hook["id"],
            url=hook["url"],
            payload=payload,
            secret=hook["_secret"],
            scheme=SIGNATURE,
        )
        return event_id

    def _owned_webhook(self, user: str, webhook_id: str) -> Record:
        hook = self.state.webhooks.get(webhook_id)
        if hook is None or hook["_owner"] != user:
            raise not_found("Webhook", webhook_id)
        return hook
