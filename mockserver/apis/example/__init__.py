"""The Example API (seed: example.txt): JWT sessions, per-plan minute limits."""

from __future__ import annotations

from typing import Any

import contract
from mockserver.apis.example.errors import EXAMPLE_ERRORS
from mockserver.apis.example.handlers import Handlers
from mockserver.apis.example.state import DEMO_PASSWORD, seed
from mockserver.apis.example.tokens import TokenService
from mockserver.core.auth import Authenticator
from mockserver.core.runtime import ApiDefinition, ApiRuntime, Credential, RateLimitPolicy
from mockserver.core.unicode import UnicodeBodies


class ExampleAuthenticator(Authenticator):
    """Bearer JWTs issued by /auth/login, checked for signature, expiry and revocation."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    def bearer(self, token: str) -> dict[str, Any] | None:
        state = self.runtime.state
        claims = TokenService(self.runtime.settings.token_secret, state.tokens).verify_access(token)
        if claims is None or state.users.get(claims["sub"]) is None:
            return None
        return claims


_LIMITS = contract.limits("example")
assert _LIMITS is not None, "contract/specs/example.yaml declares x-rate-limits"

DEFINITION = ApiDefinition(
    name="example",
    title="Example API",
    spec_file="example.yaml",
    prefix="/example/v1",
    base_path="/v1",
    errors=EXAMPLE_ERRORS,
    build_state=seed,
    build_handlers=lambda runtime: UnicodeBodies(Handlers(runtime)),
    build_authenticator=ExampleAuthenticator,
    rate_limits=RateLimitPolicy(
        plans=_LIMITS.plans,
        per_address=_LIMITS.per_address,
        message="Rate limit exceeded, retry after the window resets",
    ),
    credentials=(
        Credential(f"POST /auth/login demo@example.com / {DEMO_PASSWORD}", "Free plan"),
        Credential(f"POST /auth/login pro@example.com / {DEMO_PASSWORD}", "Pro plan"),
        Credential(
            f"POST /auth/login enterprise@example.com / {DEMO_PASSWORD}",
            "Enterprise plan",
        ),
    ),
)
