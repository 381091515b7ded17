"""Who is calling: Basic credentials (realm `Login please`) and the API key."""

from __future__ import annotations

from typing import Any

from mockserver.apis.tweetworks.state import TweetworksState
from mockserver.core.auth import Authenticator, secret_equals
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.runtime import ApiRuntime


class TweetworksAuthenticator(Authenticator):
    """Basic authentication against the seeded users (usernames are case-insensitive)."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    def basic(self, username: str, password: str) -> dict[str, Any] | None:
        state: TweetworksState = self.runtime.state
        user = state.user_named(username)
        if user is None or not secret_equals(password, user["_password"]):
            return None
        return {"sub": user["id"], "plan": user["_plan"]}


def require_api_key(state: TweetworksState, key: str | None) -> None:
    """Every request carries a known `data[key]`; a missing or wrong one is a 401."""
    if not key or not any(secret_equals(key, known) for known in state.api_keys):
        raise ApiError(ErrorKind.UNAUTHENTICATED, "Invalid API key")
