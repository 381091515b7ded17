"""Running the real `understudy load` CLI (Locust) in its own process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.gate import ROOT


def load(
    api: str, url: str, *args: str, verdict: Path, timeout: float = 300
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    command = [
        sys.executable,
        "-m",
        "understudy",
        "load",
        "--api",
        api,
        "--url",
        url,
        "--verdict-file",
        str(verdict),
        *args,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
    )
    outcome = json.loads(verdict.read_text()) if verdict.exists() else {}
    return result, outcome
