"""`understudy load`: runs an API's Locust suite headless in its own process, on one
machine (``--processes N`` local workers) or split over machines (``--master`` here,
``--worker --master-host H`` on each other host), and exits with the verdict's code."""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from loadtests import suites
from loadtests.exitcodes import HELP, ExitCode
from loadtests.limits import Documented, LimitError, documented
from loadtests.target import demo_refusal

LOCUST_PORT = 5557
"""Locust's default master port (what a worker connects to unless told otherwise)."""
VERDICT_CODES = {
    "LIMIT HOLDS": ExitCode.HOLDS,
    "LIMIT VIOLATED": ExitCode.VIOLATED,
    "TOOL FAILURE": ExitCode.TOOL_FAILURE,
}
TOKEN_BUCKET_SECONDS = 25.0
"""Default run of a token-bucket suite: refill, burst, 20 s sustained, recovery."""


class UsageError(Exception):
    """A bad command line: one line on stderr, exit code 2."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "load",
        help="drive a server at and above an API's rate limit",
        description="Headless Locust run; exit 0 only if the limit holds as documented. "
        "Distributed: `--processes N` (local workers), or `--master --expect-workers N` "
        "on one host and `--worker --master-host HOST` on each other host.",
        epilog=f"exit codes: {HELP}",
    )
    parser.add_argument(
        "--api", required=True, choices=suites.names(), help="the API whose limits to check"
    )
    parser.add_argument("--url", default="", help="the API's base URL (not on a --worker)")
    parser.add_argument("--plan", default="", help="plan to check (default: the contract's)")
    parser.add_argument(
        "--limit",
        default="",
        help="check this limit instead of the documented one, in the contract's grammar "
        "COUNT/PERIOD[+BURST] (e.g. 20/5s, 6000/1h, 4/1s+8), for a server configured lower",
    )
    parser.add_argument(
        "--credentials",
        default="",
        help="USER:PASSWORD of the plan's account (TW: its API key); required, or "
        "--auth-header, unless the URL is the local Understudy mock (demo credentials)",
    )
    parser.add_argument("--auth-header", default="", help="a full Authorization header value")
    parser.add_argument(
        "--duration",
        type=float,
        default=0,
        help="seconds (default: long enough to see two windows and recovery)",
    )
    parser.add_argument("--users", type=int, default=4, help="virtual users over all workers")
    parser.add_argument(
        "--factor", type=float, default=3.0, help="offer this multiple of the documented rate"
    )
    parser.add_argument("--html", type=Path, help="write the HTML report here")
    parser.add_argument(
        "--csv", dest="csv_prefix", help="write PREFIX_windows.csv and PREFIX_seconds.csv"
    )
    parser.add_argument("--json", dest="json_path", type=Path, help="write the verdict as JSON")
    distributed = parser.add_argument_group("distributed (Locust's master/worker mode)")
    distributed.add_argument(
        "--processes", type=int, default=None, help="run N local worker processes"
    )
    distributed.add_argument(
        "--master", action="store_true", help="judge here; workers on other hosts drive load"
    )
    distributed.add_argument(
        "--expect-workers", type=int, default=1, help="master: start once N workers joined"
    )
    distributed.add_argument(
        "--worker-wait",
        type=float,
        default=60.0,
        help="master: seconds to wait for them before failing (exit 4)",
    )
    distributed.add_argument(
        "--master-bind-port", type=int, default=LOCUST_PORT, help="master: port to listen on"
    )
    distributed.add_argument(
        "--worker", action="store_true", help="drive load for the master at --master-host"
    )
    distributed.add_argument("--master-host", default="127.0.0.1", help="worker: the master")
    distributed.add_argument(
        "--master-port", type=int, default=LOCUST_PORT, help="worker: the master's port"
    )
    distributed.add_argument(
        "--master-wait",
        type=float,
        default=30.0,
        help="worker: seconds to wait for the master before failing (exit 4)",
    )
    parser.add_argument(
        "locust_args",
        nargs=argparse.REMAINDER,
        help="after --, arguments passed to locust as they are",
    )
    parser.set_defaults(run=run_load)


def default_duration(limit: Documented) -> float:
    """Long enough for two full windows plus recovery (a bucket: its scripted phases)."""
    if limit.token_bucket:
        refill = limit.limit.capacity / limit.limit.rate
        return max(TOKEN_BUCKET_SECONDS, math.ceil(refill) + 10)
    return math.ceil(limit.limit.period * 2.5) + 2


def validate(args: argparse.Namespace) -> Documented:
    """The limit to check; UsageError for a command line that cannot run."""
    if args.processes is not None and args.processes < 1:
        raise UsageError(f"--processes must be at least 1 (got {args.processes})")
    if args.master and args.worker:
        raise UsageError("--master and --worker exclude each other")
    if args.master and args.processes:
        raise UsageError("--master runs no workers itself: drop --processes (or --master)")
    if args.master and args.expect_workers < 1:
        raise UsageError(f"--expect-workers must be at least 1 (got {args.expect_workers})")
    if not args.worker and not args.url:
        raise UsageError("--url is required (except on a --worker)")
    if args.users < 1:
        raise UsageError(f"--users must be at least 1 (got {args.users})")
    try:
        return documented(args.api, args.plan, args.limit)
    except LimitError as exc:
        raise UsageError(str(exc)) from None


def understudy_options(args: argparse.Namespace, limit: Documented) -> list[str]:
    """The suite's own options (a worker receives them from its master)."""
    options = ["--factor", str(args.factor), "--users-total", str(args.users)]
    for flag, value in (
        ("--plan", limit.plan),
        ("--limit", args.limit),
        ("--credentials", args.credentials),
        ("--auth-header", args.auth_header),
    ):
        if value:
            options += [flag, value]
    return options


