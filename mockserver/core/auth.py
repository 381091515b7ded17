"""Authentication: Connexion's security hooks, dispatched to each API's authenticator.

The specs stay free of Connexion extensions; when a spec is loaded, each security
scheme is pointed at one of the ``verify_*`` functions here, which find the API the
request belongs to and ask its :class:`Authenticator`. Returning None makes
Connexion answer 401, which the API's error style renders.
"""

from __future__ import annotations

import copy
import hmac
import inspect
from typing import Any

from connexion.lifecycle import ConnexionRequest

TokenInfo = dict[str, Any]

_HOOKS = {
    ("http", "bearer"): ("x-bearerInfoFunc", "verify_bearer"),
    ("http", "basic"): ("x-basicInfoFunc", "verify_basic"),
    ("apiKey", None): ("x-apikeyInfoFunc", "verify_api_key"),
}


class Authenticator:
    """Turns credentials into token info (``{"sub": user_id, "plan": ..., ...}``).

    Each API overrides what its spec's security schemes use; the defaults reject.
    """

    def bearer(self, token: str) -> TokenInfo | None:
        return None

    def basic(self, username: str, password: str) -> TokenInfo | None:
        return None

    def api_key(self, value: str) -> TokenInfo | None:
        return None


def secret_equals(given: str, expected: str) -> bool:
    """Constant-time comparison that is safe for non-ASCII input."""
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def with_security_hooks(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` whose security schemes call this module's verifiers."""
    spec = copy.deepcopy(spec)
    schemes = spec.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        kind = scheme.get("type")
        key = (kind, scheme.get("scheme", "").lower() if kind == "http" else None)
        if key in _HOOKS:
            extension, function = _HOOKS[key]
            scheme[extension] = f"{__name__}.{function}"
    return spec


def _authenticator(request: ConnexionRequest) -> Authenticator:
    context = request.scope.get("understudy")
    if context is None or context.runtime is None:
        return Authenticator()
    return context.runtime.authenticator


def verify_bearer(token: str, request: ConnexionRequest) -> TokenInfo | None:
    return _authenticator(request).bearer(token)


def verify_basic(username: str, password: str, request: ConnexionRequest) -> TokenInfo | None:
    return _authenticator(request).basic(username, password)


def verify_api_key(api_key: str, request: ConnexionRequest) -> TokenInfo | None:
    return _authenticator(request).api_key(api_key)


def pin_signature(function: Any) -> Any:
    """Store ``function``'s signature on it: Connexion inspects security functions and
    handlers on every request, and ``inspect.signature`` returns a stored one at once."""
    target = getattr(function, "__func__", function)
    if "__signature__" not in vars(target):
        target.__signature__ = inspect.signature(target)
    return function


for _verifier in (verify_bearer, verify_basic, verify_api_key):
    pin_signature(_verifier)
