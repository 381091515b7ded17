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
    """Which refresh tokens are live and which access tokens were revoked, each until it
    expires: expired entries are pruned as new ones arrive, and a user keeps only their
    most recent refresh tokens, so unlimited logins cannot grow the ledger."""

    live_refresh: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Refresh token id -> (user id, expiry), oldest first (all share one lifetime)."""
    by_user: dict[str, list[str]] = field(default_factory=dict)
    """User id -> their live refresh token ids, oldest first."""
    revoked_access: dict[str, float] = field(default_factory=dict)
    """Revoked access token id -> its expiry, oldest first."""
    epoch: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    """Changes on every reset, so tokens issued before a reset stop working."""
    verified: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    """Access token -> claims whose signature already checked out (bounded); expiry,
    epoch and revocation are still checked on every use."""

    def prune(self, now: float) -> None:
        """Forget expired refresh tokens and expired revocations."""
        for refresh_id, (_, expires) in list(self.live_refresh.items()):
            if expires > now:
                break
            self.take_refresh(refresh_id)
        for jti, expires in list(self.revoked_access.items()):
            if expires > now:
                break
            del self.revoked_access[jti]

    def add_refresh(self, refresh_id: str, user_id: str, expires: float, per_user: int) -> None:
        self.live_refresh[refresh_id] = (user_id, expires)
        mine = self.by_user.setdefault(user_id, [])
        mine.append(refresh_id)
        while len(mine) > per_user:
            self.live_refresh.pop(mine.pop(0), None)

    def take_refresh(self, refresh_id: str) -> str | None:
        """The user of a live refresh token, removing it (None: not live)."""
        entry = self.live_refresh.pop(refresh_id, None)
        if entry is None:
            return None
        mine = self.by_user.get(entry[0], [])
        if refresh_id in mine:
            mine.remove(refresh_id)
        if not mine:
            self.by_user.pop(entry[0], None)
        return entry[0]


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
        self,
        secret: str,
        ledger: TokenLedger,
        clock: Callable[[], float] = time.time,
        *,
        refresh_per_user: int = 10,
    ) -> None:
        self._secret = secret
        self._ledger = ledger
        self._clock = clock
        self._refresh_per_user = max(1, refresh_per_user)

    def issue(self, user_id: str, plan: str) -> TokenPair:
        now = int(self._clock())
        refresh_id = uuid.uuid4().hex
        self._ledger.prune(now)
        self._ledger.add_refresh(refresh_id, user_id, now + REFRESH_TTL, self._refresh_per_user)
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
        return self._ledger.take_refresh(claims["jti"])

    def revoke(self, access_claims: dict[str, Any]) -> None:
        """Log out: the access token and every refresh token of the user die."""
        self._ledger.prune(self._clock())
        self._ledger.revoked_access[access_claims["jti"]] = float(access_claims["exp"])
        for refresh_id in list(self._ledger.by_user.get(access_claims["sub"], [])):
            self._ledger.take_refresh(refresh_id)

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
