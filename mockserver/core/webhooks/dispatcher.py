"""Webhook delivery as a bounded service: handlers hand over, lanes deliver.

:meth:`WebhookDispatcher.send` never waits and never fails: it logs the delivery and
queues it on its target's lane, or logs it ``dropped`` when the queue (or the target's
share of it) is full. Each lane runs at most ``target_concurrency`` workers, and all
lanes together at most ``concurrency`` attempts at a time. Every attempt is bounded by
separate connect, write, read and pool timeouts, logged with its real cause.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from dataclasses import asdict
from enum import Enum
from typing import Any
from urllib.parse import urljoin

import httpx

from mockserver.core.webhooks.client import ClientHolder
from mockserver.core.webhooks.lanes import Job, TargetLane, target_key
from mockserver.core.webhooks.policy import DeliveryPolicy
from mockserver.core.webhooks.records import (
    Attempt,
    Delivery,
    DeliveryState,
    SignatureScheme,
    utc_now,
)
from mockserver.core.webhooks.targets import LOOP_STATUS, MARKER_HEADER, TargetGuard
from mockserver.settings import Settings

logger = logging.getLogger(__name__)

MAX_IDLE_LANES = 256
"""Idle lanes kept for their counts; beyond it the oldest idle ones are forgotten."""
RESPONSE_BYTES_READ = 64 * 1024
"""Of a target's response body, the most that is read (the rest is not waited for)."""


class Outcome(Enum):
    DELIVERED = "delivered"
    FAILED = "failed"
    """The target failed (counts towards its back-off)."""
    OURS = "ours"
    """The mock's own fault (pool timeout): retried, never held against the target."""
    BLOCKED = "blocked"


