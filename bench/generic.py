"""The generic mode (`understudy mock --spec`) beside Prism on the same spec, same run.

Serves tests/data/openapi/petstore-expanded.yaml with both, each pinned to core 0,
and drives them with wrk (core 1) on 127.0.0.1 only: GET item and POST create. Prints
req/s, p50, p99 and the Understudy/Prism ratio. Prism comes from a project-local npm
install (bench/.tools, ignored by git):

    (cd bench/.tools && npm install @stoplight/prism-cli@5)
    python bench/generic.py [--duration 3] [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys

from bench.common import ROOT, free_port, pinned, wait_until_up, wrk

SPEC = ROOT / "tests" / "data" / "openapi" / "petstore-expanded.yaml"
PRISM = ROOT / "bench" / ".tools" / "node_modules" / ".bin" / "prism"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk") or not PRISM.exists():
        print("needs wrk and Prism (see the module docstring)", file=sys.stderr)
        return 2
    ours_port, prism_port = free_port(), free_port()
    ours = [sys.executable, "-m", "understudy", "mock", "--spec", str(SPEC)]
    prism = [str(PRISM), "mock", "-v", "error", "-h", "127.0.0.1"]
    processes = [
        subprocess.Popen(pinned(0, [*ours, "--port", str(ours_port)]), stdout=subprocess.DEVNULL),
        subprocess.Popen(
            pinned(0, [*prism, "-p", str(prism_port), str(SPEC)]), stdout=subprocess.DEVNULL
        ),
    ]
    try:
        servers = {
            "understudy": f"http://127.0.0.1:{ours_port}/v2",
            "prism": f"http://127.0.0.1:{prism_port}",
        }
        wait_until_up(f"http://127.0.0.1:{ours_port}/__admin/health")
        wait_until_up(f"{servers['prism']}/pets/1")
        body = json.dumps({"name": "Rex", "tag": "dog"})
        headers = {"Content-Type": "application/json"}
        cases = [("GET item", "/pets/1", None), ("POST create", "/pets", body)]
        print(f"wrk -t1 -c{args.connections} -d{args.duration}s, servers pinned to core 0\n")
        print(f"{'case':<12} {'server':<11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  ratio")
        for name, path, payload in cases:
            results = {
                label: wrk(url + path, args.duration, args.connections, headers, payload)
                for label, url in servers.items()
            }
            for label, result in results.items():
                ratio = f"{result.rps / results['prism'].rps:.2f}" if label == "understudy" else ""
                errors = f"  ({result.failed} non-2xx or socket errors!)" if result.failed else ""
                print(
                    f"{name:<12} {label:<11} {result.rps:>9.0f} {result.p50:>8.2f} "
                    f"{result.p99:>8.2f}  {ratio}{errors}"
                )
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
