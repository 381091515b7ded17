"""Running the real `understudy conform` CLI in its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[2]


def conform(
    api: str, url: str, *args: str, junit: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "understudy", "conform", "--api", api, "--url", url, *args]
    if junit is not None:
        command += ["--junit", str(junit)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
    )


def junit_counts(path: Path) -> tuple[int, int]:
    """(test cases, failures + errors) over every suite of a JUnit file."""
    root = ElementTree.parse(path).getroot()
    cases = list(root.iter("testcase"))
    failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
    return len(cases), len(failed)
