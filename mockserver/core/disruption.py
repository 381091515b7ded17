"""The middleware that reads a request's preferences and applies latency and faults.

It sits inside :class:`~mockserver.core.context.ApiDispatchMiddleware` (so the journal
sees every request, faulted or delayed) and outside Connexion (so a fault can break the
connection before anything is processed: a faulted request changes no state and is not
counted by the rate limiter; a delayed one goes on to be served and counted as usual).
With no rule in force and no ``Prefer`` header or ``__`` query parameter, it costs a
scan of the header names.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.context import SCOPE_KEY, RequestContext, is_docs_path
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.faults import Fault, break_connection, can_break_connection
from mockserver.core.forced import kind_for_status
from mockserver.core.preferences import (
    PreferenceError,
    Preferences,
    parse_prefer,
    preferences_from,
    split_query,
)
from mockserver.core.rendering import Rendered
from mockserver.core.rules import RuleBook

PREFER = b"prefer"


class DisruptionMiddleware:
    """Preferences, latency and faults; see the module docstring."""

    def __init__(self, app: ASGIApp, rules: RuleBook) -> None:
        self.app = app
        self.rules = rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Only HTTP requests of an API have a context (ApiDispatchMiddleware sets it).
        context: RequestContext | None = scope.get(SCOPE_KEY)
        if context is None or context.runtime is None:
            await self.app(scope, receive, send)
            return
        if not self.rules.rules and b"__" not in scope["query_string"]:
            for name, _ in scope["headers"]:
                if name == PREFER:
                    break
            else:  # the common case: nothing asked for, nothing in force
                await self.app(scope, receive, send)
                return
        await self._disrupted(context, scope, receive, send)

    async def _disrupted(
        self, context: RequestContext, scope: Scope, receive: Receive, send: Send
    ) -> None:
        assert context.runtime is not None
        preferences = None
        if b"__" in scope["query_string"] or any(name == PREFER for name, _ in scope["headers"]):
            try:
                preferences = _read_preferences(scope)
            except PreferenceError as exc:
                await _send(_render(context, ApiError(ErrorKind.VALIDATION, str(exc))), send)
                return
            context.preferences = preferences
        latency = preferences.latency if preferences is not None else None
        fault = preferences.fault if preferences is not None else None
        if self.rules.rules and not is_docs_path(context.runtime, scope["path"]):
            # The docs stay usable whatever the rules break.
            runtime = context.runtime
            operation = None
            if self.rules.needs_operation(runtime.name):
                relative = scope["path"][len(runtime.mount_path) :] or "/"
                operation = runtime.operations.find(scope["method"], relative)
            ruled_latency, ruled_fault = self.rules.pick(runtime.name, operation)
            latency = latency or ruled_latency
            fault = fault or ruled_fault
        if preferences is not None and (preferences.latency or preferences.fault):
            context.response_headers["Preference-Applied"] = preferences.applied()
        if latency is not None:
            delay = latency.sample(self.rules.random)
            context.delay_ms = round(delay * 1000, 3)
            await asyncio.sleep(delay)
        if fault is not None:
            await self._fault(fault, context, scope, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _fault(fault: Fault, context: RequestContext, scope: Scope, send: Send) -> None:
        context.fault = str(fault)
        if fault.breaks_connection and can_break_connection(scope):
            await break_connection(fault, scope, context.format.media_type)
            return
        assert context.runtime is not None
        kind, override = kind_for_status(context.runtime.definition.errors, fault.status or 503)
        error = ApiError(
            kind,
            "Internal server error" if fault.status == 500 else "Service temporarily unavailable",
            headers={"Retry-After": "1"} if fault.status == 503 else {},
            status=override,
        )
        await _send(_render(context, error), send)


def _read_preferences(scope: Scope) -> Preferences:
    """Preferences from the query (which wins) and the ``Prefer`` headers; the ``__``
    parameters are removed from the query so validation never sees them."""
    from_query, query = split_query(scope.get("query_string", b""))
    if from_query:
        scope["query_string"] = query
    values = [value.decode("latin-1") for name, value in scope["headers"] if name == PREFER]
    raw = parse_prefer(values) if values else {}
    raw.update(from_query)
    return preferences_from(raw)


def _render(context: RequestContext, error: ApiError) -> Rendered:
    assert context.runtime is not None
    return context.runtime.definition.errors.render(error, context.format)


async def _send(rendered: Rendered, send: Send) -> None:
    headers = [
        (b"content-type", rendered.media_type.encode()),
        (b"content-length", str(len(rendered.body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in rendered.headers.items()]
    await send({"type": "http.response.start", "status": rendered.status, "headers": headers})
    await send({"type": "http.response.body", "body": rendered.body})