class WebhookDispatcher:
    """Delivers events in the background; never blocks the request that caused them."""

    def __init__(
        self,
        policy: DeliveryPolicy | None = None,
        *,
        own_ports: tuple[int, ...] = (),
        log_size: int = 1000,
    ) -> None:
        self.policy = policy or DeliveryPolicy.from_settings(Settings())
        self.guard = TargetGuard(any_host=self.policy.any_host, own_ports=own_ports)
        self._log: deque[Delivery] = deque(maxlen=log_size)
        self._lanes: dict[str, TargetLane] = {}
        self._queued = 0
        self._slots: asyncio.Semaphore | None = None
        self._workers: set[asyncio.Task[None]] = set()
        self._clients = ClientHolder(self._new_client)
        self._counter = 0

    def _new_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=self.policy.timeout(), limits=self.policy.limits(), follow_redirects=False
        )

    @property
    def client_generation(self) -> int:
        """How many HTTP clients have been built so far (a rebuild adds one)."""
        return self._clients.generation

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
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Understudy-Webhooks/1",
            MARKER_HEADER: self.guard.marker,
        }
        if scheme is not None:
            if secret is not None:
                headers[scheme.signature_header] = scheme.sign(secret, body)
            if scheme.event_header:
                headers[scheme.event_header] = event_type
            if scheme.delivery_header:
                headers[scheme.delivery_header] = delivery.id
        self._log.append(delivery)
        self._enqueue(Job(delivery, body, headers))
        return delivery

    def _enqueue(self, job: Job) -> None:
        lane = self._lane(job.delivery.url)
        full = self._full(lane)
        if full is not None:
            job.delivery.finish(DeliveryState.DROPPED, full)
            lane.count(DeliveryState.DROPPED.value)
            return
        lane.queue.append(job)
        self._queued += 1
        if lane.workers < self.policy.target_concurrency:
            lane.workers += 1
            task = asyncio.get_running_loop().create_task(self._work(lane))
            self._workers.add(task)
            task.add_done_callback(self._workers.discard)

    def _full(self, lane: TargetLane) -> str | None:
        if self._queued >= self.policy.queue_capacity:
            return f"dropped: delivery queue full ({self.policy.queue_capacity} waiting)"
        if len(lane.queue) >= self.policy.target_queue_capacity:
            return (
                f"dropped: queue for {lane.key} full ({self.policy.target_queue_capacity} waiting)"
            )
        return None

    def _lane(self, url: str) -> TargetLane:
        key = target_key(url)
        lane = self._lanes.get(key)
        if lane is None:
            if len(self._lanes) >= MAX_IDLE_LANES:
                self._forget_idle_lanes()
            lane = self._lanes[key] = TargetLane(key)
        return lane

    def _forget_idle_lanes(self) -> None:
        for key in [k for k, lane in self._lanes.items() if lane.idle()][: MAX_IDLE_LANES // 2]:
            del self._lanes[key]

    async def _work(self, lane: TargetLane) -> None:
        try:
            while lane.queue:
                job = lane.queue.popleft()
                self._queued -= 1
                await self._deliver(lane, job)
                lane.count(job.delivery.state)
        finally:
            lane.workers -= 1

    async def _deliver(self, lane: TargetLane, job: Job) -> None:
        delivery = job.delivery
        refusal = await self.guard.refusal(delivery.url)
        if refusal is not None:
            delivery.finish(DeliveryState.BLOCKED, refusal)
            return
        for attempt in range(self.policy.attempts):
            if attempt:
                await asyncio.sleep(self.policy.backoff * 2 ** (attempt - 1))
            if lane.backed_off():
                delivery.finish(DeliveryState.FAILED, lane.backoff_note())
                return
            outcome = await self._attempt(job)
            if outcome is Outcome.DELIVERED:
                lane.succeeded()
                delivery.finish(DeliveryState.DELIVERED)
                return
            if outcome is Outcome.BLOCKED:
                delivery.finish(DeliveryState.BLOCKED)
                return
            if outcome is Outcome.FAILED:
                lane.failed(self.policy)
        delivery.finish(DeliveryState.FAILED)
        logger.info(
            "webhook %s to %s failed after %d attempts",
            delivery.id,
            delivery.url,
            len(delivery.attempts),
        )

    async def _attempt(self, job: Job) -> Outcome:
        """One attempt (following redirects), logged; bounded by the timeouts."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.policy.concurrency)
        async with self._slots:
            try:
                async with self._clients.use() as client:
                    status, error = await self._post(client, job)
            except httpx.PoolTimeout:
                self._clients.retire()
                status, error = (
                    None,
                    (
                        f"PoolTimeout: no free connection within {self.policy.pool_timeout}s "
                        "(the mock's own limit; HTTP client rebuilt)"
                    ),
                )
                job.delivery.attempts.append(Attempt(utc_now(), status, error))
                return Outcome.OURS
            except httpx.HTTPError as exc:
                status, error = None, _cause(exc, self.policy)
            except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                status, error = None, f"InvalidURL: {str(exc)[:200] or 'not a usable URL'}"
        job.delivery.attempts.append(Attempt(utc_now(), status, error))
        if error is not None and error.startswith("blocked:"):
            return Outcome.BLOCKED
        if status is not None and 200 <= status < 300:
            return Outcome.DELIVERED
        return Outcome.FAILED

    async def _post(self, client: httpx.AsyncClient, job: Job) -> tuple[int, str | None]:
        url = job.delivery.url
        for hop in range(self.policy.max_redirects + 1):
            async with client.stream("POST", url, content=job.body, headers=job.headers) as r:
                await _read_some(r)
                if r.status_code == LOOP_STATUS and MARKER_HEADER.lower() in r.headers:
                    return r.status_code, "blocked: the delivery reached this mock server"
                location = r.headers.get("location")
                if not (r.is_redirect and location) or hop == self.policy.max_redirects:
                    return r.status_code, None
            url = urljoin(url, location)
            refusal = await self.guard.refusal(url)
            if refusal is not None:
                return r.status_code, f"{refusal} (redirected to {url[:200]})"
        raise AssertionError("unreachable")

    def log(self, api: str | None = None) -> list[dict[str, Any]]:
        """Deliveries, newest first."""
        return [asdict(d) for d in reversed(self._log) if api is None or d.api == api]

    def targets(self) -> list[dict[str, Any]]:
        """Each target's health, queue and delivery counts."""
        return [lane.view() for lane in self._lanes.values()]

    def clear(self, api: str | None = None) -> None:
        """Forget ``api``'s deliveries (all when None): its queued ones are not sent, its
        log is emptied, and the HTTP client is rebuilt."""
        kept = [d for d in self._log if api is not None and d.api != api]
        self._log.clear()
        self._log.extend(kept)
        for lane in self._lanes.values():
            waiting = [job for job in lane.queue if api is None or job.delivery.api == api]
            for job in waiting:
                lane.queue.remove(job)
                job.delivery.finish(DeliveryState.DROPPED, "dropped: reset before delivery")
            self._queued -= len(waiting)
        self._forget_idle_lanes()
        self._clients.retire()

    async def drain(self) -> None:
        """Wait for every queued delivery to finish (tests, shutdown)."""
        while self._workers:
            await asyncio.gather(*list(self._workers), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._workers):
            task.cancel()
        await asyncio.gather(*list(self._workers), return_exceptions=True)
        await self._clients.aclose()


async def _read_some(response: httpx.Response) -> None:
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read >= RESPONSE_BYTES_READ:
            return


def _cause(exc: httpx.HTTPError, policy: DeliveryPolicy) -> str:
    """The real reason an attempt failed, in one line."""
    name = type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return f"{name}: no connection within {policy.connect_timeout}s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"{name}: no response data within {policy.read_timeout}s"
    if isinstance(exc, httpx.WriteTimeout):
        return f"{name}: body not sent within {policy.write_timeout}s"
    detail = str(exc).strip() or "no detail"
    return f"{name}: {detail[:200]}"
