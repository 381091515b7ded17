"""TW's API keys: each demo key is an account on a plan. A batch runs its operations
with a short-lived delegated key of the same account on the unlimited `batch` plan,
since the batch request itself already took its one token."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from mockserver.core.auth import Authenticator, TokenInfo, secret_equals
from mockserver.core.runtime import ApiRuntime

BATCH_PLAN = "batch"


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
