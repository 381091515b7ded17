"""One JUnit file for a gate run: Schemathesis' suite plus the scenario suite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET


@dataclass(frozen=True)
class CaseResult:
    name: str
    seconds: float
    failure: str | None = None
    note: str = ""


def scenario_suite(api: str, results: list[CaseResult]) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        {
            "name": f"understudy-{api}-scenarios",
            "tests": str(len(results)),
            "failures": str(sum(1 for r in results if r.failure)),
            "errors": "0",
            "time": f"{sum(r.seconds for r in results):.3f}",
        },
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            {"name": result.name, "classname": api, "time": f"{result.seconds:.3f}"},
        )
        if result.failure:
            failure = ET.SubElement(case, "failure", {"message": result.failure[:500]})
            failure.text = result.failure
        if result.note:
            ET.SubElement(case, "system-out").text = result.note
    return suite


def write_report(path: Path, suites: list[ET.Element], schemathesis_report: Path | None) -> None:
    root = ET.Element("testsuites")
    if schemathesis_report is not None and schemathesis_report.exists():
        parsed = ET.parse(schemathesis_report).getroot()
        found = [parsed] if parsed.tag == "testsuite" else list(parsed.iter("testsuite"))
        root.extend(found)
    root.extend(suites)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
