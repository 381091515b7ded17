"""The mock's own cost per request, in-process: no socket, no uvicorn, no load tool.

Builds the Example API as `understudy mock --api example` does, logs in as the
Enterprise demo user, warms up, then drives N requests of one case straight into the
ASGI app and prints CPU and wall time per request (CPU time is the steadier figure on
a shared machine). ``--profile`` prints cProfile's top functions instead of timing
cleanly; ``--no-express-lane`` measures the full Connexion stack.

    python -m bench.inprocess item --requests 3000 [--profile [--sort tottime] [--top N]]
        [--no-express-lane]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sys
import time
from typing import Any

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings

Message = dict[str, Any]


async def call(
    app: Any, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, bytes]:
    """One request through the app; its status and body."""
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if body:
        raw.append((b"content-length", str(len(body)).encode()))
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": raw,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent: list[Message] = []
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(sent[0]["status"]), payload


async def started(app: Any) -> None:
    queue: asyncio.Queue[Message] = asyncio.Queue()
    await queue.put({"type": "lifespan.startup"})
    ready = asyncio.Event()

    async def send(message: Message) -> None:
        if message["type"] == "lifespan.startup.complete":
            ready.set()

    asyncio.get_running_loop().create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, queue.get, send)
    )
    await ready.wait()


async def measure(
    case: str,
    requests: int,
    profile: bool,
    express_lane: bool,
    sort: str = "cumulative",
    top: int = 40,
) -> int:
    settings = Settings(express_lane=express_lane, settle_heap=True)  # as `understudy mock`
    app = create_app(definitions(["example"]), settings, standalone=True)
    await started(app)
    login = json.dumps({"email": "enterprise@example.com", "password": "demo-password"})
    json_type = {"content-type": "application/json", "host": "127.0.0.1"}
    _, body = await call(app, "POST", "/v1/auth/login", json_type, login.encode())
    auth = {"authorization": f"Bearer {json.loads(body)['access_token']}", "host": "127.0.0.1"}
    _, body = await call(app, "GET", "/v1/resources", auth)
    item = json.loads(body)["data"][0]["id"]
    new = json.dumps({"name": "Bench resource", "type": "standard"}).encode()
    cases = {
        "list": ("GET", "/v1/resources", auth, b""),
        "item": ("GET", f"/v1/resources/{item}", auth, b""),
        "create": ("POST", "/v1/resources", {**auth, **json_type}, new),
    }
    method, path, headers, payload = cases[case]
    for _ in range(200):
        await call(app, method, path, headers, payload)
    profiler = cProfile.Profile() if profile else None
    statuses: dict[int, int] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(requests):
        status, _ = await call(app, method, path, headers, payload)
        statuses[status] = statuses.get(status, 0) + 1
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{case}: {cpu / requests * 1e6:.0f} us CPU, {wall / requests * 1e6:.0f} us wall "
        f"per request; statuses {statuses}"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats(sort).print_stats(top)
    return 0 if set(statuses) <= set(range(200, 300)) else 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=("list", "item", "create"))
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", choices=("cumulative", "tottime"), default="cumulative")
    parser.add_argument("--top", type=int, default=40, help="functions --profile prints")
    parser.add_argument("--no-express-lane", action="store_true")
    args = parser.parse_args()
    return asyncio.run(
        measure(
            args.case,
            args.requests,
            args.profile,
            not args.no_express_lane,
            args.sort,
            args.top,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
