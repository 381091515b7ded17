"""The generic mode's own cost per request (`understudy mock --spec`), in-process.

Builds the app as `understudy mock --spec FILE` does (standalone, at the spec's base
path), warms up, then drives N requests of one case straight into the ASGI app, three
rounds, and prints the median CPU and wall time per request (CPU time is the steadier
figure on a shared machine). ``--profile`` prints cProfile's top functions instead.

    python -m bench.inprocess_generic create [--spec FILE] [--requests 3000] [--profile]

The cases are those of bench/generic.py on petstore-expanded: GET item, POST create.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

from bench.common import ROOT
from bench.inprocess import call, started
from mockserver.app import create_app
from mockserver.generic import generic_definition
from mockserver.settings import Settings

SPEC = ROOT / "tests" / "data" / "openapi" / "petstore-expanded.yaml"
ROUNDS = 3


async def measure(spec: Path, case: str, requests: int, profile: bool) -> int:
    definition = generic_definition(spec)
    app = create_app([definition], Settings(), standalone=True)
    await started(app)
    base = definition.base_path.rstrip("/")
    headers = {"host": "127.0.0.1"}
    json_type = {**headers, "content-type": "application/json"}
    new = json.dumps({"name": "Rex", "tag": "dog"}).encode()
    cases = {
        "item": ("GET", f"{base}/pets/1", headers, b""),
        "create": ("POST", f"{base}/pets", json_type, new),
        "list": ("GET", f"{base}/pets?limit=10", headers, b""),
    }
    method, path, sent, payload = cases[case]
    for _ in range(300):
        await call(app, method, path, sent, payload)
    statuses: dict[int, int] = {}
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            status, _ = await call(app, method, path, sent, payload)
            statuses[status] = statuses.get(status, 0) + 1
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    else:
        cpus, walls = [], []
        for _ in range(ROUNDS):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(requests):
                status, _ = await call(app, method, path, sent, payload)
                statuses[status] = statuses.get(status, 0) + 1
            walls.append((time.perf_counter() - wall) / requests * 1e6)
            cpus.append((time.process_time() - cpu) / requests * 1e6)
        print(
            f"{case}: {statistics.median(cpus):.0f} us CPU (rounds "
            f"{', '.join(f'{c:.0f}' for c in cpus)}), {statistics.median(walls):.0f} us wall "
            f"per request; statuses {statuses}"
        )
    return 0 if set(statuses) <= set(range(200, 300)) else 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=("item", "create", "list"))
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    return asyncio.run(measure(args.spec, args.case, args.requests, args.profile))


if __name__ == "__main__":
    sys.exit(main())
