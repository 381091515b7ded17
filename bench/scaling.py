"""Latency against store size: Example GET item, GET list page 1 and the last page, with
one user owning 10^3 .. 10^6 resources (filled directly by bench/seeded.py)."""

from __future__ import annotations

import math
import subprocess
from dataclasses import dataclass
from typing import Any

import httpx

from bench.common import Load, stop, wrk
from bench.compare import Launched, Trio, launch

SIZES = (1_000, 10_000, 100_000, 1_000_000)
PER_PAGE = 20


@dataclass
class SizeRow:
    """The three cases' figures at one store size (None: the probe was not 2xx)."""

    size: int
    last_page: int
    loads: dict[str, Load | None]

    def as_json(self) -> dict[str, Any]:
        return {
            "stored": self.size,
            "last_page": self.last_page,
            **{k: (v.as_json() if v else None) for k, v in self.loads.items()},
        }


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
        loads: dict[str, Load | None] = {}
        for name, path in paths.items():
            status = httpx.get(origin + path, headers=auth, timeout=120).status_code
            ok = 200 <= status < 300
            loads[name] = wrk(origin + path, seconds, connections, auth) if ok else None
        return SizeRow(size, last, loads)
    finally:
        stop(trio.processes)
