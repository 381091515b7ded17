"""TW row engine at scale: 100,000 rows inserted over HTTP in batches, then queries over
1,000,000 rows in one dataset, over HTTP on 127.0.0.1.

The TW mock runs in this process (uvicorn in a thread, rate limits off, responses not
validated, as `understudy mock` serves by default). The first 100,000 rows go through
HTTP in batches of 10,000 (the spec's bound); the time per batch must stay flat as the
table grows (no quadratic work). The rest, up to ``--rows``, is loaded through the same
row engine directly (HTTP would only add JSON and schema validation per request,
measured in the first phase), then each query shape is sent ``--repeat`` times over
HTTP and its median and worst latency printed.

    python bench/tw_rows.py [--rows 1000000] [--http-rows 100000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import free_port  # noqa: E402
from mockserver.apis import definitions  # noqa: E402
from mockserver.app import create_app  # noqa: E402
from mockserver.settings import Settings  # noqa: E402

KEY = "tw_enterprise_demo"
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 10_000
COLUMNS = [
    {"name": "id", "type": "integer", "primaryKey": True},
    {"name": "email", "type": "string", "unique": True},
    {"name": "name", "type": "string"},
    {"name": "score", "type": "number"},
    {"name": "created_at", "type": "timestamp"},
]


def row(i: int) -> dict[str, Any]:
    """Deterministic rows: ids in order, 1,000 distinct names, timestamps spread over 2024."""
    moment = EPOCH + timedelta(days=(i * 7919) % 366, seconds=(i * 104_729) % 86_400)
    return {
        "id": i,
        "email": f"user{i}@example.com",
        "name": f"name{i % 1000}",
        "score": (i * 37) % 10_000 / 100,
        "created_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


class Server:
    def __init__(self) -> None:
        settings = replace(Settings(), rate_limits_enabled=False)
        self.app = create_app(definitions(["tw"]), settings, standalone=True)
        self.port = free_port()
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    @property
    def runtime(self) -> Any:
        return self.app.runtimes[0]  # type: ignore[attr-defined]


def insert_over_http(client: httpx.Client, path: str, total: int) -> list[float]:
    seconds = []
    for start in range(1, total + 1, BATCH):
        rows = [row(i) for i in range(start, min(start + BATCH, total + 1))]
        began = time.perf_counter()
        response = client.post(f"{path}/rows", json={"rows": rows})
        seconds.append(time.perf_counter() - began)
        response.raise_for_status()
    return seconds


def top_up(runtime: Any, dataset_id: str, first: int, total: int) -> float:
    """Rows ``first..total`` inserted through the row engine directly; the seconds taken."""
    table = runtime.state.accounts[KEY].tables[dataset_id]
    began = time.perf_counter()
    for start in range(first, total + 1, BATCH):
        table.insert([row(i) for i in range(start, min(start + BATCH, total + 1))])
    return time.perf_counter() - began


QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("eq on the primary key", {"where": {"id": 777_777}}),
    ("eq on a unique column", {"where": {"email": "user424242@example.com"}}),
    ("eq on a plain column, 100 rows", {"where": {"name": "name42"}, "limit": 100}),
    (
        "documented: gte timestamp, orderBy desc, 100",
        {
            "select": ["id", "email", "name"],
            "where": {"created_at": {"gte": "2024-06-01"}},
            "orderBy": {"created_at": "desc"},
            "limit": 100,
        },
    ),
    ("narrow range on a number", {"where": {"score": {"gte": 50, "lt": 50.02}}, "limit": 1000}),
    ("wide range, insertion order, 100", {"where": {"score": {"gt": 10}}, "limit": 100}),
    ("in: 100 ids", {"where": {"id": {"in": list(range(5000, 500_000, 4950))}}}),
    (
        "eq + range, orderBy other column",
        {
            "where": {"name": "name7", "created_at": {"lt": "2024-03-01"}},
            "orderBy": [{"score": "desc"}],
            "limit": 50,
        },
    ),
]


def time_query(client: httpx.Client, path: str, body: dict[str, Any], repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.post(f"{path}/rows/query", json=body)
        seconds.append(time.perf_counter() - began)
        response.raise_for_status()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--http-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with (
        Server() as server,
        httpx.Client(
            base_url=f"http://127.0.0.1:{server.port}/v1/",
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=120,
        ) as client,
    ):
        made = client.post("datasets", json={"name": "bench_rows", "schema": {"columns": COLUMNS}})
        made.raise_for_status()
        dataset_id = made.json()["id"]
        path = f"datasets/{dataset_id}"

        batches = insert_over_http(client, path, args.http_rows)
        print(
            f"insert over HTTP: {args.http_rows:,} rows in {len(batches)} batches of "
            f"{BATCH:,}: {sum(batches):.2f}s ({args.http_rows / sum(batches):,.0f} rows/s)"
        )
        print("  seconds per batch: " + " ".join(f"{s:.2f}" for s in batches))
        half = len(batches) // 2
        if half:
            ratio = statistics.mean(batches[half:]) / statistics.mean(batches[:half])
            print(f"  later batches / earlier batches: {ratio:.2f} (1.0 = linear)")

        if args.rows > args.http_rows:
            seconds = top_up(server.runtime, dataset_id, args.http_rows + 1, args.rows)
            added = args.rows - args.http_rows
            print(
                f"engine insert: {added:,} more rows in {seconds:.1f}s "
                f"({added / seconds:,.0f} rows/s)"
            )
        count = client.get(path).json()["row_count"]
        print(f"\nqueries over {count:,} rows, {args.repeat} times each, over HTTP:")
        for label, body in QUERIES:
            timings = time_query(client, path, body, args.repeat)
            found = len(client.post(f"{path}/rows/query", json=body).json()["data"])
            print(
                f"  {label:<46} median {statistics.median(timings) * 1000:7.1f} ms"
                f"  max {max(timings) * 1000:7.1f} ms  ({found} rows)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
