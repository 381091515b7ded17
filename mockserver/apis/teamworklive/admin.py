"""`/__admin/teamworklive/password`: what the seed leaves to the web application.

The seed says a user's API key changes when their password is updated, and the API has
no call for it; the mock offers it to tests and frontends as an admin endpoint. POST
`{"email": "...", "password": "..."}`: the password is updated, a new API key is
returned, and the old key is refused (401) from then on.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mockserver.apis.teamworklive.state import TeamWorkState
from mockserver.core.runtime import ApiRuntime

PATH = "/__admin/teamworklive/password"
MIN_PASSWORD = 8
MAX_PASSWORD = 200


def password_routes(runtime: ApiRuntime) -> list[Route]:
    async def change_password(request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _problem(400, 'the body must be JSON: {"email": ..., "password": ...}')
        email, password = (
            (body.get("email"), body.get("password")) if isinstance(body, dict) else (None, None)
        )
        if not isinstance(email, str) or not isinstance(password, str):
            return _problem(400, "email and password (strings) are required")
        if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            return _problem(
                400, f"the password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters"
            )
        state: TeamWorkState = runtime.state
        user = state.user_by_email(email)
        if user is None:
            return _problem(404, f"no user with the email {email!r}")
        return JSONResponse(
            {"email": user["email"], "api_key": state.rotate_api_key(user, password)}
        )

    return [Route(PATH, change_password, methods=["POST"])]


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)
