"""The index at ``/``: every API served, its base URL, docs, contract and demo credentials,
and the admin endpoints. HTML for a browser; JSON for a client whose ``Accept`` prefers
``application/json``."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

from mockserver.core.runtime import ApiRuntime

ADMIN_ENDPOINTS = (
    ("GET", "/__admin/health", "status of the server and of each API's contract"),
    ("POST", "/__admin/reset", "back to the seeded state (?api=NAME for one API)"),
    ("GET", "/__admin/requests", "recent requests, newest first (forced, faulted, delayed)"),
    ("GET", "/__admin/webhooks", "webhook delivery log"),
    ("GET", "/__admin/rules", "latency and fault rules in force"),
    ("POST", "/__admin/rules", "add latency or fault rules (JSON)"),
    ("DELETE", "/__admin/rules", "clear every rule"),
)


def index_data(runtimes: Sequence[ApiRuntime], origin: str) -> dict[str, Any]:
    apis = []
    for runtime in runtimes:
        base = origin + runtime.mount_path
        apis.append(
            {
                "name": runtime.name,
                "title": runtime.definition.title,
                "base_url": base,
                "docs": base + "/ui/",
                "openapi": base + "/openapi.json",
                "credentials": [
                    {"how": c.how, "meaning": c.meaning} for c in runtime.definition.credentials
                ],
            }
        )
    admin = [
        {"method": method, "url": origin + path, "what": what}
        for method, path, what in ADMIN_ENDPOINTS
    ]
    return {"apis": apis, "admin": admin}


def wants_json(request: Request) -> bool:
    """Whether ``Accept`` ranks application/json above text/html."""
    ranks: dict[str, float] = {}
    for part in request.headers.get("accept", "").split(","):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranks[media.strip().lower()] = quality
    return ranks.get("application/json", 0.0) > ranks.get("text/html", 0.0)


class IndexPage:
    """The ASGI app answering ``/`` (see :class:`~mockserver.core.admin.AdminMiddleware`)."""

    def __init__(self, runtimes: Sequence[ApiRuntime]) -> None:
        self.runtimes = runtimes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            await JSONResponse(
                {"message": "Method not allowed for this endpoint"},
                status_code=405,
                headers={"Allow": "GET, HEAD"},
            )(scope, receive, send)
            return
        request = Request(scope)
        data = index_data(self.runtimes, str(request.base_url).rstrip("/"))
        response: Response = (
            JSONResponse(data) if wants_json(request) else HTMLResponse(render_html(data))
        )
        await response(scope, receive, send)


def render_html(data: dict[str, Any]) -> str:
    esc = html.escape
    sections = []
    for api in data["apis"]:
        credentials = "".join(
            f"<li><code>{esc(c['how'])}</code> — {esc(c['meaning'])}</li>"
            for c in api["credentials"]
        )
        sections.append(
            f'<section class="api" id="{esc(api["name"])}"><h2>{esc(api["title"])}</h2>'
            f'<p>Base URL: <code class="base-url">{esc(api["base_url"])}</code></p>'
            f'<p><a class="docs" href="{esc(api["docs"])}">API docs (Swagger UI)</a> · '
            f'<a class="contract" href="{esc(api["openapi"])}">openapi.json</a></p>'
            f"<h3>Demo credentials</h3><ul>{credentials}</ul></section>"
        )
    admin = "".join(
        f"<tr><td>{esc(a['method'])}</td><td><code>{esc(a['url'])}</code></td>"
        f"<td>{esc(a['what'])}</td></tr>"
        for a in data["admin"]
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Understudy mock</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "section.api{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}"
        "code{background:#f4f4f4;padding:0 .2rem}td{padding:.2rem .6rem}"
        "</style></head><body><h1>Understudy mock</h1>"
        "<p>Contract-first mocks. Force a response with <code>Prefer: code=404</code>, "
        "add latency with <code>Prefer: latency=300ms</code>, a fault with "
        "<code>Prefer: fault=reset</code>; see the README.</p>"
        f"{''.join(sections)}<h2>Admin</h2><table>{admin}</table></body></html>"
    )
