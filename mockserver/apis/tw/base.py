"""What every TW handler group shares: the caller's account, the clock, cursors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mockserver.apis.tw.state import Account, TwState, rfc3339
from mockserver.core.errors import forbidden, not_found, unauthenticated
from mockserver.core.pagination import CursorCodec
from mockserver.core.runtime import ApiRuntime
from mockserver.core.store import Record

Response = tuple[Any, int] | tuple[Any, int, dict[str, str]]


class TwHandlerBase:
    """Bound to one runtime; reads ``runtime.state`` on every call so a reset is seen."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime
        self.cursors = CursorCodec(runtime.settings.token_secret.encode() + b":tw")

    @property
    def state(self) -> TwState:
        return self.runtime.state  # type: ignore[no-any-return]

    def account(self, user: str) -> Account:
        account = self.state.accounts.get(user)
        if account is None:
            raise unauthenticated("Invalid API key")
        return account

    def writer(self, user: str) -> Account:
        """The caller's account for a write: a read-only key is refused (403) before
        anything is looked up, so the answer never depends on what exists."""
        account = self.account(user)
        if account.read_only:
            raise forbidden("This API key is read-only: it cannot create, change or delete")
        return account

    @staticmethod
    def now() -> str:
        return rfc3339(datetime.now(UTC))

    def location(self, path: str) -> dict[str, str]:
        return {"Location": f"{self.runtime.mount_path}{path}"}

    @staticmethod
    def found(record: Record | None, what: str, identifier: str) -> Record:
        if record is None:
            raise not_found(what, identifier)
        return record
