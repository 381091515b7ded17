"""Schemathesis in its own process: the command line, the environment that hands it the
target, and its console output passed through with Understudy's words where its own
would mislead (flags Understudy does not have, report files in a scratch folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from conformance.options import GateOptions
from conformance.profile import Profile
from conformance.schemathesis_report import EVENTS_REPORT, JSON_REPORT, JUNIT_REPORT
from conformance.target import TARGET_ENV, Target

AUTH_HINT = (
    "💡 Give the deployment's own credentials: --credentials, --header 'Authorization: ...'"
    " or --api-key (see understudy conform --help)"
)
_HIDDEN_HEADINGS = ("Reports:",)
_USAGE = ("Usage: ", "Try '")
"""Click's usage block: Understudy checks every value itself and says what is wrong."""
_USAGE_END = ("Error: ",)


def schemathesis_command(
    profile: Profile, options: GateOptions, target: Target, reports: Path
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(profile.spec_path),
        "--url",
        target.url.rstrip("/"),
        "--phases",
        ",".join(options.phases),
        *(() if profile.extra.get("checks_in_config") else ("--checks", "all")),
        "--max-examples",
        str(options.max_examples),
        "--seed",
        str(options.seed),
        "--workers",
        str(options.workers),
        "--request-timeout",
        str(options.request_timeout),
        "--report",
        "junit,json,ndjson",
        "--report-junit-path",
        str(reports / JUNIT_REPORT),
        "--report-json-path",
        str(reports / JSON_REPORT),
        "--report-ndjson-path",
        str(reports / EVENTS_REPORT),
        "--suppress-health-check",
        "all",
        "--no-shrink",
    ]
    if profile.schemathesis_config:
        config = Path(__file__).resolve().parent / "apis" / profile.schemathesis_config
        command[3:3] = ["--config-file", str(config)]  # a global option: before `run`
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    for operation_id in profile.exclude_operation_ids:
        command += ["--exclude-operation-id", operation_id]
    return command + list(options.extra_args)


def run_schemathesis(
    profile: Profile, options: GateOptions, target: Target, reports: Path, out: TextIO
) -> tuple[int, list[str]]:
    """Run it; returns its exit code and every line it printed (shown or not)."""
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "conformance.hooks",
        "UNDERSTUDY_CONFORM_API": profile.name,
        TARGET_ENV: target.to_env(),
        "NO_COLOR": "1",
    }
    env.update(profile.extra.get("schemathesis_env") or {})
    project_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [project_root, env.get("PYTHONPATH")]))
    printed: list[str] = []
    # cwd: the scratch folder, so no stray schemathesis.toml is picked up
    with subprocess.Popen(
        schemathesis_command(profile, options, target, reports),
        env=env,
        cwd=reports,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        hiding = False
        for line in process.stdout:
            printed.append(line.rstrip("\n"))
            text, hiding = translate(printed[-1], str(reports), hiding)
            if text is not None:
                print(text, file=out, flush=True)
    return process.returncode, printed


def translate(line: str, scratch: str, hiding: bool) -> tuple[str | None, bool]:
    """One console line as the user sees it (None: left out), and whether the lines
    after it are still in a hidden section (Schemathesis' list of its report files)."""
    if line.strip() in _HIDDEN_HEADINGS or line.startswith(_USAGE):
        return None, True
    if line.startswith(_USAGE_END):
        return None, False
    if hiding and line.startswith("  "):
        return None, True
    if scratch in line:
        return None, False
    if "`--auth`" in line:
        return AUTH_HINT, False
    return line, False
