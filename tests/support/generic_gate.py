"""The generic gate run against the generic mock of one document, as the tests and the
closing note's record use it: the mock accepts exactly the credentials the gate sends.

``python -m tests.support.generic_gate`` prints, per test-data document, its operation
count, the CRUD chains the path analysis finds and the gate's result.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract import load_openapi, operations
from contract.paths import resources
from tests.support.generic import THIRD_PARTY, SpecServer, credentials

ROOT = Path(__file__).resolve().parents[2]
MAX_EXAMPLES = "3"


def conform(spec: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`understudy conform --spec SPEC --url URL ARGS...` in its own process."""
    command = [sys.executable, "-m", "understudy", "conform", "--spec", str(spec), "--url", url]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=600, cwd=ROOT, check=False
    )


def accepted(document: dict[str, Any]) -> tuple[str, ...]:
    """`--accept` rules for the credentials of :func:`credentials`, one per scheme, so
    that Schemathesis' ignored_auth check (a made-up credential is refused) can hold."""
    rules = []
    for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values():
        kind = scheme.get("type")
        if kind == "http" and str(scheme.get("scheme")).lower() == "basic":
            rules.append("basic:user:pass")
        elif kind in ("http", "oauth2", "openIdConnect"):
            rules.append("bearer:token123")
        elif kind == "apiKey":
            rules.append(f"apikey:{scheme['name']}=key123")
    return tuple(dict.fromkeys(rules))


def gate_headers(document: dict[str, Any]) -> list[str]:
    """`-H` flags carrying the accepted credential of each of the document's schemes."""
    headers, _query = credentials(document)
    return [flag for name, value in headers.items() for flag in ("-H", f"{name}: {value}")]


@dataclass(frozen=True)
class GateRecord:
    spec: str
    operations: int
    chains: list[str]
    returncode: int
    report: str

    @property
    def verdict(self) -> str:
        return self.report.rstrip().rsplit("\n", 1)[-1]

    def line(self) -> str:
        cases = re.search(r"Schemathesis: .*?(\d+) test cases", self.report)
        scenarios = re.search(r"Scenarios: (\d+) passed, (\d+) failed", self.report)
        skips = re.findall(r"^  SKIP (\w+): (.+)$", self.report, re.MULTILINE)
        return (
            f"{self.spec}: {self.operations} operations; CRUD chains: "
            f"{'; '.join(self.chains) or 'none'}; gate exit {self.returncode} "
            f"({self.verdict}), Schemathesis {cases.group(1) if cases else '?'} test cases "
            f"(all phases, all checks, seed 1, max-examples {MAX_EXAMPLES}), scenarios "
            f"{scenarios.group(1) if scenarios else '?'} passed "
            f"{scenarios.group(2) if scenarios else '?'} failed; phases skipped: "
            f"{', '.join(f'{phase} ({why})' for phase, why in skips) or 'none'}"
        )


def gate_record(path: Path) -> GateRecord:
    """Serve ``path`` with the generic mock and gate it (seed 1, few examples)."""
    document = load_openapi(path)
    with SpecServer(path, accept=accepted(document)) as server:
        result = conform(
            path, server.url, "--max-examples", MAX_EXAMPLES, "--seed", "1", *gate_headers(document)
        )
    report = result.stdout[result.stdout.rfind("Understudy gate for") :] or result.stderr
    chains = [r.chain for r in resources(document) if r.create_op and r.item]
    return GateRecord(path.stem, len(list(operations(document))), chains, result.returncode, report)


if __name__ == "__main__":
    for spec in THIRD_PARTY:
        print(gate_record(spec).line(), flush=True)
