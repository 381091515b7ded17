"""Runs the gate: Schemathesis in its own process, then the profile's scenarios."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from conformance.apis import profile as load_profile
from conformance.junit import CaseResult, scenario_suite, write_report
from conformance.profile import API_KEY_ENV, Profile, ScenarioContext
from conformance.scenarios import timed

ALL_PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass(frozen=True)
class GateOptions:
    """What one gate run checks, against which server, and where it reports."""

    api: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    credentials: tuple[str, str] | None = None
    api_key: str | None = None
    """Replaces the profile's demo API key (APIs with one, e.g. Tweetworks' `data[key]`)."""
    second_credentials: tuple[str, str] | None = None
    """Another account for isolation checks; replaces the profile's second demo account."""
    junit: Path | None = None
    phases: tuple[str, ...] = ALL_PHASES
    max_examples: int = 25
    seed: int = 1
    workers: int = 1
    run_schemathesis: bool = True
    run_scenarios: bool = True
    request_timeout: float = 10.0
    extra_args: tuple[str, ...] = ()
    profile: Profile | None = None
    """A profile made for this run (`--spec`: any document); None: the API's profile."""


@dataclass
class GateResult:
    schemathesis_exit: int | None
    scenarios: list[CaseResult]

    @property
    def passed(self) -> bool:
        return self.schemathesis_exit in (None, 0) and not any(r.failure for r in self.scenarios)


def base_url(url: str) -> str:
    return url.rstrip("/") + "/"


def resolve_headers(profile: Profile, options: GateOptions) -> dict[str, str]:
    """Explicit headers win; otherwise log in with the given (or demo) credentials."""
    headers = dict(options.headers)
    if any(name.lower() == "authorization" for name in headers) or profile.login is None:
        return headers
    credentials = options.credentials or profile.default_credentials
    if credentials is None:
        return headers
    with httpx.Client(base_url=base_url(options.url), timeout=options.request_timeout) as client:
        return {**headers, **profile.auth_headers(client, credentials)}


def resolve_api_key(profile: Profile, options: GateOptions) -> str | None:
    """The given API key, else the profile's demo key; refused for APIs without one."""
    if options.api_key is not None and profile.default_api_key is None:
        raise ValueError(f"{profile.name} has no API key beside its credentials")
    return options.api_key or profile.default_api_key


def schemathesis_command(
    profile: Profile, options: GateOptions, headers: dict[str, str], report: Path
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(profile.spec_path),
        "--url",
        options.url.rstrip("/"),
        "--phases",
        ",".join(options.phases),
        *(() if profile.extra.get("checks_in_config") else ("--checks", "all")),
        "--max-examples",
        str(options.max_examples),
        "--seed",
        str(options.seed),
        "--workers",
        str(options.workers),
        "--request-timeout",
        str(options.request_timeout),
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        "--suppress-health-check",
        "all",
        "--no-shrink",
    ]
    if profile.schemathesis_config:
        config = Path(__file__).resolve().parent / "apis" / profile.schemathesis_config
        command[3:3] = ["--config-file", str(config)]  # a global option: before `run`
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    for operation_id in profile.exclude_operation_ids:
        command += ["--exclude-operation-id", operation_id]
    return command + list(options.extra_args)


def run_schemathesis(
    profile: Profile, options: GateOptions, headers: dict[str, str], report: Path
) -> int:
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "conformance.hooks",
        "UNDERSTUDY_CONFORM_API": profile.name,
        "NO_COLOR": "1",
    }
    env.update(profile.extra.get("schemathesis_env") or {})
    env.pop(API_KEY_ENV, None)
    if options.api_key is not None:
        env[API_KEY_ENV] = options.api_key
    project_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [project_root, env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as cwd:  # no stray schemathesis.toml is picked up
        completed = subprocess.run(
            schemathesis_command(profile, options, headers, report), env=env, cwd=cwd, check=False
        )
    return completed.returncode


def run_scenarios(
    profile: Profile, options: GateOptions, headers: dict[str, str]
) -> list[CaseResult]:
    results = []
    url = base_url(options.url)
    api_key = resolve_api_key(profile, options)
    with (
        httpx.Client(base_url=url, headers=headers, timeout=options.request_timeout) as client,
        httpx.Client(base_url=url, timeout=options.request_timeout) as anonymous,
    ):
        for scenario in profile.scenarios:
            ctx = ScenarioContext(
                client,
                anonymous,
                profile,
                url,
                credentials=options.credentials or profile.default_credentials,
                api_key=api_key,
                second_credentials=(
                    options.second_credentials or profile.default_second_credentials
                ),
            )
            failure, seconds = timed(scenario, ctx)
            results.append(CaseResult(scenario.name, seconds, failure, "; ".join(ctx.notes)))
    return results


def run_gate(options: GateOptions) -> GateResult:
    """Run everything the options ask for; print a summary; return the outcome."""
    profile = options.profile or load_profile(options.api)
    resolve_api_key(profile, options)  # refuses a key the API cannot take, before any run
    headers = resolve_headers(profile, options)
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "schemathesis.xml"
        exit_code = (
            run_schemathesis(profile, options, headers, report)
            if options.run_schemathesis
            else None
        )
        scenarios = run_scenarios(profile, options, headers) if options.run_scenarios else []
        if options.junit is not None:
            write_report(
                options.junit,
                [scenario_suite(profile.name, scenarios)],
                report if exit_code is not None else None,
            )
    result = GateResult(exit_code, scenarios)
    print_summary(profile, result)
    return result


def print_summary(profile: Profile, result: GateResult) -> None:
    print(f"\nUnderstudy scenarios for {profile.name}:")
    for case in result.scenarios:
        mark = "FAIL" if case.failure else "ok  "
        print(
            f"  {mark} {case.name} ({case.seconds:.2f}s)"
            + (f"\n       {case.failure}" if case.failure else "")
            + (f"  [{case.note}]" if case.note and not case.failure else "")
        )
    if result.schemathesis_exit is not None:
        verdict = (
            "passed"
            if result.schemathesis_exit == 0
            else f"FAILED (exit {result.schemathesis_exit})"
        )
        print(f"Schemathesis: {verdict}")
    print("CONFORMS" if result.passed else "DOES NOT CONFORM")
