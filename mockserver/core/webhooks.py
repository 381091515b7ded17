"""Webhook delivery: signed HTTP POSTs sent in the background, retried, logged.

A handler calls :meth:`WebhookDispatcher.send` and returns at once; the delivery
runs as an asyncio task with its own HTTP client, retried with exponential backoff,
and every attempt is kept in the log behind ``GET /__admin/webhooks``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import logging
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

logger = logging.getLogger(__name__)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_loopback_url(url: str) -> bool:
    """Whether a URL points at this machine (127.0.0.0/8, ::1, localhost)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SignatureScheme:
    """How an API signs deliveries: hex HMAC-SHA256 of the raw body in a header."""

    signature_header: str
    prefix: str = ""
    event_header: str | None = None
    delivery_header: str | None = None

    def sign(self, secret: str, body: bytes) -> str:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return self.prefix + digest


@dataclass
class Attempt:
    at: str
    status: int | None
    error: str | None


@dataclass
class Delivery:
    id: str
    api: str
    source_id: str
    url: str
    event_type: str
    event_id: str | None
    created_at: str
    state: str = "pending"
    attempts: list[Attempt] = field(default_factory=list)


class WebhookDispatcher:
    """Delivers events in the background; never blocks the request that caused them."""

    def __init__(
        self,
        *,
        attempts: int = 3,
        backoff: float = 0.5,
        timeout: float = 5.0,
        log_size: int = 1000,
        any_host: bool = False,
    ) -> None:
        self._attempts = max(1, attempts)
        self._any_host = any_host
        self._backoff = backoff
        self._timeout = timeout
        self._log: deque[Delivery] = deque(maxlen=log_size)
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._counter = 0

    def send(
        self,
        *,
        api: str,
        source_id: str,
        url: str,
        payload: dict[str, Any],
        secret: str | None = None,
        scheme: SignatureScheme | None = None,
        event_type: str | None = None,
    ) -> Delivery:
        """Queue one POST of ``payload`` (as JSON) to ``url``; returns its log entry."""
        self._counter += 1
        event_type = event_type or str(payload.get("type", "message"))
        event_id = payload.get("id") if isinstance(payload.get("id"), str) else None
        delivery = Delivery(
            f"dlv_{self._counter:08d}", api, source_id, url, event_type, event_id, utc_now()
        )
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "Understudy-Webhooks/1"}
        if scheme is not None:
            if secret is not None:
                headers[scheme.signature_header] = scheme.sign(secret, body)
            if scheme.event_header:
                headers[scheme.event_header] = event_type
            if scheme.delivery_header:
                headers[scheme.delivery_header] = delivery.id
        self._log.append(delivery)
        task = asyncio.get_running_loop().create_task(self._deliver(delivery, body, headers))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return delivery

    async def _deliver(self, delivery: Delivery, body: bytes, headers: dict[str, str]) -> None:
        if not (self._any_host or is_loopback_url(delivery.url)):
            delivery.attempts.append(
                Attempt(
                    utc_now(),
                    None,
                    "blocked: not a loopback host (start the mock with --webhook-any-host)",
                )
            )
            delivery.state = "blocked"
            return
        client = self._http_client()
        for attempt in range(self._attempts):
            if attempt:
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
            try:
                response = await client.post(delivery.url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                delivery.attempts.append(Attempt(utc_now(), None, type(exc).__name__))
                continue
            delivery.attempts.append(Attempt(utc_now(), response.status_code, None))
            if 200 <= response.status_code < 300:
                delivery.state = "delivered"
                return
        delivery.state = "failed"
        logger.info(
            "webhook %s to %s failed after %d attempts",
            delivery.id,
            delivery.url,
            len(delivery.attempts),
        )

    def _http_client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        return self._client

    def log(self, api: str | None = None) -> list[dict[str, Any]]:
        """Deliveries, newest first."""
        return [asdict(d) for d in reversed(self._log) if api is None or d.api == api]

    def clear(self, api: str | None = None) -> None:
        kept = [d for d in self._log if api is not None and d.api != api]
        self._log.clear()
        self._log.extend(kept)

    async def drain(self) -> None:
        """Wait for every queued delivery to finish (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None
