"""One mock API served by this process with its store filled directly, for sizes that
seeding over HTTP cannot reach in a bench's time.

The app is built exactly as ``understudy mock`` builds it (its own parser, settings and
``create_app``), the store is filled with cheap valid records, then uvicorn serves it:

    python -m bench.seeded --resources 1000000 -- --api example --port 8123
    python -m bench.seeded --tw-rows 100000 -- --api tw --port 8123 --no-rate-limits

``--resources N``: the Example Enterprise demo user owns N resources (the seed's own
count included). ``--tw-rows N``: the TW Enterprise demo account has a dataset named
``bench_rows`` (bench/tw_rows.py's columns) holding N rows.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.serve import register, serve_app, settings_from_args

ENTERPRISE_EMAIL = "enterprise@example.com"
TW_DATASET = "bench_rows"
CREATED_AT = "2025-01-01T00:00:00Z"


def mock_arguments(argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed by the ``understudy mock`` parser itself."""
    parser = argparse.ArgumentParser(prog="bench.seeded")
    register(parser.add_subparsers())
    return parser.parse_args(["mock", *argv])


def fill_resources(runtime: Any, total: int) -> None:
    """Resources owned by the Enterprise demo user, up to ``total``; ids and timestamps
    distinct and valid against the contract."""
    state = runtime.state
    owner = state.user_by_email(ENTERPRISE_EMAIL)["id"]
    owned = sum(1 for r in state.resources.values() if r["_owner"] == owner)
    for number in range(total - owned):
        created = f"2025-01-01T{number // 3600 % 24:02d}:{number // 60 % 60:02d}:{number % 60:02d}Z"
        record = {
            "id": f"res_bench{number:09d}",
            "name": f"Bench resource {number}",
            "description": None,
            "type": "standard",
            "status": "active",
            "metadata": {},
            "created_at": created,
            "updated_at": created,
            "_owner": owner,
        }
        state.put_resource(record)  # the store and its listing index


def fill_tw_rows(app: Any, total: int) -> None:
    """The ``bench_rows`` dataset made through the app (in-process, no socket), then
    filled through the row engine, as bench/tw_rows.py does beyond its HTTP phase."""
    from starlette.testclient import TestClient

    from bench.tw_rows import COLUMNS, KEY, top_up

    client = TestClient(app, headers={"Authorization": f"Bearer {KEY}"})
    made = client.post("/v1/datasets", json={"name": TW_DATASET, "schema": {"columns": COLUMNS}})
    made.raise_for_status()
    top_up(app.runtimes[0], made.json()["id"], 1, total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=0)
    parser.add_argument("--tw-rows", type=int, default=0)
    parser.add_argument("mock", nargs=argparse.REMAINDER, help="-- then `understudy mock` flags")
    args = parser.parse_args()
    argv = args.mock[1:] if args.mock[:1] == ["--"] else args.mock
    mock = mock_arguments(argv)
    if not mock.api or mock.host != "127.0.0.1":
        parser.error("give --api and keep the mock on 127.0.0.1")
    settings = settings_from_args(mock)
    app = create_app(definitions([mock.api]), settings, standalone=True)
    if args.resources:
        fill_resources(app.runtimes[0], args.resources)  # type: ignore[attr-defined]
    if args.tw_rows:
        fill_tw_rows(app, args.tw_rows)
    serve_app(app, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
