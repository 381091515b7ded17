"""Reading Schemathesis' reports and console for the gate's summary (pure logic)."""

from __future__ import annotations

import json

from conformance.schemathesis_report import read_outcome
from conformance.schemathesis_run import AUTH_HINT, translate

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="schemathesis">
<testcase name="GET /things"><failure type="failure" message="ST105">1. Test Case ID: a1

- ST105 Undocumented Content-Type

    Received: text/html
    Documented: application/json

Reproduce with:

    curl -X GET http://h/things</failure></testcase>
<testcase name="GET /other"/>
</testsuite></testsuites>"""


def scenario(phase, label, status):
    return json.dumps(
        {"ScenarioFinished": {"phase": phase, "status": status, "recorder": {"label": label}}}
    )


def test_the_outcome_counts_each_phase_and_finds_each_kind_first(tmp_path):
    (tmp_path / "schemathesis.json").write_text(
        json.dumps(
            {
                "phases": {
                    "examples": {"status": "failure", "skip_reason": None},
                    "stateful": {"status": "skip", "skip_reason": "disabled"},
                },
                "failures": [
                    {
                        "code": "ST105",
                        "title": "Undocumented Content-Type",
                        "count": 2,
                        "operations": ["GET /things"],
                    }
                ],
                "warnings": {"missing_auth": ["GET /other"]},
                "test_cases": {"generated": 7},
                "errors": [],
            }
        )
    )
    events = [
        scenario("examples", "GET /things", "success"),
        scenario("examples", "GET /things", "failure"),
        scenario("examples", "GET /other", "success"),
        scenario("examples", "GET /none", "skip"),
    ]
    (tmp_path / "schemathesis.ndjson").write_text("\n".join(events) + "\n")
    (tmp_path / "schemathesis.xml").write_text(JUNIT)
    outcome = read_outcome(tmp_path, 1)
    examples, stateful = outcome.phases
    assert (examples.passed, examples.failed, examples.skipped) == (1, 1, 1)
    assert stateful.skip_reason == "disabled"
    assert outcome.tested == {"GET /things", "GET /other"}
    assert outcome.only_refused == {"GET /other"}
    [kind] = outcome.failures
    assert kind.title == "ST105 Undocumented Content-Type" and kind.count == 2
    assert kind.first_operation == "GET /things"
    assert kind.first_message == "Received: text/html"
    assert kind.reproducer == "curl -X GET http://h/things"


def test_missing_reports_give_an_empty_outcome(tmp_path):
    outcome = read_outcome(tmp_path, 2)
    assert outcome.phases == [] and outcome.tested == set() and not outcome.passed


def test_the_console_hides_scratch_reports_and_flags_understudy_lacks():
    scratch = "/tmp/understudy-gate-x"
    assert translate("Reports:", scratch, False) == (None, True)
    assert translate(f"  - JUnit: {scratch}/schemathesis.xml", scratch, True) == (None, True)
    assert translate("", scratch, True) == ("", False)
    hint = "💡 Ensure valid authentication credentials are set via `--auth` or `-H`"
    assert translate(hint, scratch, False) == (AUTH_HINT, False)
    assert translate("Seed: 1", scratch, False) == ("Seed: 1", False)
