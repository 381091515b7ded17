"""Soak: the hostile mix against a fresh mock on 127.0.0.1, for a bounded time.

Three phases of ``--seconds`` each, against one mock process started here:

1. calm: Example creates at ``--concurrency`` with no webhooks (the baseline);
2. storm: four Example webhooks (a dead port, a slow target, two healthy ones) on
   every create, while other clients send the hostile mix: gzip bombs to WRGL,
   60 KB queries (journal growth), logins (refresh-token growth), 60 KB headers;
3. after: creates again, webhooks removed, while the queue drains.

Reported: peak RSS of the mock (VmHWM), create p50/p99 per phase and their ratio
to calm, `/__admin/health` latency during the storm, deliveries per target
(delivered / failed / dropped / blocked, from the mock's log and the receivers'
counts). Ratios, not absolute timings, are what to compare between runs.

    python bench/soak.py [--seconds 10] [--concurrency 16] [--root CHECKOUT] [--webhooks-only]

``--root`` runs the mock of another checkout (e.g. an older commit, for "before"
figures); it must accept ``mock --port --no-rate-limits``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import free_port, wait_until_up  # noqa: E402

DEMO = {"email": "demo@example.com", "password": "demo-password"}


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def gzip_bomb(megabytes: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"a,b\n" * (256 * 1024)
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


@dataclass
class Target:
    """A webhook receiver on 127.0.0.1: answers 200 after ``delay`` seconds."""

    name: str
    delay: float = 0.0
    received: int = 0
    server: asyncio.Server | None = None
    port: int = field(default_factory=free_port)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                self.received += 1
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            writer.close()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.name}"


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    health: list[float] = field(default_factory=list)

    def quantile(self, values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def creates(client: httpx.AsyncClient, phase: Phase, until: float, worker: int) -> None:
    count = 0
    while time.monotonic() < until:
        count += 1
        started = time.perf_counter()
        try:
            response = await client.post(
                "resources", json={"name": f"soak {worker}-{count}", "type": "standard"}
            )
            phase.statuses[response.status_code] += 1
        except httpx.HTTPError as exc:
            phase.statuses[type(exc).__name__] += 1  # type: ignore[index]
            continue
        phase.latencies.append(time.perf_counter() - started)


async def health(origin: str, phase: Phase, until: float) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                await client.get(f"{origin}/__admin/health")
                phase.health.append(time.perf_counter() - started)
            except httpx.HTTPError:
                phase.health.append(30.0)
            await asyncio.sleep(0.1)


async def hostile(origin: str, until: float, tally: Counter[str], bomb: bytes) -> None:
    """The hostile mix beside the storm: bombs, long queries, logins, huge headers."""
    async with httpx.AsyncClient(timeout=60) as client:

        async def send(what: str, method: str, url: str, **kwargs: Any) -> None:
            try:
                response = await client.request(method, url, **kwargs)
                tally[f"{what} {response.status_code}"] += 1
            except httpx.HTTPError as exc:
                tally[f"{what} {type(exc).__name__}"] += 1

        async def bombs() -> None:
            while time.monotonic() < until:
                await send(
                    "110 MiB gzip bomb",
                    "POST",
                    f"{origin}/wrgl/commits",
                    headers={"Authorization": "APIKEY wrgl_demo_key"},
                    data={"repoName": "bomb", "message": "m"},
                    files={"csv.dataFile": ("b.csv.gz", bomb, "application/gzip")},
                )

        async def queries() -> None:
            query = "q=" + "x" * 12_000
            while time.monotonic() < until:
                await send("12 KB query", "GET", f"{origin}/example/v1/resources?{query}")

        async def logins() -> None:
            while time.monotonic() < until:
                await send("login", "POST", f"{origin}/example/v1/auth/login", json=DEMO)

        async def headers() -> None:
            while time.monotonic() < until:
                big = {"X-Big": "y" * 60_000}
                await send("60 KB header", "GET", f"{origin}/__admin/health", headers=big)
                await asyncio.sleep(0.05)

        await asyncio.gather(*(bombs() for _ in range(4)), queries(), logins(), headers())


async def run_phase(
    name: str, origin: str, token: str, seconds: float, concurrency: int, extra: Any = None
) -> Phase:
    phase = Phase(name)
    until = time.monotonic() + seconds
    base = f"{origin}/example/v1/"
    limits = httpx.Limits(max_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=60, limits=limits
    ) as client:
        jobs = [creates(client, phase, until, i) for i in range(concurrency)]
        jobs.append(health(origin, phase, until))
        if extra is not None:
            jobs.append(extra(until))
        await asyncio.gather(*jobs)
    return phase


async def soak(args: argparse.Namespace) -> int:
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    mock = subprocess.Popen(
        [sys.executable, "-m", "understudy", "mock", "--port", str(port), "--no-rate-limits"],
        cwd=args.root,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(args.root)},
    )
    targets = [Target("dead"), Target("slow", delay=3.0), Target("ok1"), Target("ok2")]
    try:
        try:
            wait_until_up(f"{origin}/__admin/health", timeout=180, process=mock)
        except (TimeoutError, RuntimeError):
            print("the mock did not start", file=sys.stderr)
            return 3
        for target in targets[1:]:
            await target.start()
        bomb = gzip_bomb(110)  # over WRGL's 100 MiB bound once inflated
        async with httpx.AsyncClient(base_url=f"{origin}/example/v1/", timeout=30) as client:
            token = (await client.post("auth/login", json=DEMO)).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}

            calm = await run_phase("calm", origin, token, args.seconds, args.concurrency)
            hooks = []
            for target in targets:
                made = await client.post(
                    "webhooks",
                    headers=auth,
                    json={"url": target.url(), "events": ["resource.created"]},
                )
                hooks.append(made.json()["data"]["id"])
            tally: Counter[str] = Counter()
            storm = await run_phase(
                "storm",
                origin,
                token,
                args.seconds,
                args.concurrency,
                None if args.webhooks_only else lambda until: hostile(origin, until, tally, bomb),
            )
            for hook in hooks:
                await client.delete(f"webhooks/{hook}", headers=auth)
            after = await run_phase("after", origin, token, args.seconds, args.concurrency)
            log = await drained_log(client, origin, [t.url() for t in targets[2:]])
        report(calm, storm, after, targets, log, tally, peak_rss_mib(mock.pid))
        return 0
    finally:
        mock.send_signal(signal.SIGINT)
        try:
            mock.wait(timeout=15)
        except subprocess.TimeoutExpired:
            mock.kill()
        for target in targets:
            await target.stop()


async def drained_log(
    client: httpx.AsyncClient, origin: str, healthy: list[str], wait: float = 20.0
) -> dict[str, Any]:
    """The delivery log once nothing to a healthy target is pending (or ``wait`` passed)."""
    deadline = time.monotonic() + wait
    while True:
        log: dict[str, Any] = (await client.get(f"{origin}/__admin/webhooks")).json()
        pending = [d for d in log["deliveries"] if d["url"] in healthy and d["state"] == "pending"]
        if not pending or time.monotonic() > deadline:
            return log
        await asyncio.sleep(0.5)


def report(
    calm: Phase,
    storm: Phase,
    after: Phase,
    targets: list[Target],
    log: dict[str, Any],
    tally: Counter[str],
    rss: float,
) -> None:
    base = calm.quantile(calm.latencies, 0.5)
    print(f"peak RSS of the mock: {rss:.0f} MiB")
    print("creates (POST /example/v1/resources):")
    for phase in (calm, storm, after):
        p50 = phase.quantile(phase.latencies, 0.5)
        p99 = phase.quantile(phase.latencies, 0.99)
        statuses = dict(phase.statuses)
        print(
            f"  {phase.name:6} n={len(phase.latencies):5}  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"
            f"  p50/calm {p50 / base:5.2f}  statuses {statuses}"
        )
    for phase in (calm, storm, after):
        h50, hmax = phase.quantile(phase.health, 0.5), max(phase.health, default=0) * 1000
        print(f"  health during {phase.name:6} p50 {h50:7.1f} ms  max {hmax:7.1f} ms")
    print("deliveries per target (mock's log; receiver count):")
    states: dict[str, Counter[str]] = {t.name: Counter() for t in targets}
    causes: dict[str, Counter[str]] = {t.name: Counter() for t in targets}
    for delivery in log.get("deliveries", []):
        for target in targets:
            if delivery["url"] == target.url():
                states[target.name][delivery["state"]] += 1
                for attempt in delivery["attempts"]:
                    cause = attempt["error"] or str(attempt["status"])
                    causes[target.name][cause.split(":")[0]] += 1
    for target in targets:
        shown = dict(states[target.name]) or "(log rolled over)"
        print(f"  {target.name:5} {shown}  received {target.received}")
        print(f"        attempts: {dict(causes[target.name].most_common(4))}")
    if "targets" in log:
        for lane in log["targets"]:
            print(f"  lane {lane['target']}: {lane['state']} {lane['counts']}")
    print("hostile mix:", dict(sorted(tally.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose mock to run")
    parser.add_argument(
        "--webhooks-only", action="store_true", help="the storm without the rest of the mix"
    )
    args = parser.parse_args()
    if args.seconds <= 0 or args.seconds > 120 or args.concurrency < 1:
        parser.error("--seconds must be in (0, 120] and --concurrency at least 1")
    return asyncio.run(soak(args))


if __name__ == "__main__":
    sys.exit(main())
