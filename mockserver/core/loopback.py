"""In-process sub-requests: one HTTP request sent through the whole ASGI app, without a
socket, so it meets the same routing, security, validation, handlers and error
rendering as a request from outside (used by batch endpoints).

The sub-request runs in a copy of the caller's context: context variables the caller
set (an open transaction) are seen, and whatever the stack sets does not leak back.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Scope


@dataclass(frozen=True)
class LoopbackResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def sub_scope(parent: Scope, method: str, target: str, headers: Mapping[str, str]) -> Scope:
    """A fresh HTTP scope for ``target`` (a path with an optional query string)."""
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": parent.get("asgi", {"version": "3.0"}),
        "http_version": parent.get("http_version", "1.1"),
        "method": method.upper(),
        "scheme": parent.get("scheme", "http"),
        "server": parent.get("server"),
        "client": parent.get("client"),
        "root_path": "",
        "path": unquote(path),
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
        "state": dict(parent.get("state", {})),
        "extensions": {},
    }


async def call(
    app: ASGIApp,
    parent: Scope,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes = b"",
) -> LoopbackResponse:
    """Send one request through ``app`` and collect the whole response."""
    scope = sub_scope(parent, method, target, {**headers, "content-length": str(len(body))})
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 500
    response_headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            for name, value in message.get("headers", []):
                response_headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    async def run() -> None:
        await app(scope, receive, send)

    await asyncio.get_running_loop().create_task(run(), context=contextvars.copy_context())
    return LoopbackResponse(status, response_headers, b"".join(chunks))
