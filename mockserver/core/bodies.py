"""Request bodies read as HTTP frames them, once, before validation.

- A chunked body (``Transfer-Encoding: chunked``, no ``Content-Length``) is read up to
  the API's body limit (the receive channel given here already refuses beyond it, with
  a 413, without reading the rest) and handed on as an ordinary ``Content-Length``
  body, so JSON, XML, form and multipart validators all see it.
- A body sent to an operation that declares one, without a ``Content-Type``, is the
  API's 415 (Connexion would validate it as the first media type and then hand the
  handler raw bytes).
- An operation that declares no body never parses one: its ``Content-Type`` is dropped
  (a GET labelled ``multipart/form-data`` without a boundary is not a 400).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.context import SCOPE_KEY
from mockserver.core.errors import ApiError, ErrorKind

_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def body_media_types(spec: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """operationId -> the media types its request body accepts, for operations with one."""
    found: dict[str, tuple[str, ...]] = {}
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in _METHODS and isinstance(operation, dict):
                content = _resolved(spec, operation.get("requestBody", {})).get("content", {})
                if "operationId" in operation and content:
                    found[operation["operationId"]] = tuple(content)
    return found


def _resolved(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` itself, or what its local ``$ref`` points at."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    target: Any = spec
    for part in ref[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, Mapping) else {}
    return target if isinstance(target, Mapping) else {}


class RequestBodyFraming:
    """See the module docstring; runs after routing, before validation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        context = scope.get(SCOPE_KEY)
        operation = scope.get("extensions", {}).get("connexion_routing", {}).get("operation_id")
        if scope["type"] != "http" or context is None or context.runtime is None or not operation:
            await self.app(scope, receive, send)
            return
        accepted = context.runtime.body_media_types.get(operation)
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if accepted is None:
            scope["headers"] = [(k, v) for k, v in headers if k != b"content-type"]
            await self.app(scope, receive, send)
            return
        chunked = is_chunked(headers)
        if has_body(headers, chunked) and not any(k == b"content-type" for k, _ in headers):
            raise ApiError(
                ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                f"Invalid Content-type (missing), expected {' or '.join(accepted)}",
            )
        if chunked:
            body = await _read_all(receive)
            scope["headers"] = [
                (k, v) for k, v in headers if k not in (b"transfer-encoding", b"content-length")
            ] + [(b"content-length", str(len(body)).encode())]
            receive = _replay(body, receive)
        await self.app(scope, receive, send)


def is_chunked(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the request's body comes in chunks (no Content-Length)."""
    return any(k == b"transfer-encoding" and b"chunked" in v.lower() for k, v in headers)


def has_body(headers: list[tuple[bytes, bytes]], chunked: bool) -> bool:
    """Whether the request carries a body at all."""
    if chunked:
        return True
    for name, value in headers:
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
    return False


async def _read_all(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
