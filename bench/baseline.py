"""The baseline: bare Starlette (uvloop + httptools) serving recorded answers of the mock.

No auth, no validation, no state: each route answers the bytes, status and headers
recorded from the mock for one request (a JSON request body is still parsed). Run as
``python bench/baseline.py ROUTES.json PORT``; ROUTES.json is a list of
:func:`recorded` entries.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# Headers the server sets itself or that describe the recorded transfer, not the answer.
_DROPPED = {"content-length", "date", "server", "connection", "transfer-encoding"}


def recorded(method: str, path: str, response: httpx.Response) -> dict[str, Any]:
    """One route of the baseline: the mock's answer to ``method path``, as it was sent."""
    return {
        "method": method,
        "path": path,
        "status": response.status_code,
        "body": response.content.decode("latin-1"),
        "headers": {k: v for k, v in response.headers.items() if k.lower() not in _DROPPED},
    }


def _endpoint(routes: Sequence[dict[str, Any]]) -> Callable[[Request], Awaitable[Response]]:
    answers = {
        route["method"].upper(): (
            route["body"].encode("latin-1"),
            int(route["status"]),
            dict(route["headers"]),
        )
        for route in routes
    }

    async def answer(request: Request) -> Response:
        body, status, headers = answers[request.method]
        if request.headers.get("content-type", "").startswith("application/json"):
            json.loads(await request.body())
        return Response(body, status_code=status, headers=headers)

    return answer


def create_app(routes: Sequence[dict[str, Any]]) -> Starlette:
    by_path: dict[str, list[dict[str, Any]]] = {}
    for route in routes:
        by_path.setdefault(route["path"], []).append(route)
    return Starlette(
        routes=[
            Route(path, _endpoint(group), methods=sorted({r["method"].upper() for r in group}))
            for path, group in by_path.items()
        ]
    )


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        table = json.load(handle)
    uvicorn.run(
        create_app(table),
        host="127.0.0.1",
        port=int(sys.argv[2]),
        log_level="warning",
        access_log=False,
    )
