"""A target that dies during a gate run gives no verdict: exit 3 (unreachable) and one
line saying it stopped answering and during which part, never exit 1 ("does not
conform"). The target is a real mock process that SIGKILLs itself on its Nth request."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from tests.support.gate import ROOT, conform
from tests.support.server import free_port

UNREACHABLE = 3


def dying_server(after: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.dying", "wrgl", str(port), str(after)], cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/__admin/health", timeout=1)
            return process, f"http://127.0.0.1:{port}/"
        except httpx.HTTPError:
            if process.poll() is not None:
                raise RuntimeError("the dying server did not start") from None
            time.sleep(0.05)
    process.kill()
    raise TimeoutError("the dying server did not start")


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["--phases", "examples", "--max-examples", "5"], "during Schemathesis' run"),
        (["--scenarios-only"], "during scenario "),
    ],
    ids=["during Schemathesis", "during a scenario"],
)
def test_a_target_killed_mid_run_is_unreachable_not_a_failure(args, part):
    process, url = dying_server(after=4)
    try:
        result = conform("wrgl", url, *args, timeout=300)
        assert process.wait(timeout=10) == -9, "the target was not killed during the run"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert result.returncode == UNREACHABLE, result.stdout[-3000:] + result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("understudy conform:")]
    assert len(lines) == 1, result.stderr[-3000:]
    assert "the target stopped answering" in lines[0] and part in lines[0], lines[0]
    assert "cannot connect" in lines[0], lines[0]
    assert "Traceback" not in result.stderr
