"""Who is calling: HTTP Basic with the account email (case-insensitive) and API key."""

from __future__ import annotations

from typing import Any

from mockserver.apis.teamworklive.state import TeamWorkState
from mockserver.core.auth import Authenticator, secret_equals
from mockserver.core.runtime import ApiRuntime

PLAN = "standard"  # the plan name of x-rate-limits in contract/specs/teamworklive.yaml
"""Every user has the same allowance (6000 requests/hour); counted per user."""


class TeamWorkAuthenticator(Authenticator):
    """Basic credentials checked against the users' current API keys."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    def basic(self, username: str, password: str) -> dict[str, Any] | None:
        state: TeamWorkState = self.runtime.state
        user = state.user_by_email(username)
        if user is None or not secret_equals(password, user["_api_key"]):
            return None
        return {"sub": user["id"], "plan": PLAN}
