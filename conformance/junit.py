"""One JUnit file per gate run: one testsuite for the API, holding Schemathesis' cases
(one per operation), the gate's own checks and the scenarios, each with a classname
naming the API and the operation or scenario."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET


@dataclass(frozen=True)
class CaseResult:
    """One scenario or gate check: passed, failed (``failure``) or skipped (``skipped``)."""

    name: str
    seconds: float
    failure: str | None = None
    note: str = ""
    skipped: str | None = None
    """Why it could not run; None when it ran."""
    reproducer: str = ""
    """A curl line repeating the last request before the failure."""

    @property
    def status(self) -> str:
        return "failed" if self.failure else "skipped" if self.skipped is not None else "passed"


def api_suite(
    api: str,
    schemathesis_cases: Sequence[ET.Element],
    gate_checks: Sequence[CaseResult],
    scenarios: Sequence[CaseResult],
) -> ET.Element:
    """The API's testsuite; Schemathesis' cases are copied with classname `<api>.<op>`."""
    suite = ET.Element("testsuite", {"name": api})
    for original in schemathesis_cases:
        case = copy.deepcopy(original)
        case.set("classname", f"{api}.{case.get('name', '')}")
        for skipped in case.iter("skipped"):
            skipped.set("message", skipped.get("message") or (skipped.text or "skipped").strip())
        suite.append(case)
    for result in [*gate_checks, *scenarios]:
        suite.append(_case(api, result))
    cases = list(suite.iter("testcase"))
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    suite.set("time", f"{sum(float(c.get('time', 0) or 0) for c in cases):.3f}")
    return suite


def _case(api: str, result: CaseResult) -> ET.Element:
    case = ET.Element(
        "testcase",
        {"name": result.name, "classname": f"{api}.{result.name}", "time": f"{result.seconds:.3f}"},
    )
    if result.failure:
        failure = ET.SubElement(case, "failure", {"message": result.failure[:500]})
        failure.text = result.failure
        if result.reproducer:
            failure.text += f"\n\nReproduce with (the last request):\n\n    {result.reproducer}"
    elif result.skipped is not None:
        ET.SubElement(case, "skipped", {"message": result.skipped})
    if result.note:
        ET.SubElement(case, "system-out").text = result.note
    return case


def write_report(path: Path, suites: Sequence[ET.Element]) -> None:
    root = ET.Element("testsuites")
    root.extend(suites)
    for name in ("tests", "failures", "errors", "skipped"):
        root.set(name, str(sum(int(s.get(name, 0)) for s in suites)))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
