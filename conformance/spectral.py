"""Spectral over the contracts: its `spectral:oas` ruleset plus the project's `.spectral.yaml`.

Spectral is a Node CLI (`make spectral` installs it into `.tools/`), so it runs only
where it is available; `understudy lint --require-spectral` makes its absence an
error. Every error or warning it reports is a problem of the spec it names.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

RULESET_NAME = ".spectral.yaml"
LOCAL_CLI = Path(".tools") / "node_modules" / ".bin" / "spectral"
SEVERITIES = {0: "error", 1: "warning"}
"""Spectral's numeric severities that count as problems (2 info and 3 hint do not)."""
TIMEOUT_SECONDS = 300


class SpectralError(RuntimeError):
    """Spectral could not be run or answered something that is not its JSON report."""


def _project_roots(spec_dir: Path) -> list[Path]:
    roots = [Path.cwd(), *spec_dir.resolve().parents]
    return list(dict.fromkeys(roots))


def find_cli(spec_dir: Path, explicit: Path | None = None) -> Path | None:
    """The Spectral CLI: ``explicit``, else a project-local `.tools` install, else PATH."""
    if explicit is not None:
        return explicit if explicit.is_file() else None
    for root in _project_roots(spec_dir):
        candidate = root / LOCAL_CLI
        if candidate.is_file():
            return candidate
    found = shutil.which("spectral")
    return Path(found) if found else None


def find_ruleset(spec_dir: Path) -> Path | None:
    """The project's `.spectral.yaml` above ``spec_dir`` (or in the working directory)."""
    for root in _project_roots(spec_dir):
        candidate = root / RULESET_NAME
        if candidate.is_file():
            return candidate
    return None


def lint_with_spectral(
    cli: Path, specs: Sequence[Path], ruleset: Path | None
) -> dict[Path, list[str]]:
    """Spectral's errors and warnings per spec, as `line:column severity rule: message`."""
    with tempfile.TemporaryDirectory() as scratch:
        if ruleset is None:
            ruleset = Path(scratch) / RULESET_NAME
            ruleset.write_text('extends: ["spectral:oas"]\n', encoding="utf-8")
        command = [str(cli), "lint", "--format", "json", "--quiet", "--ruleset", str(ruleset)]
        command += [str(path.resolve()) for path in specs]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpectralError(f"could not run {cli}: {exc}") from exc
    detail = (completed.stderr or completed.stdout).strip().splitlines()
    failure = f"{cli} failed (exit {completed.returncode}): {detail[-1] if detail else ''}"
    if completed.returncode not in (0, 1):  # 1 = findings at the fail severity
        raise SpectralError(failure)
    try:
        findings = json.loads(completed.stdout)
    except json.JSONDecodeError as exc:
        raise SpectralError(failure) from exc
    if not isinstance(findings, list):
        raise SpectralError(f"{cli} answered no list of findings")
    problems: dict[Path, list[str]] = {path.resolve(): [] for path in specs}
    for finding in findings:
        severity = SEVERITIES.get(finding.get("severity"))
        if severity is None:
            continue
        start = finding.get("range", {}).get("start", {})
        where = f"{start.get('line', 0) + 1}:{start.get('character', 0) + 1}"
        text = f"spectral {where} {severity} {finding.get('code')}: {finding.get('message')}"
        problems.setdefault(Path(finding.get("source", "")).resolve(), []).append(text)
    return problems
