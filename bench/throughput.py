"""Throughput of the mock against a bare Starlette baseline, in the same run.

Starts the Example API alone (auth and rate limits on, the limit set high) and a
bare Starlette app serving the same payloads, each pinned to core 0 when taskset
exists, and drives both with wrk (pinned to core 1) on 127.0.0.1 only: GET list,
GET item, POST create. Prints req/s, p50, p99 and the mock/baseline ratio.

    python bench/throughput.py [--duration 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned(core: int, command: list[str]) -> list[str]:
    return (["taskset", "-c", str(core)] if shutil.which("taskset") else []) + command


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError(url)


def wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], body: str | None = None
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
        for name, value in headers.items():
            script.write(f'wrk.headers["{name}"] = "{value}"\n')
    command = pinned(
        1, ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, url]
    )
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": _latency(output, "50%"),
        "p99": _latency(output, "99%"),
        "errors": float(non_2xx.group(1)) if non_2xx else 0.0,
    }


def _latency(output: str, quantile: str) -> float:
    match = re.search(rf"{re.escape(quantile)}\s+([\d.]+)(us|ms|s)", output)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    mock_port, base_port = free_port(), free_port()
    mock = subprocess.Popen(
        pinned(
            0,
            [
                sys.executable,
                "-m",
                "understudy",
                "mock",
                "--api",
                "example",
                "--port",
                str(mock_port),
                "--rate-limit",
                "example.enterprise=1000000000/60s",
            ],
        ),
        stdout=subprocess.DEVNULL,
    )
    processes = [mock]
    try:
        origin = f"http://127.0.0.1:{mock_port}"
        wait_until_up(f"{origin}/__admin/health")
        token = httpx.post(
            f"{origin}/v1/auth/login",
            json={"email": "enterprise@example.com", "password": "demo-password"},
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        listing = httpx.get(f"{origin}/v1/resources", headers=auth)
        item_id = listing.json()["data"][0]["id"]
        new = json.dumps({"name": "Bench resource", "type": "standard"})
        payloads = {
            "list": listing.text,
            "item": httpx.get(f"{origin}/v1/resources/{item_id}", headers=auth).text,
            "created": json.dumps({"data": listing.json()["data"][0]}),
        }
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as recorded:
            json.dump(payloads, recorded)
        baseline = subprocess.Popen(
            pinned(
                0,
                [
                    sys.executable,
                    str(ROOT / "bench" / "baseline.py"),
                    recorded.name,
                    str(base_port),
                ],
            )
        )
        processes.append(baseline)
        base_origin = f"http://127.0.0.1:{base_port}"
        wait_until_up(f"{base_origin}/v1/resources")
        headers = {**auth, "Content-Type": "application/json"}
        cases = [
            ("GET list", "/v1/resources", None),
            ("GET item", f"/v1/resources/{item_id}", None),
            ("POST create", "/v1/resources", new),
        ]
        print(f"wrk -t1 -c{args.connections} -d{args.duration}s, servers pinned to core 0\n")
        print(f"{'case':<12} {'server':<9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  ratio")
        for name, path, body in cases:
            base = wrk(base_origin + path, args.duration, args.connections, headers, body)
            ours = wrk(origin + path, args.duration, args.connections, headers, body)
            for label, result in (("baseline", base), ("mock", ours)):
                ratio = f"{ours['rps'] / base['rps']:.2f}" if label == "mock" else ""
                errors = f"  ({int(result['errors'])} non-2xx!)" if result["errors"] else ""
                print(
                    f"{name:<12} {label:<9} {result['rps']:>9.0f} {result['p50']:>8.2f} "
                    f"{result['p99']:>8.2f}  {ratio}{errors}"
                )
        os.unlink(recorded.name)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
