"""What every Example API handler group shares: state access, clock, envelopes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from mockserver.apis.example.state import ExampleState, rfc3339
from mockserver.core.errors import not_found
from mockserver.core.pagination import page_slice
from mockserver.core.runtime import ApiRuntime
from mockserver.core.store import Record, public_view

Response = tuple[Any, int] | tuple[Any, int, dict[str, str]]


class ExampleHandlerBase:
    """Bound to one runtime; reads ``runtime.state`` on every call so a reset is seen."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    @property
    def state(self) -> ExampleState:
        return self.runtime.state  # type: ignore[no-any-return]

    @staticmethod
    def now() -> str:
        return rfc3339(datetime.now(UTC))

    def location(self, path: str) -> dict[str, str]:
        return {"Location": f"{self.runtime.mount_path}{path}"}

    def current_user(self, user_id: str) -> Record:
        record = self.state.users.get(user_id)
        if record is None:
            raise not_found("User", user_id)
        return record

    def emit(self, user: str, event_type: str, data: dict[str, Any]) -> None:
        """Deliver an event to the user's webhooks (the webhook handlers implement it)."""
        raise NotImplementedError

    @staticmethod
    def one(record: Record) -> dict[str, Any]:
        return {"data": public_view(record)}

    @staticmethod
    def page(
        items: Sequence[Record],
        page: int,
        per_page: int,
        view: Callable[[Record], Record] = public_view,
    ) -> dict[str, Any]:
        rows, info = page_slice(items, page, per_page)
        return {
            "data": [view(r) for r in rows],
            "meta": {
                "page": info.page,
                "per_page": info.per_page,
                "total": info.total,
                "total_pages": info.total_pages,
            },
        }
