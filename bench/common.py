"""What every bench script shares: ports, pinning, waiting for a server, wrk and its output.

Servers go on core 0 and the load generator on core 1 (``taskset``, when it exists),
everything on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SERVER_CORE = 0
LOAD_CORE = 1
LOGS = Path(tempfile.gettempdir()) / f"understudy-bench-{os.getpid()}"
"""Each started server's stderr, one file per server (kept for a post-mortem)."""
_log_of: dict[int, Path] = {}


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned(core: int, command: Sequence[str]) -> list[str]:
    """``command`` run on one core (unchanged where taskset is missing)."""
    return (["taskset", "-c", str(core)] if shutil.which("taskset") else []) + list(command)


def wait_until_up(
    url: str,
    timeout: float = 60,
    headers: Mapping[str, str] | None = None,
    process: subprocess.Popen[Any] | None = None,
) -> None:
    """Return once ``url`` answers at all (any status); TimeoutError after ``timeout``,
    RuntimeError at once if ``process`` exited meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            log = _log_of.get(process.pid)
            raise RuntimeError(
                f"the server for {url} exited ({process.returncode})"
                + (f"; its stderr: {log}" if log else "")
            )
        try:
            httpx.get(url, timeout=1, headers=dict(headers or {}))
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError(url)


@contextmanager
def servers() -> Iterator[list[subprocess.Popen[Any]]]:
    """A list to append started servers to; each is stopped on exit."""
    started: list[subprocess.Popen[Any]] = []
    try:
        yield started
    finally:
        stop(started)


def start_server(
    started: list[subprocess.Popen[Any]], command: Sequence[str], pin: bool = True
) -> subprocess.Popen[Any]:
    """``command`` started (on the server core unless ``pin`` is false: then it starts
    on any core, to be :func:`pin_to_server_core`-ed once up) and added to ``started``."""
    LOGS.mkdir(exist_ok=True)
    log = LOGS / f"{len(_log_of) + 1}-{Path(command[0]).name}.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            pinned(SERVER_CORE, command) if pin else list(command),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    _log_of[process.pid] = log
    started.append(process)
    return process


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (Prism's CLI forks its server, for one)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += descendants(int(child))
    return found


def pin_to_server_core(process: subprocess.Popen[Any]) -> None:
    """Every thread of a running server and of its children moved to the server core
    (no-op without taskset)."""
    if not shutil.which("taskset"):
        return
    for pid in descendants(process.pid):
        subprocess.run(
            ["taskset", "-a", "-p", "-c", str(SERVER_CORE), str(pid)],
            check=False,
            capture_output=True,
        )


def stop(processes: Sequence[subprocess.Popen[Any]]) -> None:
    """Terminate, then kill what did not exit within 10 s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def python(*arguments: str) -> list[str]:
    """This interpreter with ``arguments`` (``-m module ...`` or a script)."""
    return [sys.executable, *arguments]


@dataclass(frozen=True)
class Load:
    """One wrk run: throughput, latency quantiles (ms) and what went wrong."""

    rps: float
    p50: float
    p99: float
    requests: int
    non_2xx: int
    socket_errors: int

    @property
    def failed(self) -> int:
        """Answers that do not count as fast ones: non-2xx/3xx plus socket errors."""
        return self.non_2xx + self.socket_errors

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _milliseconds(value: str, unit: str) -> float:
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}
    return float(value) * scale[unit]


def parse_wrk(output: str) -> Load:
    """wrk's ``--latency`` report as a :class:`Load`; ValueError when it is not one."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in ", output)
    if rps is None or total is None:
        raise ValueError(f"not a wrk report: {output[:200]!r}")

    def quantile(label: str) -> float:
        match = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return _milliseconds(*match.groups()) if match else math.nan

    answered = int(total.group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Load(
        rps=float(rps.group(1)),
        p50=quantile("50%") if answered else math.nan,
        p99=quantile("99%") if answered else math.nan,
        requests=answered,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def lua_script(method: str, headers: Mapping[str, str], body: str | None) -> str:
    """The wrk script sending one fixed request (JSON string escapes are valid Lua)."""
    lines = [f"wrk.method = {json.dumps(method)}"]
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    return "\n".join(lines) + "\n"


def wrk(
    url: str,
    seconds: float,
    connections: int,
    headers: Mapping[str, str],
    body: str | None = None,
    method: str | None = None,
) -> Load:
    """Drive ``url`` with wrk (one thread, pinned to the load core) for ``seconds``."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"bench traffic goes to 127.0.0.1 only, not {url}")
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "request.lua"
        verb = method or ("POST" if body is not None else "GET")
        script.write_text(lua_script(verb, headers, body))
        command = pinned(
            LOAD_CORE,
            [
                "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                "--timeout", "10s", "--latency", "-s", str(script), url,
            ],
        )  # fmt: skip
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=seconds + 30
        )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {done.stderr.strip() or done.stdout[:200]}")
    return parse_wrk(done.stdout)


def ratio(ours: float, theirs: float) -> float:
    return ours / theirs if theirs else math.nan
