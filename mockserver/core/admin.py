"""WireMock-style admin endpoints on every server: health, reset, requests, webhooks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from contract import localmock
from mockserver.core.journal import RequestJournal
from mockserver.core.runtime import ApiRuntime
from mockserver.core.webhooks import WebhookDispatcher

MAX_JOURNAL_PAGE = 10_000
"""Most journal entries one `GET /__admin/requests` returns."""


def admin_routes(
    runtimes: Sequence[ApiRuntime],
    journal: RequestJournal,
    webhooks: WebhookDispatcher,
    reload_status: Callable[[], Mapping[str, Any]] | None = None,
) -> list[Route]:
    """Routes under `/__admin`, including those each API contributes."""
    by_name = {runtime.name: runtime for runtime in runtimes}

    async def health(_: Request) -> JSONResponse:
        body: dict[str, Any] = {
            "status": "ok",
            "server": localmock.SIGNATURE,
            "apis": {
                r.name: {"mount": r.mount_path or "/", "title": r.definition.title}
                for r in runtimes
            },
        }
        if reload_status is not None:
            body["reload"] = dict(reload_status())
        return JSONResponse(body)

    def unknown_api(request: Request) -> JSONResponse | None:
        name = request.query_params.get("api")
        if name is not None and name not in by_name:
            return JSONResponse({"message": f"unknown api '{name}'"}, status_code=404)
        return None

    async def reset(request: Request) -> JSONResponse:
        if (problem := unknown_api(request)) is not None:
            return problem
        name = request.query_params.get("api")
        targets = [by_name[name]] if name else list(runtimes)
        for runtime in targets:
            runtime.reset()
        if name is None:
            journal.clear()
        return JSONResponse({"reset": [r.name for r in targets]})

    async def requests(request: Request) -> JSONResponse:
        if (problem := unknown_api(request)) is not None:
            return problem
        limit = _bounded_int(request.query_params.get("limit", "100"), 1, MAX_JOURNAL_PAGE)
        if limit is None:
            return JSONResponse(
                {"message": f"limit must be an integer from 1 to {MAX_JOURNAL_PAGE}"},
                status_code=400,
            )
        return JSONResponse({"requests": journal.recent(limit, request.query_params.get("api"))})

    async def webhook_log(request: Request) -> JSONResponse:
        if (problem := unknown_api(request)) is not None:
            return problem
        return JSONResponse(
            {
                "deliveries": webhooks.log(request.query_params.get("api")),
                "targets": webhooks.targets(),
            }
        )

    routes = [
        Route("/__admin/health", health, methods=["GET"]),
        Route("/__admin/reset", reset, methods=["POST"]),
        Route("/__admin/requests", requests, methods=["GET"]),
        Route("/__admin/webhooks", webhook_log, methods=["GET"]),
    ]
    for runtime in runtimes:
        if runtime.definition.admin_routes is not None:
            routes.extend(runtime.definition.admin_routes(runtime))
    return routes


def _bounded_int(text: str, low: int, high: int) -> int | None:
    """``text`` as an integer within [low, high], or None when it is not one."""
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    value = int(text)
    return value if low <= value <= high else None


_ADMIN_ERRORS = {404: "No such admin endpoint", 405: "Method not allowed for this endpoint"}


class AdminMiddleware:
    """Answers `/__admin/...` from its own router and `/` with ``index``, ahead of every
    API's routing and security (an API served alone at `/` with security on every path
    would otherwise answer them with its 401); ``index`` None: `/` is an API's own."""

    def __init__(self, app: ASGIApp, routes: Sequence[Route], index: ASGIApp | None) -> None:
        self.app = app
        self.router = Router(routes=list(routes))
        self.index = index
        self.host_paths = frozenset(
            route.path for route in routes if not route.path.startswith("/__admin/")
        )
        """Literal paths an API serves on the host root beside its base (e.g. TW's
        `/openapi.json` and `/playground` when served alone): one set lookup per request."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if path == "/" and scope["type"] == "http" and self.index is not None:
            await self.index(scope, receive, send)
            return
        if scope["type"] == "http" and (path[:9] == "/__admin/" or path in self.host_paths):
            try:
                await self.router(scope, receive, send)
            except HTTPException as exc:  # unknown admin path or method
                headers = dict(exc.headers or {})
                response = JSONResponse(
                    {"message": _ADMIN_ERRORS.get(exc.status_code, str(exc.detail))},
                    status_code=exc.status_code,
                    headers=headers,
                )
                await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
