"""WRGL commit ingestion and ranged-download throughput, against baselines in the same run.

Ingestion: a deterministic 100,000-row gzipped CSV (quoted fields, commas inside
quotes) is committed to the WRGL mock over HTTP on 127.0.0.1; rows/s is compared
with plain ``gzip.decompress`` + ``csv.reader`` in this process (the floor any
implementation pays) and with the mock's own pipeline called in-process (gunzip,
parse, deduplicate, hash: the cost without HTTP and multipart).

Downloads: the committed file is fetched whole and in random 64 KiB ranges from the
mock and from a bare Starlette app serving the same bytes (no auth, no validation),
each in its own process, pinned to core 0 when taskset exists.

Bounded: a few commits and at most ``--requests`` ranges or ``--seconds`` per phase.

    python bench/wrgl_ingest.py [--rows 100000] [--commits 5] [--requests 400] [--seconds 10]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import SERVER_CORE, free_port, pinned, wait_until_up  # noqa: E402

API_KEY = "wrgl_demo_key"
RANGE_SIZE = 64 * 1024


def make_csv(rows: int) -> bytes:
    """A product table with quoted names (some holding commas); same rows every run."""
    rng = random.Random(1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["product_id", "year", "name", "price", "currency"])
    words = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"]
    for number in range(rows):
        name = f"{rng.choice(words)}, {rng.choice(words)} and Sons" if number % 3 else "Plain"
        writer.writerow(
            [
                f"P-{number:07d}",
                2000 + number % 25,
                name,
                f"{rng.uniform(1, 500):.2f}",
                rng.choice(("USD", "EUR", "GBP")),
            ]
        )
    return buffer.getvalue().encode()


def best_of(repeats: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def floor_parse(packed: bytes) -> int:
    text = gzip.decompress(packed).decode()
    return sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1


def mock_pipeline(packed: bytes) -> int:
    from mockserver.apis.wrgl.limits import DEFAULT_LIMITS
    from mockserver.apis.wrgl.tables import read_table
    from mockserver.core.gzipped import gunzip

    data = gunzip(packed, DEFAULT_LIMITS.max_csv_bytes)
    return read_table(data, "product_id,year", DEFAULT_LIMITS).num_rows


def serve_baseline(port: int, path: str) -> None:
    """A bare Starlette app serving one file with naive single-range support."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    data = Path(path).read_bytes()

    async def download(request: Request) -> Response:
        match = re.fullmatch(r"bytes=(\d+)-(\d+)", request.headers.get("range", ""))
        if match is None:
            return Response(data, media_type="text/csv")
        first, last = int(match.group(1)), min(int(match.group(2)), len(data) - 1)
        return Response(
            data[first : last + 1],
            status_code=206,
            media_type="text/csv",
            headers={"Content-Range": f"bytes {first}-{last}/{len(data)}"},
        )

    app = Starlette(routes=[Route("/file.csv", download)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def download_rates(
    client: httpx.Client, url: str, size: int, args: argparse.Namespace
) -> tuple[float, float, float]:
    """(whole-file MB/s, range requests/s, range MB/s) for one server."""
    whole = best_of(3, lambda: client.get(url).raise_for_status())
    rng = random.Random(2)
    count, started = 0, time.perf_counter()
    while count < args.requests and time.perf_counter() - started < args.seconds:
        first = rng.randrange(0, size - RANGE_SIZE)
        response = client.get(url, headers={"Range": f"bytes={first}-{first + RANGE_SIZE - 1}"})
        if response.status_code != 206 or len(response.content) != RANGE_SIZE:
            raise RuntimeError(f"range request failed: {response.status_code}")
        count += 1
    elapsed = time.perf_counter() - started
    return size / whole / 1e6, count / elapsed, count * RANGE_SIZE / elapsed / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--commits", type=int, default=5)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--serve-baseline", nargs=2, metavar=("PORT", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.serve_baseline:
        serve_baseline(int(args.serve_baseline[0]), args.serve_baseline[1])
        return 0

    data = make_csv(args.rows)
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    print(f"CSV: {args.rows} rows, {len(data) / 1e6:.1f} MB, {len(packed) / 1e6:.2f} MB gzipped\n")
    floor = args.rows / best_of(3, lambda: floor_parse(packed))
    pipeline = args.rows / best_of(3, lambda: mock_pipeline(packed))

    mock_port, base_port = free_port(), free_port()
    scratch = Path(f"/tmp/wrgl-bench-{mock_port}.csv")
    scratch.write_bytes(data)
    processes = [
        subprocess.Popen(
            pinned(
                SERVER_CORE,
                [
                    sys.executable,
                    "-m",
                    "understudy",
                    "mock",
                    "--api",
                    "wrgl",
                    "--port",
                    str(mock_port),
                ],
            ),
            stdout=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            pinned(
                SERVER_CORE,
                [sys.executable, __file__, "--serve-baseline", str(base_port), str(scratch)],
            )
        ),
    ]
    try:
        origin, base_origin = f"http://127.0.0.1:{mock_port}", f"http://127.0.0.1:{base_port}"
        wait_until_up(f"{origin}/__admin/health")
        wait_until_up(f"{base_origin}/file.csv")
        auth = {"Authorization": f"APIKEY {API_KEY}"}
        with httpx.Client(base_url=origin, headers=auth, timeout=120) as client:
            timings, made = [], {}
            deadline = time.perf_counter() + args.seconds * 3
            for number in range(args.commits):
                started = time.perf_counter()
                response = client.post(
                    "/commits",
                    data={
                        "repoName": "bench",
                        "message": f"bench {number}",
                        "csv.primaryKey": "product_id,year",
                    },
                    files={"csv.dataFile": ("data.csv.gz", packed, "application/gzip")},
                )
                timings.append(time.perf_counter() - started)
                response.raise_for_status()
                made = response.json()
                if time.perf_counter() > deadline:
                    break
            ingest = args.rows / statistics.median(timings)
            url = f"/repos/bench/commits/{made['hash']}/csv"
            if client.get(url).content != data:
                raise RuntimeError("the download is not the uploaded CSV")
            mock_rates = download_rates(client, url, len(data), args)
        with httpx.Client(base_url=base_origin, timeout=120) as client:
            base_rates = download_rates(client, "/file.csv", len(data), args)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        scratch.unlink(missing_ok=True)

    print(f"{'ingestion':<44} {'rows/s':>10}  ratio to floor")
    print(f"{'floor: gzip.decompress + csv.reader':<44} {floor:>10,.0f}  1.00")
    print(
        f"{'mock pipeline in-process (parse+dedup+hash)':<44} {pipeline:>10,.0f}  "
        f"{pipeline / floor:.2f}"
    )
    print(
        f"{'mock over HTTP (POST /commits, median of ' + str(len(timings)) + ')':<44} "
        f"{ingest:>10,.0f}  {ingest / floor:.2f}\n"
    )
    print(f"{'download':<24} {'whole MB/s':>11} {'64KiB ranges/s':>15} {'range MB/s':>11}")
    for label, rates in (("bare Starlette", base_rates), ("mock", mock_rates)):
        print(f"{label:<24} {rates[0]:>11.0f} {rates[1]:>15.0f} {rates[2]:>11.1f}")
    print(
        f"{'mock / baseline':<24} {mock_rates[0] / base_rates[0]:>11.2f} "
        f"{mock_rates[1] / base_rates[1]:>15.2f} {mock_rates[2] / base_rates[2]:>11.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
