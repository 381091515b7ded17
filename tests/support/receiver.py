"""A real HTTP endpoint that records what is POSTed to it (webhook target)."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.server import LiveServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver(LiveServer):
    """Answers ``fail_first`` requests with 500, then 200, each after ``delay`` seconds;
    keeps every request."""

    def __init__(self, fail_first: int = 0, delay: float = 0.0) -> None:
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._failures_left = fail_first

        async def hook(request: Request) -> Response:
            body = await request.body()
            if delay:
                await asyncio.sleep(delay)
            with self._lock:
                self.received.append(Received(request.url.path, dict(request.headers), body))
                if self._failures_left > 0:
                    self._failures_left -= 1
                    return Response(status_code=500)
            return Response(status_code=200)

        super().__init__(Starlette(routes=[Route("/{path:path}", hook, methods=["POST"])]))

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} deliveries, got {len(self.received)}")


class Redirector(LiveServer):
    """Answers every POST with a 307 to ``location`` (a webhook target that redirects)."""

    def __init__(self, location: str) -> None:
        async def hook(_: Request) -> Response:
            return Response(status_code=307, headers={"Location": location})

        super().__init__(Starlette(routes=[Route("/{path:path}", hook, methods=["POST"])]))
