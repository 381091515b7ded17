"""What one gate run is asked to do (:class:`GateOptions`), and the check that every
value makes sense before any request is sent (:func:`check_options`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from conformance.errors import UsageError
from conformance.profile import Profile
from contract import RateLimit, SpecError, base_path, load_file

ALL_PHASES = ("examples", "coverage", "fuzzing", "stateful")
MAX_WORKERS = 64


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
    strict: bool = False
    """Any check or scenario that could not run fails the gate."""
    plan: str | None = None
    """The plan of the credentials (rate-limit checks); None: any documented plan."""
    rate_limit: RateLimit | None = None
    """The limit the deployment applies to the credentials, when not a documented plan's."""
    preflight_timeout: float = 5.0
    profile: Profile | None = None
    """A profile made for this run (`--spec`: any document); None: the API's profile."""


def check_options(profile: Profile, options: GateOptions) -> None:
    """Refuse, with a UsageError naming the flag, anything that cannot work."""
    _check_phases(options.phases)
    if options.max_examples < 1:
        raise UsageError(f"--max-examples must be at least 1, got {options.max_examples}")
    if not 1 <= options.workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be from 1 to {MAX_WORKERS}, got {options.workers}")
    if options.request_timeout <= 0:
        raise UsageError("--request-timeout must be positive")
    check_url(profile, options.url)
    if options.api_key is not None and profile.default_api_key is None:
        raise UsageError(f"--api-key: {profile.name} has no API key beside its credentials")
    _check_rate_limit_flags(profile, options)
    if options.junit is not None:
        _check_writable(options.junit, "--junit")


def _check_phases(phases: tuple[str, ...]) -> None:
    if not phases:
        raise UsageError(f"--phases is empty (choose from {', '.join(ALL_PHASES)})")
    for phase in phases:
        if phase not in ALL_PHASES:
            raise UsageError(
                f"--phases: unknown phase {phase!r} (choose from {', '.join(ALL_PHASES)})"
            )


def _check_rate_limit_flags(profile: Profile, options: GateOptions) -> None:
    if options.plan is None and options.rate_limit is None:
        return
    facts = profile.rate_limit_facts()
    flag = "--plan" if options.plan is not None else "--limit"
    if facts is None:
        raise UsageError(f"{flag}: {profile.name} documents no rate limit")
    if options.plan is not None and options.plan not in facts.plans:
        raise UsageError(
            f"--plan: unknown plan {options.plan!r} of {profile.name} "
            f"(plans: {', '.join(facts.plans)})"
        )


def spec_base_path(profile: Profile) -> str:
    """The path of the spec's first server URL, without a trailing slash ('' for `/`)."""
    try:
        spec = load_file(profile.spec_path)
    except SpecError as exc:
        raise UsageError(str(exc)) from None
    return base_path(spec).rstrip("/")


def check_url(profile: Profile, url: str) -> None:
    """An http(s) URL with a host, whose path is the API's base path (or ends with it,
    under a prefix), and is not the path of one of its operations."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UsageError(
            f"--url {url!r} has no http:// or https:// scheme "
            f"(e.g. http://127.0.0.1:8000{spec_base_path(profile) or '/'})"
        )
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"--url {url!r} has an invalid port") from None
    if not parts.hostname or port == 0:
        raise UsageError(f"--url {url!r} names no host")
    if parts.query or parts.fragment:
        raise UsageError(f"--url {url!r}: give the API's base URL, without a query or fragment")
    path = parts.path.rstrip("/")
    base = spec_base_path(profile)
    if base and not path.endswith(base):
        raise UsageError(
            f"--url path {parts.path or '/'!r} is not {profile.name}'s base path {base!r} "
            f"(the spec's servers): give the URL the API's paths are under, e.g. "
            f"{parts.scheme}://{parts.netloc}{base}"
        )
    operation = _operation_named_by(profile, path.rsplit("/", 1)[-1])
    if operation is not None:
        raise UsageError(
            f"--url {url!r} ends in the path of the operation {operation}: give the API's "
            f"base URL, the part before its paths"
        )


def _operation_named_by(profile: Profile, segment: str) -> str | None:
    """The spec path whose first segment ``segment`` is, if any (a first segment that
    is a bare variable, `/{dataset}/...`, names nothing: any base URL would match it)."""
    if not segment:
        return None
    spec = load_file(profile.spec_path)
    for template in spec.get("paths", {}):
        first = str(template).strip("/").split("/", 1)[0]
        if re.fullmatch(r"\{[^}]*\}", first):
            continue
        pattern = re.escape(first).replace(r"\{", "{").replace(r"\}", "}")
        pattern = re.sub(r"\{[^}]*\}", "[^/]+", pattern)
        if first and re.fullmatch(pattern, segment):
            return str(template)
    return None


def _check_writable(path: Path, flag: str) -> None:
    if path.is_dir():
        raise UsageError(f"{flag} {str(path)!r} is a directory; give a file name")
    ancestor = path.resolve().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir() or not os.access(ancestor, os.W_OK):
        raise UsageError(f"{flag} {str(path)!r}: cannot write under {str(ancestor)!r}")
