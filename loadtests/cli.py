"""`understudy load`: runs an API's locustfile headless, in its own process."""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUITES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Suite:
    """One API's locustfile and the window of its documented limit."""

    locustfile: str
    documented_period: float
    min_seconds: float = 0.0


KNOWN_SUITES = {
    "example": Suite("example.py", documented_period=60.0),
    "tw": Suite("tw.py", documented_period=1.0, min_seconds=25.0),
    "teamworklive": Suite("teamworklive.py", documented_period=3600.0),
}
SUITES = {name: s for name, s in KNOWN_SUITES.items() if (SUITES_DIR / s.locustfile).exists()}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "load",
        help="drive a server at and above an API's rate limit",
        description="Headless Locust run; exit 0 only if the limit holds as documented.",
    )
    parser.add_argument("--api", required=True, choices=sorted(SUITES))
    parser.add_argument("--url", required=True, help="the API's base URL")
    parser.add_argument(
        "--plan", default="", help="plan to check (API-specific; example: free|pro|enterprise)"
    )
    parser.add_argument(
        "--limit",
        default="",
        help="check this limit instead of the documented "
        "one, e.g. 20/5s (for a server configured with a lower limit)",
    )
    parser.add_argument("--credentials", default="", help="USER:PASSWORD of the plan's account")
    parser.add_argument("--auth-header", default="", help="a full Authorization header value")
    parser.add_argument(
        "--duration",
        type=float,
        default=0,
        help="seconds (default: long enough to see two windows and recovery)",
    )
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument(
        "--factor", type=float, default=3.0, help="offer this multiple of the documented rate"
    )
    parser.add_argument("--html", type=Path, help="write Locust's HTML report here")
    parser.add_argument(
        "--csv", dest="csv_prefix", help="write Locust's CSV stats with this prefix"
    )
    parser.add_argument("--verdict-file", type=Path, help="write the verdict as JSON here")
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="run N local worker processes (Locust distributed mode)",
    )
    parser.add_argument(
        "locust_args",
        nargs=argparse.REMAINDER,
        help="after --, arguments passed to locust as they are",
    )
    parser.set_defaults(run=run_load)


def default_duration(args: argparse.Namespace) -> float:
    """Long enough for two full windows plus recovery: 2.5 periods of the limit."""
    suite = SUITES[args.api]
    period = suite.documented_period
    if args.limit:
        period_text = args.limit.partition("/")[2].partition("+")[0]
        period = float(period_text.rstrip("s") or period)
    return max(suite.min_seconds, math.ceil(period * 2.5) + 2)


def locust_command(args: argparse.Namespace) -> list[str]:
    duration = args.duration or default_duration(args)
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(SUITES_DIR / SUITES[args.api].locustfile),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.users),
        "-t",
        f"{math.ceil(duration)}s",
        "-H",
        args.url.rstrip("/"),
        "--only-summary",
        "--stop-timeout",
        "5",
        "--loglevel",
        "WARNING",
        "--factor",
        str(args.factor),
    ]
    for flag, value in (
        ("--plan", args.plan),
        ("--limit", args.limit),
        ("--credentials", args.credentials),
        ("--auth-header", args.auth_header),
    ):
        if value:
            command += [flag, value]
    if args.html:
        command += ["--html", str(args.html)]
    if args.csv_prefix:
        command += ["--csv", args.csv_prefix]
    if args.verdict_file:
        command += ["--verdict-file", str(args.verdict_file)]
    if args.processes:
        command += ["--processes", str(args.processes)]
    extra = [a for a in args.locust_args if a != "--"]
    return command + extra


def run_load(args: argparse.Namespace) -> int:
    project_root = str(SUITES_DIR.parent)
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [project_root, env.get("PYTHONPATH")]))
    return subprocess.run(locust_command(args), env=env, check=False).returncode