def locust_command(args: argparse.Namespace, limit: Documented, json_path: Path) -> list[str]:
    command = [sys.executable, "-m", "locust", "-f", str(suites.suite_path(args.api))]
    command += ["--headless", "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
    if args.worker:
        command += ["--worker", "--master-host", args.master_host]
        command += ["--master-port", str(args.master_port)]
        if args.processes:
            command += ["--processes", str(args.processes)]
        return command + understudy_options(args, limit) + _extra(args)
    duration = args.duration or default_duration(limit)
    command += ["-u", str(args.users), "-r", str(args.users), "-t", f"{math.ceil(duration)}s"]
    command += ["-H", args.url.rstrip("/"), "--report-json", str(json_path)]
    if args.master:
        command += ["--master", "--expect-workers", str(args.expect_workers)]
        command += ["--master-bind-port", str(args.master_bind_port)]
        command += ["--expect-workers-max-wait", str(math.ceil(args.worker_wait))]
        command += ["--worker-wait", str(args.worker_wait)]
    elif args.processes:
        port = free_port()
        command += ["--processes", str(args.processes)]
        command += ["--master-bind-port", str(port), "--master-port", str(port)]
        command += ["--expect-workers-max-wait", str(math.ceil(args.worker_wait))]
        command += ["--worker-wait", str(args.worker_wait)]
    if args.html:
        command += ["--report-html", str(args.html)]
    if args.csv_prefix:
        command += ["--report-csv", args.csv_prefix]
    if sys.stderr.isatty():
        command.append("--progress")
    return command + understudy_options(args, limit) + _extra(args)


def _extra(args: argparse.Namespace) -> list[str]:
    return [a for a in args.locust_args if a != "--"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reachable(url: str) -> str:
    """'' when the server answers at all (any status), else why not."""
    try:
        httpx.get(url, timeout=10)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def wait_for_master(host: str, port: int, seconds: float) -> bool:
    """Poll a TCP connection to the master (it may start after its workers)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection((host, port), timeout=2):
                return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.25)


def fail(code: ExitCode, message: str) -> int:
    print(f"understudy load: {message}", file=sys.stderr)
    return int(code)


def run_load(args: argparse.Namespace) -> int:
    try:
        limit = validate(args)
    except UsageError as exc:
        return fail(ExitCode.USAGE, f"error: {exc}")
    if args.worker:
        if not wait_for_master(args.master_host, args.master_port, args.master_wait):
            return fail(
                ExitCode.TOOL_FAILURE,
                f"cannot reach the Locust master at {args.master_host}:{args.master_port} "
                f"within {args.master_wait:g}s (is `understudy load ... --master` running "
                f"there, and the port open?)",
            )
    else:
        problem = reachable(args.url)
        if problem:
            return fail(ExitCode.UNREACHABLE, f"cannot reach {args.url}: {problem}")
        refusal = "" if args.credentials or args.auth_header else demo_refusal(args.url, args.api)
        if refusal:
            return fail(ExitCode.USAGE, f"error: {refusal}")
    with tempfile.TemporaryDirectory(prefix="understudy-load-") as scratch:
        json_path = args.json_path or Path(scratch) / "verdict.json"
        if json_path.exists():
            json_path.unlink()
        command = locust_command(args, limit, json_path)
        returncode = run_locust(command)
        if args.worker:
            return int(ExitCode.HOLDS if returncode == 0 else ExitCode.TOOL_FAILURE)
        return verdict_code(json_path, returncode)


def run_locust(command: list[str]) -> int:
    """Locust in its own process; a SIGTERM to this one is passed on to it, so that a
    worker stopped early still sends its final observations."""
    process = subprocess.Popen(command, env=_environment())
    previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)


def verdict_code(json_path: Path, returncode: int) -> int:
    """The exit code from the verdict the master wrote (Locust's own code is ambiguous)."""
    try:
        verdict = json.loads(json_path.read_text())["verdict"]
    except (OSError, ValueError, KeyError):
        if returncode == ExitCode.USAGE:  # the suite refused its options, in one line
            return int(ExitCode.USAGE)
        return fail(ExitCode.TOOL_FAILURE, f"Locust ended (exit {returncode}) without a verdict")
    return int(VERDICT_CODES.get(verdict, ExitCode.TOOL_FAILURE))


def _environment() -> dict[str, str]:
    root = str(Path(suites.SUITES_DIR).parents[1])
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env
