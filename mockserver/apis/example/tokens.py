"""The Example API's session tokens: signed JWTs, rotating refresh tokens, revocation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt

ACCESS_TTL = 3600
REFRESH_TTL = 30 * 24 * 3600
ALGORITHM = "HS256"
VERIFIED_CACHE_SIZE = 4096


@dataclass
class TokenLedger:
    """Which refresh tokens are live and which access tokens were revoked."""

    live_refresh: dict[str, str] = field(default_factory=dict)
    revoked_access: set[str] = field(default_factory=set)
    epoch: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    """Changes on every reset, so tokens issued before a reset stop working."""
    verified: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    """Access token -> claims whose signature already checked out (bounded); expiry,
    epoch and revocation are still checked on every use."""


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str

    def body(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "token_type": "Bearer",
            "expires_in": ACCESS_TTL,
        }


class TokenService:
    """Issues and checks tokens; the ledger is part of the API's resettable state."""

    def __init__(
        self, secret: str, ledger: TokenLedger, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret = secret
        self._ledger = ledger
        self._clock = clock

    def issue(self, user_id: str, plan: str) -> TokenPair:
        now = int(self._clock())
        refresh_id = uuid.uuid4().hex
        self._ledger.live_refresh[refresh_id] = user_id
        common = {"sub": user_id, "iat": now, "epc": self._ledger.epoch}
        access = self._encode(
            {
                **common,
                "plan": plan,
                "typ": "access",
                "jti": uuid.uuid4().hex,
                "exp": now + ACCESS_TTL,
            }
        )
        refresh = self._encode(
            {**common, "typ": "refresh", "jti": refresh_id, "exp": now + REFRESH_TTL}
        )
        return TokenPair(access, refresh)

    def verify_access(self, token: str) -> dict[str, Any] | None:
        """The claims of a live access token; a signature is verified once per token."""
        claims = self._ledger.verified.get(token)
        if claims is None:
            claims = self._decode(token, "access")
            if claims is None:
                return None
            if len(self._ledger.verified) >= VERIFIED_CACHE_SIZE:
                self._ledger.verified.clear()
            self._ledger.verified[token] = claims
        elif self._clock() >= claims["exp"] or claims.get("epc") != self._ledger.epoch:
            del self._ledger.verified[token]
            return None
        if claims["jti"] in self._ledger.revoked_access:
            return None
        return dict(claims)

    def redeem_refresh(self, token: str) -> str | None:
        """The user id of a live refresh token, which is used up by this call."""
        claims = self._decode(token, "refresh")
        if claims is None:
            return None
        return self._ledger.live_refresh.pop(claims["jti"], None)

    def revoke(self, access_claims: dict[str, Any]) -> None:
        """Log out: the access token and every refresh token of the user die."""
        self._ledger.revoked_access.add(access_claims["jti"])
        user_id = access_claims["sub"]
        for refresh_id in [k for k, v in self._ledger.live_refresh.items() if v == user_id]:
            del self._ledger.live_refresh[refresh_id]

    def _encode(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def _decode(self, token: str, kind: str) -> dict[str, Any] | None:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                options={"require": ["exp", "sub", "jti", "typ"]},
                leeway=0,
            )
        except jwt.PyJWTError:
            return None
        if claims.get("typ") != kind or claims.get("epc") != self._ledger.epoch:
            return None
        return claims
