"""The summary a gate run ends with: per part (each Schemathesis phase, the gate's own
checks, each scenario) passed / failed / skipped, the first failure of each kind with a
one-line reproducer, where the JUnit file is, and the verdict."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from conformance.junit import CaseResult
from conformance.profile import Profile

if TYPE_CHECKING:
    from conformance.runner import GateResult

MARKS = {"passed": "ok  ", "failed": "FAIL", "skipped": "SKIP"}


def print_summary(profile: Profile, result: GateResult, out: TextIO) -> None:
    def say(text: str = "") -> None:
        print(text, file=out)

    where = "the local Understudy mock" if result.target.is_local_mock else "a deployment"
    say(f"\nUnderstudy gate for {profile.name} at {result.target.url} ({where})")
    outcome = result.schemathesis
    if outcome is not None:
        verdict = "passed" if outcome.passed else f"FAILED (exit {outcome.exit_code})"
        say(f"Schemathesis: {verdict}, {outcome.test_cases} test cases")
        for phase in outcome.phases:
            if phase.status == "skip":
                if phase.skip_reason == "disabled":
                    say(f"  ---- {phase.name}: not selected (--phases)")
                else:
                    say(f"  SKIP {phase.name}: {phase.skip_reason or 'skipped'}")
                continue
            mark = "ok  " if phase.status == "success" else "FAIL"
            say(
                f"  {mark} {phase.name}: {phase.passed} operations passed, "
                f"{phase.failed} failed, {phase.skipped} skipped"
            )
        for error in outcome.errors:
            say(f"  ERROR {error}")
        if outcome.failures:
            say("  First failure of each kind:")
        for kind in outcome.failures:
            say(f"    {kind.title} ({kind.count}x), first in {kind.first_operation}")
            if kind.first_message:
                say(f"      {kind.first_message}")
            if kind.reproducer:
                say(f"      {kind.reproducer}")
    _part(say, "Gate checks", result.gate_checks)
    _part(say, "Scenarios", result.scenarios)
    if result.junit is not None:
        say(f"JUnit report: {result.junit}")
    say(_verdict(result))


def _part(say: Callable[[str], None], title: str, results: list[CaseResult]) -> None:
    if not results:
        return
    counts = ", ".join(f"{sum(1 for r in results if r.status == s)} {s}" for s in MARKS)
    say(f"{title}: {counts}")
    for case in results:
        line = f"  {MARKS[case.status]} {case.name} ({case.seconds:.2f}s)"
        if case.failure:
            line += f"\n       {case.failure}"
            if case.reproducer:
                line += f"\n       last request: {case.reproducer}"
        elif case.skipped is not None:
            line += f"\n       skipped: {case.skipped}"
        elif case.note:
            line += f"  [{case.note}]"
        say(line)


def _verdict(result: GateResult) -> str:
    if result.passed:
        skipped = len(result.skipped)
        return "CONFORMS" + (f" ({skipped} skipped; --strict fails on skips)" if skipped else "")
    if result.strict and result.skipped and _only_skips_failed(result):
        return f"DOES NOT CONFORM (--strict: {len(result.skipped)} skipped)"
    return "DOES NOT CONFORM"


def _only_skips_failed(result: GateResult) -> bool:
    failed = any(r.failure for r in [*result.gate_checks, *result.scenarios])
    schemathesis_failed = result.schemathesis is not None and not result.schemathesis.passed
    return not failed and not schemathesis_failed
