"""What a Schemathesis run found, read from the reports it wrote (JSON, NDJSON events,
JUnit): per phase passed / failed / skipped operations, each kind of failure with its
first reproducer, the operations that only ever got 401/403, and the JUnit test cases."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

JSON_REPORT = "schemathesis.json"
EVENTS_REPORT = "schemathesis.ndjson"
JUNIT_REPORT = "schemathesis.xml"

_STATUS_RANK = {"skip": 0, "success": 1, "error": 2, "failure": 3}
_CASE_ID = re.compile(r"^\d+\. Test Case ID: \S+\s*$", re.MULTILINE)
_KIND = re.compile(r"^- (ST\d+ .+?)\s*$", re.MULTILINE)
_REPRODUCE = re.compile(r"Reproduce with:\s*\n\s*\n\s*(\S.*)")


@dataclass(frozen=True)
class PhaseOutcome:
    """One Schemathesis phase: its status and how many operations passed, failed, were
    skipped (an operation counts once per phase, by its worst scenario)."""

    name: str
    status: str
    """success, failure, error or skip."""
    skip_reason: str | None = None
    passed: int = 0
    failed: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class FailureKind:
    """One kind of failure (a check), how often, and where it was first seen."""

    title: str
    count: int
    first_operation: str
    first_message: str = ""
    reproducer: str = ""


@dataclass
class SchemathesisOutcome:
    exit_code: int
    phases: list[PhaseOutcome] = field(default_factory=list)
    failures: list[FailureKind] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Titles of errors that stopped operations or the run (schema, hooks, network)."""
    tested: set[str] = field(default_factory=set)
    """Labels (`GET /path`) of the operations that were called."""
    only_refused: set[str] = field(default_factory=set)
    """Operations that only ever got 401/403 (Schemathesis' missing_auth warning)."""
    test_cases: int = 0
    junit_cases: list[ET.Element] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


def read_outcome(directory: Path, exit_code: int) -> SchemathesisOutcome:
    outcome = SchemathesisOutcome(exit_code)
    report = _json(directory / JSON_REPORT)
    per_phase = _phase_counts(directory / EVENTS_REPORT, outcome.tested)
    for name, phase in (report.get("phases") or {}).items():
        counts = per_phase.get(name, Counter())
        outcome.phases.append(
            PhaseOutcome(
                name,
                str(phase.get("status")),
                phase.get("skip_reason"),
                counts["success"],
                counts["failure"] + counts["error"],
                counts["skip"],
            )
        )
    outcome.errors = [str(error.get("title")) for error in report.get("errors", [])]
    outcome.only_refused = set((report.get("warnings") or {}).get("missing_auth", []))
    outcome.test_cases = int((report.get("test_cases") or {}).get("generated", 0))
    outcome.junit_cases = _junit_cases(directory / JUNIT_REPORT)
    outcome.failures = _failure_kinds(report.get("failures", []), outcome.junit_cases)
    return outcome


def _json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def _phase_counts(path: Path, tested: set[str]) -> dict[str, Counter[str]]:
    """Per phase, the worst status of each operation, counted."""
    worst: dict[tuple[str, str], str] = {}
    try:
        lines = path.open(encoding="utf-8")
    except OSError:
        return {}
    with lines:
        for line in lines:
            if not line.startswith('{"ScenarioFinished"'):
                continue
            event = json.loads(line)["ScenarioFinished"]
            label = str((event.get("recorder") or {}).get("label", ""))
            phase, status = str(event.get("phase")), str(event.get("status"))
            if status != "skip":
                tested.add(label)
            key = (phase, label)
            if _STATUS_RANK.get(status, 0) >= _STATUS_RANK.get(worst.get(key, "skip"), 0):
                worst[key] = status
    counts: dict[str, Counter[str]] = {}
    for (phase, _), status in worst.items():
        counts.setdefault(phase, Counter())[status] += 1
    return counts


def _junit_cases(path: Path) -> list[ET.Element]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return []
    return list(root.iter("testcase"))


def _failure_kinds(groups: list[dict[str, Any]], cases: list[ET.Element]) -> list[FailureKind]:
    """Each failure kind of the JSON report, with the first JUnit case showing it."""
    first: dict[str, tuple[str, str, str]] = {}
    for case in cases:
        failure = case.find("failure")
        if failure is None or not failure.text:
            continue
        for block in _CASE_ID.split(failure.text):
            reproducer = _REPRODUCE.search(block)
            for match in _KIND.finditer(block):
                title = match.group(1)
                if title in first:
                    continue
                message = block[match.end() :].strip().split("\n", 1)[0].strip()
                first[title] = (
                    case.get("name", ""),
                    message,
                    reproducer.group(1).strip() if reproducer else "",
                )
    kinds = []
    for group in groups:
        title = f"{group.get('code')} {group.get('title')}"
        operation, message, reproducer = first.get(
            title, (next(iter(group.get("operations", [])), ""), "", "")
        )
        kinds.append(FailureKind(title, int(group.get("count", 0)), operation, message, reproducer))
    return kinds
