"""`/__admin/wrgl/...`: the seed's "API key settings page", for tests and frontends.

"API keys do not expire on their own (but you can remove them any time)": a user's keys
are created and removed here, so a client's handling of a revoked key can be
exercised. `POST /__admin/wrgl/users/{username}/keys` creates a key (201
`{"username", "key"}`), `GET` on the same path lists the user's keys, and
`DELETE /__admin/wrgl/keys/{key}` revokes one (204): the API answers that key 401 from
the next request on. `POST /__admin/reset` brings the seeded keys back.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mockserver.apis.wrgl.state import WrglState
from mockserver.core.runtime import ApiRuntime

USER_KEYS_PATH = "/__admin/wrgl/users/{username}/keys"
KEY_PATH = "/__admin/wrgl/keys/{key}"
KEY_PREFIX = "wrgl_"


def key_routes(runtime: ApiRuntime) -> list[Route]:
    def state() -> WrglState:
        return runtime.state  # type: ignore[no-any-return]

    async def user_keys(request: Request) -> Response:
        username = request.path_params["username"]
        user = state().users.find(lambda u: u["username"] == username)
        if user is None:
            return _problem(404, f"no WRGL user {username!r}")
        if request.method == "POST":
            key = KEY_PREFIX + secrets.token_hex(16)
            state().keys[key] = user["id"]
            return JSONResponse({"username": username, "key": key}, status_code=201)
        keys = sorted(k for k, owner in state().keys.items() if owner == user["id"])
        return JSONResponse({"username": username, "keys": keys})

    async def revoke(request: Request) -> Response:
        key = request.path_params["key"]
        if state().keys.pop(key, None) is None:
            return _problem(404, "no such API key")
        return Response(status_code=204)

    return [
        Route(USER_KEYS_PATH, user_keys, methods=["GET", "POST"]),
        Route(KEY_PATH, revoke, methods=["DELETE"]),
    ]


def _problem(status: int, message: str) -> JSONResponse:
    body: dict[str, Any] = {"message": message}
    return JSONResponse(body, status_code=status)
