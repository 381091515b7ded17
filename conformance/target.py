"""The server under test, resolved once before any check runs: one :class:`Target` that
the runner, the scenarios and (through the environment) the Schemathesis hooks read.

The local Understudy mock is recognised by its health endpoint (`contract.localmock`).
Only that target gets the demo credentials as defaults; against any other a credential
the API needs is a usage error naming the flag to pass.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import httpx

from conformance.errors import Unreachable, UsageError
from conformance.options import GateOptions
from conformance.profile import Profile
from contract import RateLimit, localmock

TARGET_ENV = "UNDERSTUDY_CONFORM_TARGET"
"""How the runner hands the resolved target to the hooks in the Schemathesis process."""


@dataclass(frozen=True)
class Target:
    """Where the gate sends requests and as whom."""

    api: str
    url: str
    """The API's base URL, with a trailing slash."""
    is_local_mock: bool
    headers: Mapping[str, str] = field(default_factory=dict)
    """Sent with every request: the user's `--header`s and the login's Authorization."""
    credentials: tuple[str, str] | None = None
    """For scenarios that open sessions of their own; None: such scenarios skip."""
    api_key: str | None = None
    second_credentials: tuple[str, str] | None = None
    """Another account for isolation checks; None: those checks skip."""
    rate_limits: Mapping[str, RateLimit | None] = field(default_factory=dict)
    """The plans the credentials may be on (by name; one when `--plan` or `--limit`
    says which), with their limits; empty when the API documents none."""

    @property
    def authenticated(self) -> bool:
        return any(name.lower() == "authorization" for name in self.headers)

    def to_env(self) -> str:
        data = asdict(self)
        data["rate_limits"] = {
            name: None if limit is None else asdict(limit)
            for name, limit in self.rate_limits.items()
        }
        return json.dumps(data)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Target | None:
        """The target the runner resolved, inside the Schemathesis process."""
        text = (os.environ if environ is None else environ).get(TARGET_ENV)
        if not text:
            return None
        data: dict[str, Any] = json.loads(text)
        for name in ("credentials", "second_credentials"):
            if data[name] is not None:
                data[name] = tuple(data[name])
        data["rate_limits"] = {
            name: None if limit is None else RateLimit(**limit)
            for name, limit in data["rate_limits"].items()
        }
        return cls(**data)


def base_url(url: str) -> str:
    return url.rstrip("/") + "/"


def preflight(profile: Profile, options: GateOptions) -> bool:
    """The one request before testing: proves the target speaks HTTP, and tells whether
    it is the local Understudy mock serving this API at the URL's path."""
    response = _ask_health(options)
    return localmock.serves(response.status_code, response.content, profile.name, options.url)


def ensure_still_answering(options: GateOptions, part: str) -> None:
    """After ``part`` of the run went wrong: Unreachable (no verdict) when the target no
    longer answers HTTP at all, so a server that died is not reported as not conforming."""
    try:
        _ask_health(options)
    except Unreachable as exc:
        raise Unreachable(f"the target stopped answering during {part}: {exc}") from None


def _ask_health(options: GateOptions) -> httpx.Response:
    """GET the origin's health endpoint; Unreachable unless some HTTP answer comes."""
    netloc = urlsplit(options.url).netloc
    timeout = httpx.Timeout(options.preflight_timeout, connect=min(3.0, options.preflight_timeout))
    try:
        return httpx.get(localmock.health_url(options.url), timeout=timeout)
    except httpx.TimeoutException:
        raise Unreachable(
            f"{netloc} did not answer within {options.preflight_timeout:g}s ({options.url})"
        ) from None
    except httpx.ConnectError as exc:
        raise Unreachable(f"cannot connect to {netloc} ({options.url}): {exc}") from None
    except (httpx.RemoteProtocolError, httpx.ProtocolError) as exc:
        raise Unreachable(f"{netloc} does not speak HTTP ({options.url}): {exc}") from None
    except httpx.HTTPError as exc:
        raise Unreachable(f"{options.url}: {exc}") from None


def resolve_target(profile: Profile, options: GateOptions, is_local_mock: bool) -> Target:
    """Headers, credentials, key and second account in force; logs in when the API has a
    login flow and no Authorization header was given."""
    headers = dict(options.headers)
    given_auth = any(name.lower() == "authorization" for name in headers)
    credentials = options.credentials
    if credentials is None and is_local_mock:
        credentials = profile.default_credentials
    needs_credentials = profile.default_credentials is not None or profile.login is not None
    if needs_credentials and not given_auth and credentials is None:
        raise UsageError(
            f"{options.url} is not the local Understudy mock, so {profile.name}'s demo "
            f"credentials do not apply: give the deployment's with --credentials "
            f"{profile.credentials_form} or --header 'Authorization: ...'"
        )
    api_key = options.api_key
    if api_key is None and profile.default_api_key is not None:
        if not is_local_mock:
            raise UsageError(
                f"{options.url} is not the local Understudy mock, so {profile.name}'s demo "
                f"API key does not apply: give the deployment's with --api-key KEY"
            )
        api_key = profile.default_api_key
    second = options.second_credentials
    if second is None and is_local_mock:
        second = profile.default_second_credentials
    if not given_auth and credentials is not None and profile.login is not None:
        headers.update(_log_in(profile, options, credentials))
    return Target(
        api=profile.name,
        url=base_url(options.url),
        is_local_mock=is_local_mock,
        headers=headers,
        credentials=credentials,
        api_key=api_key,
        second_credentials=second,
        rate_limits=plans_in_force(profile, options),
    )


def plans_in_force(profile: Profile, options: GateOptions) -> dict[str, RateLimit | None]:
    facts = profile.rate_limit_facts()
    if facts is None:
        return {}
    if options.rate_limit is not None:
        return {options.plan or "--limit": options.rate_limit}
    if options.plan is not None:
        return {options.plan: facts.plan(options.plan)}
    return dict(facts.plans)


def _log_in(profile: Profile, options: GateOptions, credentials: tuple[str, str]) -> dict[str, str]:
    with httpx.Client(base_url=base_url(options.url), timeout=options.request_timeout) as client:
        try:
            return profile.auth_headers(client, credentials)
        except httpx.HTTPError as exc:
            raise Unreachable(f"logging in at {options.url} failed: {exc}") from None


@cache
def current() -> Target:
    """The target of this gate run, in the Schemathesis process (set by the runner)."""
    target = Target.from_env()
    if target is None:
        raise RuntimeError(f"{TARGET_ENV} is not set: run the hooks through `understudy conform`")
    return target
