"""`Authorization: APIKEY <key>`: the scheme word case-insensitive, the key exact."""

from __future__ import annotations

from mockserver.core.auth import Authenticator, TokenInfo, secret_equals
from mockserver.core.runtime import ApiRuntime

SCHEME = "apikey"


class WrglAuthenticator(Authenticator):
    """Finds the user an API key belongs to (the spec's apiKey scheme hands over the
    whole header value, scheme word included)."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    def api_key(self, value: str) -> TokenInfo | None:
        scheme, _, key = value.strip().partition(" ")
        if scheme.lower() != SCHEME or not key.strip():
            return None
        state = self.runtime.state
        user_id = next(
            (uid for known, uid in state.keys.items() if secret_equals(key.strip(), known)), None
        )
        user = state.users.get(user_id) if user_id is not None else None
        if user is None:
            return None
        return {"sub": user["id"], "plan": user["plan"], "username": user["username"]}
