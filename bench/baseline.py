"""The baseline: bare Starlette serving recorded payloads of the mock, no validation.

Run by throughput.py as ``python bench/baseline.py PAYLOADS.json PORT``.
"""

from __future__ import annotations

import json
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def create_app(payloads: dict[str, str]) -> Starlette:
    list_body = payloads["list"].encode()
    item_body = payloads["item"].encode()
    created_body = payloads["created"].encode()

    async def list_items(_: Request) -> Response:
        return Response(list_body, media_type="application/json")

    async def get_item(_: Request) -> Response:
        return Response(item_body, media_type="application/json")

    async def create_item(request: Request) -> Response:
        json.loads(await request.body())
        return Response(created_body, status_code=201, media_type="application/json")

    return Starlette(
        routes=[
            Route("/v1/resources", list_items, methods=["GET"]),
            Route("/v1/resources", create_item, methods=["POST"]),
            Route("/v1/resources/{id}", get_item, methods=["GET"]),
        ]
    )


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        recorded = json.load(handle)
    uvicorn.run(
        create_app(recorded),
        host="127.0.0.1",
        port=int(sys.argv[2]),
        log_level="warning",
        access_log=False,
    )
