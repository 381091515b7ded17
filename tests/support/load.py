"""Running the real `understudy load` CLI (Locust) in its own process: alone, as a
master, or as a worker joining one (as it would from another machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.gate import ROOT

CLI = [sys.executable, "-m", "understudy", "load"]
"""The `understudy load` front door, run as the user runs it."""


def load_command(api: str, *args: str) -> list[str]:
    return [*CLI, "--api", api, *args]


def run(command: list[str], timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
    )


def load(
    api: str, url: str, *args: str, verdict: Path, timeout: float = 240
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`understudy load --api API --url URL --json VERDICT ARGS...`: result and verdict."""
    result = run(load_command(api, "--url", url, "--json", str(verdict), *args), timeout)
    return result, read_verdict(verdict)


def read_verdict(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text()) if path.exists() else {}


def start(command: list[str]) -> subprocess.Popen[str]:
    """A CLI process in the background (a master, or a worker on 'another machine')."""
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )


def finish(process: subprocess.Popen[str], timeout: float = 240) -> tuple[int, str]:
    """Wait for a background CLI process; killed (and reported) if it overruns."""
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(f"timed out: {output[-3000:]}") from None
    return process.returncode, output
