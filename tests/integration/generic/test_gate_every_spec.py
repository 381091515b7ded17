"""`understudy conform --spec` passes (exit 0) against `understudy mock --spec` for every
third-party document in the test data: all phases, all checks, a fixed seed and few
examples per operation, so each run stays a few seconds.

The mock accepts only the credentials the gate is given (`--accept`), so Schemathesis'
ignored_auth check (a made-up credential must be refused) holds: with the default,
any well-formed credential, it cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contract import load_openapi
from tests.integration.generic.test_gate import conform
from tests.support.generic import THIRD_PARTY, SpecServer, credentials

MAX_EXAMPLES = "3"


def accepted(document: dict[str, Any]) -> tuple[str, ...]:
    """`--accept` rules for the credentials of :func:`credentials`, one per scheme."""
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


@pytest.mark.parametrize("path", THIRD_PARTY, ids=lambda p: p.stem)
def test_the_gate_passes_against_the_mock_of(path: Path) -> None:
    document = load_openapi(path)
    with SpecServer(path, accept=accepted(document)) as server:
        result = conform(
            path, server.url, "--max-examples", MAX_EXAMPLES, "--seed", "1", *gate_headers(document)
        )
    report = result.stdout[result.stdout.rfind("Understudy gate for") :]
    assert result.returncode == 0, report[-4000:] or result.stderr[-2000:]
    verdict = report.rstrip().rsplit("\n", 1)[-1]
    assert verdict.startswith("CONFORMS") and "FAIL " not in report, report
