"""Per-request context and the middlewares that give it to the rest of the stack.

:class:`ApiDispatchMiddleware` sits outside Connexion's exception handling: it finds
the API a path belongs to, decides the response format, bounds the request body,
adds headers gathered during the request (rate limits) to whatever response goes
out, and records the request in the journal. :class:`RateLimitMiddleware` runs
after Connexion's security, when the caller is known.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import Format, suffix_format
from mockserver.core.journal import JournalEntry, RequestJournal

if TYPE_CHECKING:
    from mockserver.core.preferences import Preferences
    from mockserver.core.runtime import ApiRuntime

SCOPE_KEY = "understudy"


@dataclass
class RequestContext:
    """What the stack knows about a request beyond Starlette's scope."""

    runtime: ApiRuntime | None
    format: Format = Format.JSON
    response_headers: dict[str, str] = field(default_factory=dict)
    preferences: Preferences | None = None
    """What the request's `Prefer` header (or `__` query parameters) asked for."""
    forced: str | None = None
    """The preferences applied to force the answer (its `Preference-Applied`)."""
    fault: str | None = None
    delay_ms: float | None = None


def with_headers(
    raw: Sequence[tuple[bytes, bytes]], extra: dict[str, str]
) -> list[tuple[bytes, bytes]]:
    """``raw`` (an ASGI header list) with each of ``extra`` that it lacks appended."""
    headers = list(raw)
    present = {name for name, _ in headers}
    for name, value in extra.items():
        key = name.lower().encode("latin-1")
        if key not in present:
            headers.append((key, value.encode("latin-1")))
    return headers


def request_context(scope: Scope) -> RequestContext:
    context = scope.get(SCOPE_KEY)
    if context is None:
        context = RequestContext(None)
        scope[SCOPE_KEY] = context
    return context


class BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            ErrorKind.PAYLOAD_TOO_LARGE, f"Request body exceeds the limit of {limit} bytes"
        )


class ApiDispatchMiddleware:
    """Routes each request to its API's context; see the module docstring."""

    def __init__(
        self, app: ASGIApp, runtimes: Sequence[ApiRuntime], journal: RequestJournal
    ) -> None:
        self.app = app
        self.runtimes = sorted(runtimes, key=lambda r: len(r.mount_path), reverse=True)
        self.journal = journal

    def _runtime_for(self, path: str) -> ApiRuntime | None:
        for runtime in self.runtimes:
            mount = runtime.mount_path.rstrip("/")
            if not mount or path == mount or path.startswith(mount + "/"):
                return runtime
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__admin"):
            await self.app(scope, receive, send)
            return
        runtime = self._runtime_for(scope["path"])
        context = RequestContext(runtime)
        if runtime is not None:
            context.format = runtime.response_format(scope["path"])
        scope[SCOPE_KEY] = context
        arrived, started = time.time(), time.perf_counter()
        status_holder: list[int] = [500, 0]  # status, and whether one was sent

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0], status_holder[1] = message["status"], 1
                if context.response_headers:
                    message["headers"] = with_headers(
                        message.get("headers", ()), context.response_headers
                    )
            await send(message)

        try:
            refusal = _refusal(runtime, scope) if runtime is not None else None
            if refusal is not None:
                await self._reject(runtime, context, refusal, send_with_headers)
                return
            limit = runtime.max_body_bytes if runtime is not None else None
            guarded = _limited_receive(receive, limit) if limit is not None else receive
            await self.app(scope, guarded, send_with_headers)
        finally:
            self.journal.record(
                JournalEntry(
                    at=arrived,
                    api=runtime.name if runtime else None,
                    method=scope["method"],
                    path=scope["path"],
                    query=scope.get("query_string", b"").decode("latin-1"),
                    # A fault that broke the connection sent no status at all: 0.
                    status=0 if context.fault and not status_holder[1] else status_holder[0],
                    duration_ms=round((time.perf_counter() - started) * 1000, 3),
                    forced=context.forced,
                    fault=context.fault,
                    delay_ms=context.delay_ms,
                )
            )

    @staticmethod
    async def _reject(
        runtime: ApiRuntime | None, context: RequestContext, error: ApiError, send: Send
    ) -> None:
        assert runtime is not None
        rendered = runtime.definition.errors.render(error, context.format)
        headers = [
            (b"content-type", rendered.media_type.encode()),
            (b"content-length", str(len(rendered.body)).encode()),
            (b"connection", b"close"),
        ]
        headers += [(k.lower().encode(), v.encode()) for k, v in rendered.headers.items()]
        await send({"type": "http.response.start", "status": rendered.status, "headers": headers})
        await send({"type": "http.response.body", "body": rendered.body})


def _refusal(runtime: ApiRuntime, scope: Scope) -> ApiError | None:
    """An error to answer before the request enters Connexion, if any."""
    path = scope["path"]
    if is_docs_path(runtime, path):
        return None
    if runtime.definition.format_from_suffix and suffix_format(path) is None:
        return ApiError(ErrorKind.NOT_FOUND, "No such endpoint: URLs end in .json or .xml")
    refused = runtime.literal_route_refuses(path, scope["method"])
    if refused is not None:
        return ApiError(
            ErrorKind.METHOD_NOT_ALLOWED,
            "Method not allowed for this endpoint",
            headers={"Allow": ", ".join(refused)},
        )
    declared = _content_length(scope)
    if declared is not None and declared > runtime.max_body_bytes:
        return BodyTooLarge(runtime.max_body_bytes)
    return None


DOCS_PATHS = ("/openapi.json", "/openapi.yaml", "/ui", "/ui/")


def is_docs_relative(relative: str) -> bool:
    """Whether a path below an API's mount is its Swagger UI or its served contract."""
    return relative in DOCS_PATHS or relative.startswith("/ui/")


def is_docs_path(runtime: ApiRuntime, path: str) -> bool:
    """The API's Swagger UI and contract (served by Connexion), and the index at `/`."""
    return is_docs_relative(path[len(runtime.mount_path) :] or "/") or path == "/"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _limited_receive(receive: Receive, limit: int) -> Receive:
    received = 0

    async def limited() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return limited


class RateLimitMiddleware:
    """Applies the API's rate limit to authenticated requests (after security)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            context = scope.get(SCOPE_KEY)
            if context is not None and context.runtime is not None:
                enforce_rate_limits(context, scope)
        await self.app(scope, receive, send)


def enforce_rate_limits(context: RequestContext, scope: Scope) -> None:
    """The API's limits for a routed, authenticated request: per caller, then per
    address; raises the API's 429 and adds the limit headers to the context."""
    assert context.runtime is not None
    token_info = _token_info(scope)
    if token_info:
        context.runtime.enforce_rate_limit(token_info, context.response_headers)
    _enforce_address_limit(context, scope)


def _enforce_address_limit(context: RequestContext, scope: Scope) -> None:
    routing = scope.get("extensions", {}).get("connexion_routing", {})
    operation = routing.get("operation_id")
    if operation and context.runtime is not None:
        client = scope.get("client") or ("unknown", 0)
        context.runtime.enforce_address_limit(operation, str(client[0]), context.response_headers)


def _token_info(scope: Scope) -> dict[str, Any] | None:
    connexion_context = scope.get("extensions", {}).get("connexion_context", {})
    info = connexion_context.get("token_info")
    return info if isinstance(info, dict) else None
