"""`make bench`: the mock against bare Starlette and Prism 5, same run, then the scaling run.

1. Example API (auth on, every plan's limit raised out of the way): GET list (20
   items), GET item, POST create; then one call per other API: a TW row query on a
   100k-row dataset, a WRGL 64 KiB ranged download, a TeamWork Live ``.xml`` list, a
   Tweetworks JSONP list. Each against the mock, the baseline (bench/baseline.py,
   the mock's recorded answers) and Prism (bench/compare.py says how paths map).
2. Scaling: Example GET item, list page 1 and the last page at 10^3 .. 10^6 stored
   resources of one user (bench/scaling.py).

Servers on core 0, wrk on core 1, 127.0.0.1 only. Prints markdown tables for
docs/performance.md; ``--json FILE`` writes every figure. Exit 3 when any answer under
load was not 2xx/3xx (or a socket error): such figures are not of successful answers;
exit 4 when a server did not start or a request to prepare a case failed.

    python -m bench.run [--duration 2] [--connections 32] [--json out/bench.json]
                        [--only example,tw,...] [--no-scaling | --scaling-only]
                        [--sizes 1000,1000000]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import Load, ratio, servers
from bench.compare import PRISM, Row, launch, plans, run_plan
from bench.scaling import SIZES, SizeRow, launch_size, measure_size

FAILED = 3
BROKEN = 4


def figure(load: Load | None) -> str:
    return "—" if load is None else f"{load.rps:,.0f}"


def latency(load: Load | None) -> str:
    return "—" if load is None else f"{load.p50:.1f} / {load.p99:.1f}"


def times(ours: Load | None, theirs: Load | None, alike: bool = True) -> str:
    """``ours/theirs`` in req/s; in parentheses when the answers were not alike."""
    if ours is None or theirs is None:
        return "—"
    value = ratio(ours.rps, theirs.rps)
    if math.isnan(value):
        return "—"
    return f"{value:.2f}x" if alike else f"({value:.2f}x)"


def failures(loads: dict[str, Load | None]) -> str:
    bad = [f"**{k} {v.failed:,}**" for k, v in loads.items() if v is not None and v.failed]
    return ", ".join(bad) if bad else "0"


def comparison_table(rows: list[Row]) -> str:
    lines = [
        "| API | case | mock req/s | baseline req/s | Prism req/s | mock/baseline | "
        "mock/Prism | mock p50 / p99 ms | baseline p50 / p99 | Prism p50 / p99 | "
        "non-2xx | notes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        mock, base, prism = (row.loads.get(s) for s in ("mock", "baseline", "prism"))
        versus_prism = times(mock, prism, row.same_kind("prism"))
        lines.append(
            f"| {row.case.api} | {row.case.name} | {figure(mock)} | {figure(base)} | "
            f"{figure(prism)} | {times(mock, base)} | {versus_prism} | {latency(mock)} | "
            f"{latency(base)} | {latency(prism)} | {failures(row.loads)} | "
            f"{'; '.join(row.notes)} |"
        )
    return "\n".join(lines)


def scaling_table(rows: list[SizeRow]) -> str:
    names = list(rows[0].loads) if rows else []
    head = " | ".join(f"{n} req/s | {n} p50 / p99 ms" for n in names)
    lines = [
        f"| stored | {head} | non-2xx |",
        "|---|" + "---|" * (2 * len(names) + 1),
    ]
    for row in rows:
        cells = " | ".join(
            f"{figure(v)} | {latency(v)}"
            + (f" (sequential, n={v.requests})" if v is not None and k in row.sequential else "")
            for k, v in row.loads.items()
        )
        lines.append(f"| {row.size:,} (last page {row.last_page:,}) | {cells} | "
                     f"{failures(row.loads)} |")  # fmt: skip
    return "\n".join(lines)


FLAT = 2.0
"""p50 at the largest size within this factor of the smallest's: flat (noise allowed)."""


def growth(rows: list[SizeRow]) -> dict[str, float]:
    """Per case: p50 at the largest store size over p50 at the smallest."""
    if len(rows) < 2:
        return {}
    small, large = rows[0], rows[-1]
    found = {}
    for name, first in small.loads.items():
        last = large.loads.get(name)
        if first is not None and last is not None and first.p50 > 0:
            found[name] = last.p50 / first.p50
    return found


def growth_lines(rows: list[SizeRow]) -> list[str]:
    lines = []
    for name, factor in growth(rows).items():
        verdict = "flat" if factor <= FLAT else "**GROWS with the store**"
        lines.append(
            f"- {name}: p50 x{factor:.1f} from {rows[0].size:,} to {rows[-1].size:,} "
            f"stored: {verdict}"
        )
    return lines


