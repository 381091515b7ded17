"""Requests per second one Understudy load process sustains, against the mock and a
bare server, with wrk's figure on the same server in the same run as the ceiling.

Starts the Example API alone (its Enterprise limit raised out of the way) and the bare
Starlette baseline (bench/baseline.py), each pinned to core 0 when taskset exists, and
drives each, pinned to core 1, on 127.0.0.1 only, for a few seconds per measurement:
the Example suite as `understudy load` runs it (FastHttpUser), the same request on
HttpUser (bench/http_load.py, requests), and wrk. Prints req/s, the ratio to wrk, and how
many worker processes the documented TW Pro burst and Example Enterprise rate need.

    python -m bench.load_rate [--seconds 3] [--users 32]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

import contract
from bench.baseline import recorded
from bench.common import ROOT, free_port, pinned, wait_until_up, wrk

SUITE = ROOT / "loadtests" / "suites" / "example.py"
HTTP = ROOT / "bench" / "http_load.py"
OUT_OF_THE_WAY = "1000000000/60s"


def locust_rate(locustfile: Path, url: str, auth: str, seconds: int, users: int) -> float:
    """Responses per second the load process observed (from its own verdict JSON)."""
    with tempfile.TemporaryDirectory() as scratch:
        verdict = Path(scratch) / "v.json"
        command = pinned(
            1,
            [
                sys.executable, "-m", "locust", "-f", str(locustfile), "--headless",
                "--only-summary", "--loglevel", "ERROR", "-u", str(users), "-r", str(users),
                "-t", f"{seconds}s", "-H", url, "--plan", "enterprise", "--limit",
                OUT_OF_THE_WAY, "--auth-header", auth, "--offered-rate", "1000000",
                "--report-json", str(verdict),
            ],
        )  # fmt: skip
        subprocess.run(command, capture_output=True, cwd=ROOT, check=False, timeout=60)
        data = json.loads(verdict.read_text())
    return float(data["responses"]) / seconds


def workers_needed(rate: float, per_process: float) -> int:
    return max(1, math.ceil(rate / per_process))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--users", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    mock_port, bare_port = free_port(), free_port()
    mock = subprocess.Popen(
        pinned(
            0,
            [
                sys.executable, "-m", "understudy", "mock", "--api", "example", "--port",
                str(mock_port), "--rate-limit", f"example.enterprise={OUT_OF_THE_WAY}",
            ],
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    processes = [mock]
    try:
        origin = f"http://127.0.0.1:{mock_port}"
        wait_until_up(f"{origin}/__admin/health")
        token = httpx.post(
            f"{origin}/v1/auth/login",
            json={"email": "enterprise@example.com", "password": "demo-password"},
        ).json()["access_token"]
        auth = f"Bearer {token}"
        listing = httpx.get(f"{origin}/v1/resources?per_page=1", headers={"Authorization": auth})
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as routes:
            json.dump([recorded("GET", "/v1/resources", listing)], routes)
        bare = subprocess.Popen(
            pinned(0, [sys.executable, str(ROOT / "bench" / "baseline.py"), routes.name,
                       str(bare_port)]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(bare)
        bare_origin = f"http://127.0.0.1:{bare_port}"
        wait_until_up(f"{bare_origin}/v1/resources")
        rows = {}
        for name, server in (("mock", origin), ("bare", bare_origin)):
            url = f"{server}/v1"
            ceiling = wrk(f"{url}/resources?per_page=1", args.seconds, args.users,
                          {"Authorization": auth}).rps  # fmt: skip
            rows[name] = {
                "wrk": ceiling,
                "FastHttpUser": locust_rate(SUITE, url, auth, args.seconds, args.users),
                "HttpUser": locust_rate(HTTP, url, auth, args.seconds, args.users),
            }
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    header = ("server", "wrk req/s", "HttpUser", "ratio", "FastHttp", "ratio")
    print("{:6} {:>10} {:>10} {:>6} {:>10} {:>6}".format(*header))
    for name, row in rows.items():
        print(
            f"{name:6} {row['wrk']:10.0f} {row['HttpUser']:10.0f} "
            f"{row['HttpUser'] / row['wrk']:6.2f} {row['FastHttpUser']:10.0f} "
            f"{row['FastHttpUser'] / row['wrk']:6.2f}"
        )
    per_process = rows["bare"]["HttpUser"]
    fast = rows["bare"]["FastHttpUser"]
    pro = contract.limits("tw").plan("pro")
    enterprise = contract.limits("example").plan("enterprise")
    assert pro is not None and enterprise is not None
    # Above the limit: the suites offer 3x the documented rate by default.
    for label, rate in (
        (f"TW Pro burst ({pro.capacity} at once, then {pro.rate:g}/s x3)", 3 * pro.rate),
        (f"Example Enterprise ({enterprise}) x3", 3 * enterprise.rate),
    ):
        print(
            f"{label}: {rate:.0f} req/s offered -> {workers_needed(rate, per_process)} "
            f"HttpUser process(es), {workers_needed(rate, fast)} FastHttpUser"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
