"""Security for a user's document: which credentials the mock accepts.

By default any well-formed credential of a scheme the operation asks for is accepted
(a missing one gets 401 with the scheme's `WWW-Authenticate`); ``--accept`` rules
narrow that to given values: ``bearer:TOKEN``, ``basic:USER:PASSWORD``,
``apikey:NAME=VALUE`` (NAME: the key's header, query or cookie name, one of the
document's apiKey schemes). OAuth 2 and OpenID
Connect schemes take bearer tokens, with every scope granted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connexion.lifecycle import ConnexionRequest

from mockserver.core.auth import Authenticator, TokenInfo, pin_signature, secret_equals
from mockserver.core.context import SCOPE_KEY

KINDS = ("bearer", "basic", "apikey")


class AcceptRuleError(ValueError):
    """An `--accept` value that is not one of the documented forms."""


@dataclass(frozen=True)
class AcceptRule:
    kind: str
    name: str
    secret: str

    @classmethod
    def parse(cls, text: str) -> AcceptRule:
        """``bearer:TOKEN``, ``basic:USER:PASSWORD`` or ``apikey:NAME=VALUE``."""
        kind, _, rest = text.partition(":")
        kind = kind.strip().lower()
        if kind == "bearer" and rest:
            return cls("bearer", "", rest)
        if kind == "basic" and ":" in rest:
            user, _, password = rest.partition(":")
            return cls("basic", user, password)
        if kind == "apikey" and "=" in rest:
            name, _, value = rest.partition("=")
            if name and value:
                return cls("apikey", name, value)
        raise AcceptRuleError(
            f"--accept expects bearer:TOKEN, basic:USER:PASSWORD or apikey:NAME=VALUE, got {text!r}"
        )


def describe(rules: tuple[AcceptRule, ...]) -> str:
    """One line for the banner: what the mock accepts."""
    if not rules:
        return "credentials: any well-formed credential is accepted (narrow with --accept)"
    shown = [
        f"{r.kind}:{r.name + ':' if r.kind == 'basic' else ''}"
        f"{r.name + '=' if r.kind == 'apikey' else ''}{r.secret}"
        for r in rules
    ]
    return "credentials accepted: " + ", ".join(shown)


class GenericAuthenticator(Authenticator):
    """Accepts what the rules of its kind allow; any well-formed value without rules."""

    def __init__(self, rules: tuple[AcceptRule, ...]) -> None:
        self.rules = rules

    def _of(self, kind: str) -> list[AcceptRule]:
        return [rule for rule in self.rules if rule.kind == kind]

    def bearer(self, token: str) -> TokenInfo | None:
        rules = self._of("bearer")
        if not token.strip() or (rules and not any(secret_equals(token, r.secret) for r in rules)):
            return None
        return {"sub": "bearer", "scope": []}

    def basic(self, username: str, password: str) -> TokenInfo | None:
        rules = self._of("basic")
        if not username or (
            rules
            and not any(
                secret_equals(username, r.name) and secret_equals(password, r.secret) for r in rules
            )
        ):
            return None
        return {"sub": username}

    def api_key(self, value: str) -> TokenInfo | None:
        rules = self._of("apikey")
        if not value.strip() or (rules and not any(secret_equals(value, r.secret) for r in rules)):
            return None
        return {"sub": "apikey"}


def _authenticator(request: ConnexionRequest) -> GenericAuthenticator | None:
    context = request.scope.get(SCOPE_KEY)
    runtime = getattr(context, "runtime", None)
    authenticator = getattr(runtime, "authenticator", None)
    return authenticator if isinstance(authenticator, GenericAuthenticator) else None


def token_info(token: str, request: ConnexionRequest) -> TokenInfo | None:
    """OAuth 2 / OpenID Connect: a bearer token by the bearer rules."""
    authenticator = _authenticator(request)
    return authenticator.bearer(token) if authenticator else None


def any_scope(required_scopes: Any, token_scopes: Any) -> bool:
    return True


for _function in (token_info, any_scope):
    pin_signature(_function)


def with_generic_hooks(document: dict[str, Any]) -> dict[str, Any]:
    """Points OAuth 2 and OpenID Connect schemes at this module (in place; http and
    apiKey schemes are wired by :func:`mockserver.core.auth.with_security_hooks`)."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        kind = scheme.get("type")
        if kind in ("oauth2", "openIdConnect"):
            scheme["x-tokenInfoFunc"] = f"{__name__}.token_info"
            scheme["x-scopeValidateFunc"] = f"{__name__}.any_scope"
    return document


def challenges(document: dict[str, Any], realm: str) -> str | None:
    """The `WWW-Authenticate` value of a 401: one challenge per scheme of the document."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    found: list[str] = []
    for scheme in schemes.values():
        kind = scheme.get("type")
        if kind == "http":
            name = str(scheme.get("scheme", "")).capitalize()
            found.append(f'{name} realm="{realm}"')
        elif kind in ("oauth2", "openIdConnect"):
            found.append(f'Bearer realm="{realm}"')
        elif kind == "apiKey":
            found.append(f'ApiKey realm="{realm}", {scheme.get("in")}="{scheme.get("name")}"')
    unique = list(dict.fromkeys(found))
    return ", ".join(unique) if unique else None
