"""Webhook subscriptions (the secret is write-only); deliveries are in events.py."""

from __future__ import annotations

from typing import Any

from mockserver.apis.tw.base import Response, TwHandlerBase
from mockserver.apis.tw.listing import SortOrder, page
from mockserver.core.store import Record, public_view

CREATION_ORDER = SortOrder(["_seq"], [False])


class WebhookHandlers(TwHandlerBase):
    async def list_webhooks(
        self, user: str, limit: int = 10, offset: int | None = None, cursor: str | None = None
    ) -> Response:
        account = self.account(user)
        body = page(
            list(account.webhooks.values()),
            CREATION_ORDER,
            limit=limit,
            offset=offset,
            cursor=cursor,
            codec=self.cursors,
            scope={"list": "webhooks"},
            view=public_view,
        )
        return body, 200

    async def get_webhook(self, user: str, webhook_id: str) -> Response:
        account = self.account(user)
        return public_view(self._webhook(account.webhooks.get(webhook_id), webhook_id)), 200

    async def create_webhook(self, user: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        now = self.now()
        webhook_id = self.state.ids.new("wh")
        record: Record = {
            "id": webhook_id,
            "url": body["url"],
            "events": list(body["events"]),
            "active": body.get("active", True),
            "created_at": now,
            "updated_at": now,
            "_secret": body["secret"],
            "_seq": self.state.sequence(),
        }
        account.webhooks.put(webhook_id, record)
        return public_view(record), 201, self.location(f"/webhooks/{webhook_id}")

    async def update_webhook(self, user: str, webhook_id: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        record = self._webhook(account.webhooks.get(webhook_id), webhook_id)
        if not body:
            return public_view(record), 200
        updated = {**record, **{k: body[k] for k in ("url", "events", "active") if k in body}}
        if "secret" in body:
            updated["_secret"] = body["secret"]
        updated["updated_at"] = self.now()
        account.webhooks.put(webhook_id, updated)
        return public_view(updated), 200

    async def delete_webhook(self, user: str, webhook_id: str) -> Response:
        account = self.writer(user)
        self._webhook(account.webhooks.get(webhook_id), webhook_id)
        account.webhooks.delete(webhook_id)
        return None, 204

    def _webhook(self, record: Record | None, webhook_id: str) -> Record:
        return self.found(record, "Webhook", webhook_id)
