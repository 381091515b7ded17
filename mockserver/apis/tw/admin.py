"""TW's own admin and discovery routes.

- `/__admin/tw/keys/{key}/rate-limit`: the Enterprise plan's "Custom" limits. `PUT
  {"limit": "50/1s+100"}` gives one API key its own limit (in the grammar of the
  contract's `x-rate-limits`), `GET` shows the limit in force (custom or the plan's),
  `DELETE` returns the key to its plan. A key with a limit in force gets the rate-limit
  headers. `POST /__admin/reset` restores the limits `--key-rate-limit` configured.
- `/openapi.json` and `/playground` on the API's own host, as the document promises
  (`https://api.twhelpcenter.com/openapi.json`, `/playground`): only when TW is served
  alone at its real base path, since all-in-one the host root belongs to every API.
  The playground is the Swagger UI Connexion serves at `<base>/ui/`.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

import contract
from mockserver.core.ratelimit import RateLimit, parse_rate_limit
from mockserver.core.runtime import ApiRuntime

KEY_LIMIT_PATH = "/__admin/tw/keys/{key}/rate-limit"


def admin_routes(runtime: ApiRuntime) -> list[Route]:
    """The key-limit routes, plus discovery at the host root when TW is served alone."""
    routes = [Route(KEY_LIMIT_PATH, _key_limit_endpoint(runtime), methods=["GET", "PUT", "DELETE"])]
    if runtime.mount_path == runtime.definition.base_path.rstrip("/"):
        routes += discovery_routes(runtime)
    return routes


def _key_limit_endpoint(runtime: ApiRuntime) -> Any:
    async def key_limit(request: Request) -> JSONResponse:
        key = request.path_params["key"]
        account = runtime.state.accounts.get(key)
        if account is None:
            return _problem(404, f"no TW API key {key!r}")
        if request.method == "PUT":
            limit = _limit_from(await request.body())
            if isinstance(limit, str):
                return _problem(400, limit)
            runtime.key_limits[key] = limit
        elif request.method == "DELETE":
            runtime.key_limits.pop(key, None)
        return JSONResponse(_view(runtime, key, account.plan))

    return key_limit


def _limit_from(raw: bytes) -> RateLimit | str:
    """The limit a PUT body asks for, or why it cannot be read."""
    usage = 'the body must be JSON {"limit": "COUNT/PERIOD[+BURST]"}, e.g. {"limit": "50/1s+100"}'
    try:
        body = json.loads(raw)
    except ValueError:
        return usage
    if not isinstance(body, dict) or not isinstance(body.get("limit"), str):
        return usage
    try:
        return parse_rate_limit(body["limit"])
    except ValueError as exc:
        return str(exc)


def _view(runtime: ApiRuntime, key: str, plan: str) -> dict[str, Any]:
    custom = runtime.key_limits.get(key)
    policy = runtime.definition.rate_limits
    documented = policy.plans.get(plan) if policy is not None else None
    in_force = custom or runtime.settings.rate_limit(runtime.name, plan, documented)
    return {
        "key": key,
        "plan": plan,
        "custom": custom is not None,
        "limit": str(in_force) if in_force is not None else None,
    }


def discovery_routes(runtime: ApiRuntime) -> list[Route]:
    """`/openapi.json` (the contract, servers pointing at this host) and `/playground`."""
    mount = runtime.mount_path

    async def openapi(_: Request) -> Response:
        spec = contract.load_file(runtime.settings.spec_dir / runtime.definition.spec_file)
        document = {**spec, "servers": [{"url": mount or "/"}]}
        return Response(json.dumps(document, default=str), media_type="application/json")

    async def playground(_: Request) -> Response:
        return RedirectResponse(f"{mount}/ui/", status_code=307)

    return [
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/playground", playground, methods=["GET"]),
    ]


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)
