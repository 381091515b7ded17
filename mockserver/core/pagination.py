"""Pagination over the live store: page numbers, offsets and signed cursors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from mockserver.core.errors import ApiError, ErrorKind, FieldError

T = TypeVar("T")


@dataclass(frozen=True)
class PageInfo:
    """Where a page sits in the whole list."""

    page: int
    per_page: int
    total: int

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total else 0


def page_slice(items: Sequence[T], page: int, per_page: int) -> tuple[list[T], PageInfo]:
    """Page ``page`` (1-based) of ``per_page`` items; past the end it is empty."""
    start = (page - 1) * per_page
    return list(items[start : start + per_page]), PageInfo(page, per_page, len(items))


def offset_slice(items: Sequence[T], offset: int, limit: int) -> list[T]:
    return list(items[offset : offset + limit])


class CursorCodec:
    """Opaque, tamper-proof cursors: JSON state signed with HMAC-SHA256.

    A cursor the server did not issue (edited, truncated, from another codec) is
    rejected with a 400 rather than silently restarting the listing.
    """

    def __init__(self, secret: bytes, field: str = "cursor") -> None:
        self._secret = secret
        self._field = field

    def encode(self, state: dict[str, Any]) -> str:
        payload = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
        mac = hmac.new(self._secret, payload, hashlib.sha256).digest()[:12]
        return base64.urlsafe_b64encode(mac + payload).decode().rstrip("=")

    def decode(self, token: str) -> dict[str, Any]:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, TypeError):
            raise self._invalid() from None
        mac, payload = raw[:12], raw[12:]
        expected = hmac.new(self._secret, payload, hashlib.sha256).digest()[:12]
        if len(raw) <= 12 or not hmac.compare_digest(mac, expected):
            raise self._invalid()
        try:
            state = json.loads(payload)
        except ValueError:
            raise self._invalid() from None
        if not isinstance(state, dict):
            raise self._invalid()
        return state

    def _invalid(self) -> ApiError:
        return ApiError(
            ErrorKind.VALIDATION,
            f"Invalid {self._field}",
            (FieldError(self._field, "was not issued by this server or was altered"),),
        )
