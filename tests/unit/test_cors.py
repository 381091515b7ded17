"""The mock's CORS layer answers exactly as Starlette's CORSMiddleware (core/cors.py)."""

from __future__ import annotations

import asyncio
import typing as t

import pytest
from starlette.middleware.cors import CORSMiddleware

from mockserver.core.cors import CORS

Message = dict[str, t.Any]
OPTIONS: dict[str, t.Any] = {
    "allow_origins": ["*"],
    "allow_methods": ["*"],
    "allow_headers": ["*"],
    "expose_headers": ["X-RateLimit-Limit", "Location"],
    "max_age": 600,
}
RESPONSE_HEADERS = [
    [],
    [(b"content-type", b"application/json")],
    [(b"vary", b"Accept")],
    [(b"vary", b"Accept"), (b"content-length", b"2"), (b"vary", b"Accept-Encoding")],
    [(b"x-a", b"1"), (b"vary", b"Prefer")],
]
REQUEST_HEADERS = [
    [],
    [(b"accept", b"*/*")],
    [(b"origin", b"http://localhost:5173")],
    [
        (b"origin", b"http://localhost:5173"),
        (b"access-control-request-method", b"POST"),
        (b"access-control-request-headers", b"authorization"),
    ],
]


def _exchange(layer: type[CORSMiddleware], method: str, request: list, response: list) -> list:
    async def app(scope: t.Any, receive: t.Any, send: t.Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(response)})
        await send({"type": "http.response.body", "body": b"{}"})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": method, "path": "/", "headers": list(request)}
    asyncio.run(layer(app, **OPTIONS)(scope, receive, send))
    return sent


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
@pytest.mark.parametrize("request_headers", REQUEST_HEADERS)
@pytest.mark.parametrize("response_headers", RESPONSE_HEADERS)
def test_every_answer_is_starlettes(method: str, request_headers: list, response_headers: list):
    ours = _exchange(CORS, method, request_headers, response_headers)
    theirs = _exchange(CORSMiddleware, method, request_headers, response_headers)
    assert ours == theirs
    if not any(name == b"origin" for name, _ in request_headers):
        varies = [value for name, value in ours[0]["headers"] if name == b"vary"]
        assert len(varies) == 1 and varies[0].endswith(b"Origin"), varies
