"""`/__admin/tweetworks/...`: what the seed leaves to a private group's administrator.

The seed says a private group's administrator confirms memberships but documents no
method for it, so the mock offers it to tests and frontends as an admin endpoint.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mockserver.apis.tweetworks.state import MEMBER, PENDING, TweetworksState
from mockserver.core.runtime import ApiRuntime

PREFIX = "/__admin/tweetworks/memberships"


def membership_routes(runtime: ApiRuntime) -> list[Route]:
    """List pending memberships; confirm one (group and user by id or name)."""

    def state() -> TweetworksState:
        return runtime.state  # type: ignore[no-any-return]

    async def pending(_: Request) -> JSONResponse:
        current = state()
        rows = []
        for membership in current.memberships.values():
            if membership["status"] != PENDING:
                continue
            group = current.groups.get(membership["group_id"])
            user = current.users.get(membership["user_id"])
            if group is not None and user is not None:
                rows.append(
                    {"group": group["name"], "user": user["username"], "membership": PENDING}
                )
        return JSONResponse({"memberships": rows})

    async def confirm(request: Request) -> JSONResponse:
        current = state()
        group = current.group_by_ref(request.path_params["group"])
        user = current.user_by_ref(request.path_params["user"])
        if group is None or user is None:
            return JSONResponse({"message": "no such group or user"}, status_code=404)
        if current.membership(group["id"], user["id"]) is None:
            return JSONResponse(
                {"message": f"{user['username']} has not asked to join {group['name']}"},
                status_code=404,
            )
        current.set_membership(group["id"], user["id"], MEMBER)
        return JSONResponse(
            {"group": group["name"], "user": user["username"], "membership": MEMBER}
        )

    return [
        Route(f"{PREFIX}/pending", pending, methods=["GET"]),
        Route(f"{PREFIX}/{{group}}/{{user}}/confirm", confirm, methods=["POST"]),
    ]
