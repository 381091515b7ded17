"""Deliberately wrong servers: the real mock behind a middleware that breaks one rule.

Each is a realistic near-miss implementation; the conformance gate must catch it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BodyEdit = Callable[[Scope, int, Any], tuple[int, Any, dict[str, str] | None]]


class Tamper:
    """Buffers each JSON response and lets ``edit`` change its status, body or headers.

    ``strip_headers`` removes headers (lowercase names) from every response.
    """

    def __init__(
        self, app: ASGIApp, edit: BodyEdit | None = None, strip_headers: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.edit = edit
        self.strip = {h.encode() for h in strip_headers}
        self.runtimes = getattr(app, "runtimes", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            await self._send(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, buffered)

    async def _send(self, scope: Scope, start: dict[str, Any], body: bytes, send: Send) -> None:
        status = start["status"]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in self.strip]
        content_type = dict(headers).get(b"content-type", b"")
        if self.edit is not None and b"json" in content_type and body:
            status, document, extra = self.edit(scope, status, json.loads(body))
            body = json.dumps(document).encode()
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            for name, value in (extra or {}).items():
                headers = [(k, v) for k, v in headers if k.lower() != name.lower().encode()]
                headers.append((name.lower().encode(), value.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
