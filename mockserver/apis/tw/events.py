"""Dataset events to the account's webhooks: the documented payload, signed with the
webhook's secret (`X-TW-Signature`, bare hex HMAC-SHA256), sent after commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.apis.tw.state import Account, TwState
from mockserver.apis.tw.transaction import after_commit
from mockserver.core.store import Record
from mockserver.core.webhooks import SignatureScheme, WebhookDispatcher

SIGNATURE = SignatureScheme(
    signature_header="X-TW-Signature",
    event_header="X-TW-Event",
    delivery_header="X-TW-Delivery",
)


def changes(added: int = 0, updated: int = 0, deleted: int = 0) -> dict[str, int]:
    return {"rows_added": added, "rows_updated": updated, "rows_deleted": deleted}


class EventSender:
    """Builds events and queues one delivery per subscribed, active webhook."""

    def __init__(self, api: str, dispatcher: WebhookDispatcher) -> None:
        self.api = api
        self.dispatcher = dispatcher

    def dataset_event(
        self,
        state: TwState,
        account: Account,
        event_type: str,
        dataset: Record,
        counts: dict[str, int],
        now: str,
    ) -> None:
        data = {"dataset_id": dataset["id"], "name": dataset["name"], "changes": counts}
        for hook in account.webhooks.ordered():
            if hook["active"] and event_type in hook["events"]:
                payload = {
                    "id": state.ids.new("evt"),
                    "type": event_type,
                    "created_at": now,
                    "data": data,
                }
                after_commit(self._delivery(hook, payload))

    def _delivery(self, hook: Record, payload: dict[str, Any]) -> Callable[[], object]:
        def send() -> object:
            return self.dispatcher.send(
                api=self.api,
                source_id=hook["id"],
                url=hook["url"],
                payload=payload,
                secret=hook["_secret"],
                scheme=SIGNATURE,
            )

        return send
