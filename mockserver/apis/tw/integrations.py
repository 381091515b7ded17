"""Outbound integrations: Slack (incoming webhook) and a generic signed webhook."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from mockserver.apis.tw.base import Response, TwHandlerBase
from mockserver.apis.tw.events import SIGNATURE
from mockserver.apis.tw.state import Account
from mockserver.core.errors import FieldError, conflict, not_found, validation_error
from mockserver.core.store import Record

NAMES = ("slack", "webhook")
REQUIRED = {"slack": ("webhook_url", "channel"), "webhook": ("url",)}


class IntegrationHandlers(TwHandlerBase):
    async def list_integrations(self, user: str) -> Response:
        account = self.account(user)
        return {"data": [_view(name, account.integrations.get(name)) for name in NAMES]}, 200

    async def connect_integration(self, user: str, name: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        missing = [field for field in REQUIRED[name] if field not in body]
        if missing:
            raise validation_error(
                f"This is not a {name} configuration",
                *(FieldError(field, f"is required to connect {name}") for field in missing),
            )
        record: Record = {
            "name": name,
            "connected_at": self.now(),
            "_config": dict(body),
            "_seq": self.state.sequence(),
        }
        account.integrations.put(name, record)
        return _view(name, record), 200

    async def disconnect_integration(self, user: str, name: str) -> Response:
        account = self.writer(user)
        self._connected(account, name, missing=not_found(f"Integration {name} is not connected"))
        account.integrations.delete(name)
        return None, 204

    async def trigger_integration(self, user: str, name: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        config = self._connected(
            account, name, missing=conflict(f"Integration {name} is not connected")
        )["_config"]
        text = body["payload"]["text"]
        if name == "slack":
            delivery = self.runtime.webhooks.send(
                api=self.runtime.name,
                source_id="integration:slack",
                url=config["webhook_url"],
                payload={"channel": config["channel"], "text": text},
                event_type=body["action"],
            )
        else:
            delivery = self.runtime.webhooks.send(
                api=self.runtime.name,
                source_id="integration:webhook",
                url=config["url"],
                payload={
                    "action": body["action"],
                    "payload": {"text": text},
                    "created_at": self.now(),
                },
                secret=config.get("secret"),
                scheme=SIGNATURE,
                event_type=body["action"],
            )
        return {"delivery_id": delivery.id, "status": "queued"}, 202

    @staticmethod
    def _connected(account: Account, name: str, *, missing: Exception) -> Record:
        record = account.integrations.get(name)
        if record is None:
            raise missing
        return record


def _view(name: str, record: Record | None) -> dict[str, Any]:
    if record is None:
        return {"name": name, "connected": False, "connected_at": None, "config": None}
    config = record["_config"]
    if name == "slack":
        parts = urlsplit(config["webhook_url"])
        shown = {
            "webhook_url": f"{parts.scheme}://{parts.netloc}/****",
            "channel": config["channel"],
        }
    else:
        shown = {"url": config["url"], "secret": "********" if config.get("secret") else None}
    return {
        "name": name,
        "connected": True,
        "connected_at": record["connected_at"],
        "config": shown,
    }
