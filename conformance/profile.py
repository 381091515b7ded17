"""A profile: what the gate must know about one API beyond its spec."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from conformance.observed import Observed
from contract import SPEC_DIR

API_KEY_ENV = "UNDERSTUDY_CONFORM_API_KEY"
"""How the runner hands `--api-key` to the profile's hooks in the Schemathesis process."""

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


@dataclass
class ScenarioContext:
    """What a scenario gets: a client bound to the base URL with auth, and the profile."""

    client: httpx.Client
    anonymous: httpx.Client
    profile: Profile
    base_url: str
    credentials: tuple[str, str] | None = None
    api_key: str | None = None
    """The API key in force (`--api-key`, else the profile's demo key)."""
    second_credentials: tuple[str, str] | None = None
    """Another account (`--second-credentials`, else the profile's demo one), for checks
    that one account cannot see another's data; None: such checks are skipped."""
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notes.append(text)


@dataclass(frozen=True)
class Profile:
    """Everything API-specific the gate needs, as data plus a few functions."""

    name: str
    spec_file: str
    check_error_body: ErrorBodyCheck
    default_credentials: tuple[str, str] | None = None
    default_api_key: str | None = None
    default_second_credentials: tuple[str, str] | None = None
    """A second demo account, for isolation checks; `--second-credentials` replaces it."""
    """The demo API key, for APIs whose requests carry one beside the credentials;
    `--api-key` replaces it. None: the API has no such key."""
    login: Login | None = None
    rate_limit_headers: Sequence[str] = ()
    """Headers every response to an authenticated request must carry."""
    rate_limit_headers_when_limited: bool = False
    """The rate-limit headers may all be absent (a plan without a limit), but a response
    that carries any of them, or is the rate-limit answer itself, must carry the whole
    set. False: every counted response must carry them."""
    rate_limit_status: int = 429
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

    def auth_headers(self, client: httpx.Client, credentials: tuple[str, str]) -> dict[str, str]:
        if self.login is None:
            raise ValueError(f"{self.name}: give --header, this API has no login flow")
        return self.login(client, *credentials)

    def api_key(self) -> str | None:
        """The key in force in the Schemathesis process: `--api-key`, else the demo key."""
        return os.environ.get(API_KEY_ENV) or self.default_api_key
