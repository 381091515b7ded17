"""`understudy conform --spec` passes (exit 0) against `understudy mock --spec` for every
third-party document in the test data: all phases, all checks, a fixed seed and few
examples per operation, so each run stays a few seconds.

The mock accepts only the credentials the gate is given (`--accept`), so Schemathesis'
ignored_auth check (a made-up credential must be refused) holds: with the default,
any well-formed credential, it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.generic import THIRD_PARTY
from tests.support.generic_gate import gate_record


@pytest.mark.parametrize("path", THIRD_PARTY, ids=lambda p: p.stem)
def test_the_gate_passes_against_the_mock_of(path: Path) -> None:
    record = gate_record(path)
    print(record.line())
    assert record.returncode == 0, record.report[-4000:]
    assert record.verdict.startswith("CONFORMS") and "FAIL " not in record.report, record.report
    for chain in record.chains:  # each top-level CRUD chain's scenario ran, and passed
        collection = chain.split(" -> ")[0].split(" ", 1)[1]
        if "{" not in collection:
            assert f"ok   crud {collection} " in record.report, (chain, record.report)
