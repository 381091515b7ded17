"""A profile: what the gate must know about one API beyond its spec."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from conformance.observed import Observed
from contract import SPEC_DIR, RateLimitFacts, load_file, rate_limit_facts

if TYPE_CHECKING:
    from conformance.target import Target

ErrorBodyCheck = Callable[[Observed], None]
"""Raises AssertionError when an error response is not in the API's own format."""

Login = Callable[[httpx.Client, str, str], dict[str, str]]
"""Turns credentials into request headers (e.g. logs in and returns a bearer header)."""

Deserializer = Callable[[Any, Any], Any]
"""Schemathesis deserializer: (DeserializationContext, response) -> JSON-shaped data."""

BeforeCall = Callable[[Any, Any], None]
"""Schemathesis `before_call` hook: (HookContext, case) -> None; may edit the case."""

Check = Callable[[Any, Any, Any], bool | None]
"""Schemathesis check: (CheckContext, response, case); raises AssertionError on failure.
Registered under the function's name, so names must be unique across profiles' checks."""


@dataclass(frozen=True)
class Scenario:
    """A multi-request check: a function of a :class:`ScenarioContext`."""

    name: str
    run: Callable[[ScenarioContext], None]
    description: str = ""


class ScenarioSkipped(Exception):
    """A scenario or check that cannot run against this target; the message says why
    and what would let it run. Reported as SKIPPED, never as passed."""


@dataclass
class ScenarioContext:
    """What a scenario gets: a client bound to the base URL with auth, an anonymous one,
    the profile, and the resolved target (credentials, key, second account, plans)."""

    client: httpx.Client
    anonymous: httpx.Client
    profile: Profile
    target: Target
    notes: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.target.url

    @property
    def credentials(self) -> tuple[str, str] | None:
        """Credentials to open sessions with; None unless given (or the local mock's)."""
        return self.target.credentials

    @property
    def api_key(self) -> str | None:
        """The API key in force (`--api-key`, or the demo key on the local mock)."""
        return self.target.api_key

    @property
    def second_credentials(self) -> tuple[str, str] | None:
        """Another account (`--second-credentials`, or the local mock's demo one)."""
        return self.target.second_credentials

    def note(self, text: str) -> None:
        self.notes.append(text)

    def skip(self, reason: str) -> NoReturn:
        """Stop the scenario as SKIPPED with ``reason``."""
        raise ScenarioSkipped(reason)


@dataclass(frozen=True)
class Profile:
    """Everything API-specific the gate needs, as data plus a few functions."""

    name: str
    spec_file: str
    check_error_body: ErrorBodyCheck
    default_credentials: tuple[str, str] | None = None
    default_api_key: str | None = None
    """The demo API key, for APIs whose requests carry one beside the credentials;
    `--api-key` replaces it. None: the API has no such key."""
    default_second_credentials: tuple[str, str] | None = None
    """A second demo account, for isolation checks; `--second-credentials` replaces it."""
    credentials_form: str = "USER:PASSWORD"
    """What `--credentials` holds for this API, as the usage messages name it."""
    login: Login | None = None
    scenarios: Sequence[Scenario] = ()
    exclude_operation_ids: Sequence[str] = ()
    """Operations Schemathesis must not call with the shared session (e.g. logout)."""
    schemathesis_config: str | None = None
    """A schemathesis.toml (beside the profile) with per-operation settings."""
    deserializers: Mapping[str, Deserializer] = field(default_factory=dict)
    """Media type -> deserializer, so Schemathesis validates e.g. XML or JSONP bodies
    against the response schemas."""
    before_call: BeforeCall | None = None
    """Edits every generated request before it is sent (e.g. adds an API key field)."""
    checks: Sequence[Check] = ()
    """API-specific Schemathesis checks, run on every response next to the built-in ones."""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def spec_path(self) -> Path:
        return SPEC_DIR / self.spec_file

    def rate_limit_facts(self) -> RateLimitFacts | None:
        """The limits the profile's contract documents (its `x-rate-limits`), if any."""
        return rate_limit_facts(load_file(self.spec_path))

    def secured_operations(self) -> frozenset[str]:
        """Labels (`GET /path`) of the operations whose every security requirement asks
        for a credential (those a refused credential locks out)."""
        return _secured_operations(self.spec_path)

    def auth_headers(self, client: httpx.Client, credentials: tuple[str, str]) -> dict[str, str]:
        if self.login is None:
            raise ValueError(f"{self.name}: give --header, this API has no login flow")
        return self.login(client, *credentials)


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@cache
def _secured_operations(path: Path) -> frozenset[str]:
    spec = load_file(path)
    default = spec.get("security") or []
    labels = set()
    for template, item in (spec.get("paths") or {}).items():
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            security = operation.get("security", default)
            if security and all(requirement for requirement in security):
                labels.add(f"{method.upper()} {template}")
    return frozenset(labels)
