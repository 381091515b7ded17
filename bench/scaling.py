"""Latency against store size: Example GET item, GET list page 1 and the last page, with
one user owning 10^3 .. 10^6 resources (filled directly by bench/seeded.py).

A case too slow for wrk to complete ``MIN_ANSWERS`` answers in its run (an O(n) list
at 10^6) is timed instead by sequential requests, at most ``SEQUENTIAL`` of them or
``BUDGET`` seconds: its p99 is then the slowest of those few, and the table says so."""

from __future__ import annotations

import math
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.common import Load, stop, wrk
from bench.compare import Launched, Trio, launch

SIZES = (1_000, 10_000, 100_000, 1_000_000)
PER_PAGE = 20
MIN_ANSWERS = 20
SEQUENTIAL = 5
BUDGET = 10.0


@dataclass
class SizeRow:
    """The three cases' figures at one store size (None: the probe was not 2xx)."""

    size: int
    last_page: int
    loads: dict[str, Load | None]
    sequential: set[str] = field(default_factory=set)

    def as_json(self) -> dict[str, Any]:
        return {
            "stored": self.size,
            "last_page": self.last_page,
            **{k: (v.as_json() if v else None) for k, v in self.loads.items()},
            "sequential": sorted(self.sequential),
        }


def sequential(url: str, headers: dict[str, str]) -> Load:
    """A few requests one after another: their rate, median and slowest (ms)."""
    timings: list[float] = []
    failed = 0
    began = time.monotonic()
    while len(timings) < SEQUENTIAL and time.monotonic() - began < BUDGET:
        sent = time.perf_counter()
        answer = httpx.get(url, headers=headers, timeout=120)
        timings.append((time.perf_counter() - sent) * 1000)
        failed += not answer.is_success
    elapsed = time.monotonic() - began
    return Load(
        rps=len(timings) / elapsed,
        p50=statistics.median(timings),
        p99=max(timings),
        requests=len(timings),
        non_2xx=failed,
        socket_errors=0,
    )


def login(origin: str) -> dict[str, str]:
    from bench.seeded import ENTERPRISE_EMAIL

    answer = httpx.post(
        f"{origin}/auth/login",
        json={"email": ENTERPRISE_EMAIL, "password": "demo-password"},
        timeout=60,
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def launch_size(size: int, started: list[subprocess.Popen[Any]]) -> Launched:
    """The Example mock with ``size`` resources of one user, starting (no Prism)."""
    return launch("example", started, ["--resources", str(size)], with_prism=False)


def measure_size(size: int, trio: Trio, seconds: float, connections: int) -> SizeRow:
    """The three cases against a ready mock holding ``size`` resources; it is stopped after."""
    try:
        origin = trio.mock
        auth = login(origin)
        first = httpx.get(
            f"{origin}/resources?per_page={PER_PAGE}", headers=auth, timeout=120
        ).json()
        last = max(1, math.ceil(first["meta"]["total"] / PER_PAGE))
        paths = {
            "GET item": f"/resources/{first['data'][0]['id']}",
            "GET list page 1": f"/resources?per_page={PER_PAGE}&page=1",
            "GET list last page": f"/resources?per_page={PER_PAGE}&page={last}",
        }
        row = SizeRow(size, last, {})
        for name, path in paths.items():
            if not httpx.get(origin + path, headers=auth, timeout=120).is_success:
                row.loads[name] = None
                continue
            load = wrk(origin + path, seconds, connections, auth)
            if load.requests < MIN_ANSWERS:
                load = sequential(origin + path, auth)
                row.sequential.add(name)
            row.loads[name] = load
        return row
    finally:
        stop(trio.processes)