def shout_failures(where: str, loads: dict[str, Load | None]) -> bool:
    """Print a loud line per server whose answers were not all successful."""
    bad = False
    for server, load in loads.items():
        if load is not None and load.failed:
            bad = True
            print(
                f"!!! {where}, {server}: {load.non_2xx:,} non-2xx/3xx answers and "
                f"{load.socket_errors:,} socket errors of {load.requests:,}: these figures "
                "are NOT of successful answers",
                file=sys.stderr,
                flush=True,
            )
    return bad


def echo_row(row: Row) -> None:
    shown = "  ".join(f"{s} {figure(v)} req/s ({latency(v)} ms)" for s, v in row.loads.items())
    print(f"  {row.case.api}: {row.case.name}: {shown}", file=sys.stderr, flush=True)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--scaling-connections",
        type=int,
        default=4,
        help="connections in the scaling run (an O(n) list at 10^6 needs few)",
    )
    parser.add_argument("--only", default="", help="comma-separated APIs (default: all five)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="scaling sizes")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--scaling-only", action="store_true", help="skip the three-way part")
    parser.add_argument("--tw-rows", type=int, default=100_000)
    parser.add_argument("--wrgl-rows", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="write every figure here too")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 60 or args.connections < 1 or args.scaling_connections < 1:
        parser.error("--duration must be 1..60 seconds, connections at least 1")
    if not 1 <= args.tw_rows <= 1_000_000 or not 2_000 <= args.wrgl_rows <= 1_000_000:
        parser.error("--tw-rows must be 1..1,000,000 and --wrgl-rows 2,000..1,000,000")
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s]
    except ValueError:
        parser.error(f"--sizes: comma-separated integers, got {args.sizes!r}")
    if any(not 1 <= s <= 10_000_000 for s in args.sizes):
        parser.error("--sizes: each between 1 and 10,000,000")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if not shutil.which("wrk"):
        print("bench: wrk is needed (apt-get install wrk)", file=sys.stderr)
        return 2
    if not PRISM.exists():
        print(f"bench: Prism missing at {PRISM}: `make bench` installs it", file=sys.stderr)
        return 2
    every = plans(args.tw_rows, args.wrgl_rows)
    wanted = [name for name in args.only.split(",") if name]
    unknown = sorted(set(wanted) - {p.api for p in every})
    if unknown:
        known = ", ".join(p.api for p in every)
        print(f"bench: --only: unknown API {', '.join(unknown)} (known: {known})", file=sys.stderr)
        return 2
    chosen = [p for p in every if (not wanted or p.api in wanted) and not args.scaling_only]
    rows: list[Row] = []
    sized: list[SizeRow] = []
    sizes = [] if args.no_scaling else args.sizes
    try:
        with servers() as started:
            print("starting every server at once (then pinned to core 0)", file=sys.stderr)
            launched = [(plan, launch(plan.api, started, plan.seeded)) for plan in chosen]
            growing = [(size, launch_size(size, started)) for size in sizes]
            ready = [(plan, made.ready()) for plan, made in launched]
            ready_sizes = [(size, made.ready()) for size, made in growing]
            for plan, trio in ready:
                rows += run_plan(plan, trio, started, args.duration, args.connections, echo_row)
            for size, trio in ready_sizes:
                print(f"scaling: {size:,} stored resources", file=sys.stderr, flush=True)
                sized.append(measure_size(size, trio, args.duration, args.scaling_connections))
    except (RuntimeError, TimeoutError, httpx.HTTPError) as exc:
        print(f"bench: stopped: {exc}", file=sys.stderr)
        return BROKEN
    bad = False
    for row in rows:
        bad |= shout_failures(f"{row.case.api} {row.case.name}", row.loads)
    for size_row in sized:
        bad |= shout_failures(f"scaling {size_row.size:,}", size_row.loads)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\nServers on core 0, wrk on core 1, 127.0.0.1, {when}")
    if rows:
        print(
            f"\n`wrk -t1 -c{args.connections} -d{args.duration}s`:\n\n{comparison_table(rows)}"
            "\n\nA ratio in parentheses compares answers of another status or media type "
            "(see notes)."
        )
    if sized:
        print(f"\nScaling, `wrk -t1 -c{args.scaling_connections} -d{args.duration:g}s`:\n")
        print(scaling_table(sized))
        print("\n" + "\n".join(growth_lines(sized)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report: dict[str, Any] = {
            "when": when,
            "duration": args.duration,
            "connections": args.connections,
            "scaling_connections": args.scaling_connections,
            "rows": [r.as_json() for r in rows],
            "scaling": [r.as_json() for r in sized],
            "growth_p50": growth(sized),
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if bad:
        print("\nbench: some answers under load were not successful (see !!! above)",
              file=sys.stderr)  # fmt: skip
        return FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
