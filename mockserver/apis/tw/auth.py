"""TW's API keys: each demo key is an account on a plan, with full or read-only scope.
A batch runs its operations with a short-lived delegated key of the same account on the
unlimited `batch` plan, since the batch request itself already took its one token."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mockserver.core.auth import Authenticator, TokenInfo, secret_equals
from mockserver.core.runtime import ApiRuntime, Credential

BATCH_PLAN = "batch"


@dataclass(frozen=True)
class DemoKey:
    """A demo API key: the account it opens, its plan, and whether it may write."""

    key: str
    plan: str
    meaning: str
    read_only: bool = False

    @property
    def credential(self) -> Credential:
        return Credential(f"Authorization: Bearer {self.key}", self.meaning)


DEMO_KEYS = (
    DemoKey("tw_starter_demo", "starter", "Starter plan"),
    DemoKey("tw_pro_demo", "pro", "Pro plan"),
    DemoKey("tw_enterprise_demo", "enterprise", "Enterprise plan, no limit unless configured"),
    DemoKey(
        "tw_readonly_demo",
        "starter",
        "Starter plan, read-only: every write answers 403 FORBIDDEN",
        read_only=True,
    ),
)
"""Seeded in this order (appending keeps the earlier accounts' fixtures unchanged)."""


class TwAuthenticator(Authenticator):
    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime
        self._delegated: dict[str, TokenInfo] = {}

    def bearer(self, token: str) -> TokenInfo | None:
        delegated = self._delegated.get(token)
        if delegated is not None:
            return dict(delegated)
        for account in self.runtime.state:
            if secret_equals(token, account.key):
                return {"sub": account.key, "plan": account.plan}
        return None

    @contextmanager
    def delegate(self, account: str) -> Iterator[str]:
        """A bearer token for ``account`` that lives for the duration of the block."""
        token = f"twbatch_{secrets.token_urlsafe(24)}"
        self._delegated[token] = {"sub": account, "plan": BATCH_PLAN}
        try:
            yield token
        finally:
            del self._delegated[token]
