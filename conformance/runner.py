"""Runs the gate: options checked, the target resolved (one pre-flight request), then
Schemathesis in its own process, the gate's own checks of its outcome, the profile's
scenarios, the JUnit file and the summary."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx

from conformance.apis import PROFILES
from conformance.errors import GateError, UsageError
from conformance.junit import CaseResult, api_suite, write_report
from conformance.options import ALL_PHASES, GateOptions, check_options
from conformance.profile import Profile, ScenarioContext
from conformance.reproducer import LastRequest
from conformance.scenarios import timed
from conformance.schemathesis_report import SchemathesisOutcome, read_outcome
from conformance.schemathesis_run import run_schemathesis
from conformance.summary import print_summary
from conformance.target import Target, ensure_still_answering, preflight, resolve_target

__all__ = ["ALL_PHASES", "GateOptions", "GateResult", "run_gate"]

SCHEMATHESIS_ERROR = 2
"""Schemathesis' exit code when it could not do its job (configuration, schema, hooks)."""


@dataclass
class GateResult:
    target: Target
    schemathesis: SchemathesisOutcome | None
    scenarios: list[CaseResult]
    gate_checks: list[CaseResult] = field(default_factory=list)
    strict: bool = False
    junit: Path | None = None

    @property
    def skipped(self) -> list[CaseResult]:
        """Checks and scenarios that could not run, and selected phases that did not."""
        phases = [
            CaseResult(f"schemathesis {p.name}", 0.0, skipped=p.skip_reason or "skipped")
            for p in (self.schemathesis.phases if self.schemathesis is not None else [])
            if p.status == "skip" and p.skip_reason != "disabled"
        ]
        cases = [r for r in [*self.gate_checks, *self.scenarios] if r.skipped is not None]
        return phases + cases

    @property
    def passed(self) -> bool:
        if self.schemathesis is not None and not self.schemathesis.passed:
            return False
        if any(r.failure for r in [*self.gate_checks, *self.scenarios]):
            return False
        return not (self.strict and self.skipped)


def load_profile(api: str) -> Profile:
    try:
        return PROFILES[api]
    except KeyError:
        raise UsageError(f"unknown API {api!r}; known: {', '.join(sorted(PROFILES))}") from None


def run_gate(options: GateOptions, out: TextIO | None = None) -> GateResult:
    """Run everything the options ask for; print a summary; return the outcome. Raises
    GateError (usage, unreachable) before any test when no verdict can be given."""
    out = out or sys.stdout
    profile = options.profile or load_profile(options.api)
    check_options(profile, options)
    target = resolve_target(profile, options, preflight(profile, options))
    with tempfile.TemporaryDirectory(prefix="understudy-gate-") as scratch:
        outcome = None
        if options.run_schemathesis:
            exit_code, printed = run_schemathesis(profile, options, target, Path(scratch), out)
            outcome = read_outcome(Path(scratch), exit_code)
            if exit_code != 0:
                ensure_still_answering(options, "Schemathesis' run")
            if exit_code == SCHEMATHESIS_ERROR and not outcome.tested:
                raise GateError(schemathesis_refusal(outcome, printed))
    gate_checks = [credentials_accepted(profile, outcome)] if outcome is not None else []
    scenarios = run_scenarios(profile, options, target) if options.run_scenarios else []
    result = GateResult(target, outcome, scenarios, gate_checks, options.strict, options.junit)
    if options.junit is not None:
        cases = outcome.junit_cases if outcome is not None else []
        write_report(options.junit, [api_suite(profile.name, cases, gate_checks, scenarios)])
    print_summary(profile, result, out)
    return result


def schemathesis_refusal(outcome: SchemathesisOutcome, printed: list[str]) -> str:
    """One line for a Schemathesis run that tested nothing: its error and first detail
    (a command-line error is Click's `Error: ...` line, without its usage text)."""
    usage = next((line for line in printed if line.startswith("Error: ")), None)
    if usage is not None:
        return f"Schemathesis refused the command line: {usage.removeprefix('Error: ')}"
    titles = outcome.errors or ["error"]
    detail = ""
    for index, line in enumerate(printed):
        if line.strip() in titles:
            detail = next((later.strip() for later in printed[index + 1 :] if later.strip()), "")
            break
    return f"Schemathesis could not run: {titles[0]}" + (f": {detail}" if detail else "")


def credentials_accepted(profile: Profile, outcome: SchemathesisOutcome) -> CaseResult:
    """Fails when every tested operation that needs credentials only ever got 401/403:
    then nothing behind the credentials was checked."""
    name = "credentials_accepted"
    secured = {label for label in outcome.tested if label in profile.secured_operations()}
    candidates = secured or outcome.tested
    if not candidates:
        return CaseResult(name, 0.0, skipped="Schemathesis called no operation")
    if candidates <= outcome.only_refused:
        return CaseResult(
            name,
            0.0,
            failure=(
                f"all {len(candidates)} operations that need credentials answered only "
                "401/403: the server refuses the credentials given (check --credentials, "
                "--header 'Authorization: ...' or --api-key), so nothing behind them "
                "was checked"
            ),
        )
    refused = len(candidates & outcome.only_refused)
    note = f"{refused} of {len(candidates)} operations only refused" if refused else ""
    return CaseResult(name, 0.0, note=note)


def run_scenarios(profile: Profile, options: GateOptions, target: Target) -> list[CaseResult]:
    results = []
    last = LastRequest()
    hooks: dict[str, list[Callable[..., Any]]] = {"request": [last]}
    timeout = options.request_timeout
    with (
        httpx.Client(
            base_url=target.url, headers=dict(target.headers), timeout=timeout, event_hooks=hooks
        ) as client,
        httpx.Client(base_url=target.url, timeout=timeout, event_hooks=hooks) as anonymous,
    ):
        for scenario in profile.scenarios:
            last.request = None
            ctx = ScenarioContext(client, anonymous, profile, target)
            outcome, seconds = timed(scenario, ctx)
            if outcome.failure:
                ensure_still_answering(options, f"scenario {scenario.name}")
            results.append(
                CaseResult(
                    scenario.name,
                    seconds,
                    outcome.failure,
                    "; ".join(ctx.notes),
                    skipped=outcome.skipped,
                    reproducer=last.reproducer() if outcome.failure else "",
                )
            )
    return results
