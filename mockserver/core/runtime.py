"""An API as configuration (:class:`ApiDefinition`) and as a live thing (:class:`ApiRuntime`).

A definition is data each API package declares: its spec, paths, error style,
seed, handlers, authenticator and rate-limit policy. The runtime built from it
owns the API's state, limiter and helpers for one server process.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from faker import Faker
from starlette.routing import Route

from mockserver.core.auth import Authenticator, TokenInfo
from mockserver.core.bodies import body_media_types
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import Format, JsonpQuery, suffix_format
from mockserver.core.ietf_ratelimit import ietf_headers
from mockserver.core.operations import Operations
from mockserver.core.ratelimit import Decision, RateLimit, RateLimiter
from mockserver.core.rendering import ErrorStyle
from mockserver.core.store import IdFactory
from mockserver.core.uriparse import SafeURIParser
from mockserver.core.webhooks import WebhookDispatcher
from mockserver.settings import Settings

DEFAULT_MAX_BODY = 1024 * 1024


@dataclass(frozen=True)
class Credential:
    """A demo credential, printed at start and listed in the README."""

    how: str
    meaning: str


def rate_limit_headers(decision: Decision) -> dict[str, str]:
    """The common `X-RateLimit-*` trio (Reset in epoch seconds)."""
    return {
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
        "X-RateLimit-Reset": str(int(decision.reset_at)),
    }


@dataclass(frozen=True)
class RateLimitPolicy:
    """Per-plan limits keyed by the caller: token info's ``plan`` and ``sub``.

    A plan mapped to None is unlimited (unless overridden in settings).
    ``headers`` turns a decision into the headers the API documents.
    """

    plans: Mapping[str, RateLimit | None]
    headers: Callable[[Decision], dict[str, str]] = rate_limit_headers
    message: str = "Rate limit exceeded"
    default_plan: str | None = None
    per_address: Mapping[str, RateLimit] = field(default_factory=dict)
    """operationId -> limit counted per client address (operations without a caller)."""


@dataclass(frozen=True)
class SeedContext:
    """What a seed function gets: deterministic randomness and the settings."""

    settings: Settings
    faker: Faker
    ids: IdFactory
    reference_time: datetime
    volume: int


@dataclass(frozen=True)
class ApiDefinition:
    """Everything that makes one API, as data. No core module knows an API's name."""

    name: str
    title: str
    spec_file: str
    prefix: str
    base_path: str
    errors: ErrorStyle
    build_state: Callable[[SeedContext], Any]
    build_handlers: Callable[[ApiRuntime], object]
    build_authenticator: Callable[[ApiRuntime], Authenticator]
    rate_limits: RateLimitPolicy | None = None
    format_from_suffix: bool = False
    default_format: Format = Format.JSON
    max_body_bytes: int = DEFAULT_MAX_BODY
    credentials: Sequence[Credential] = ()
    admin_routes: Callable[[ApiRuntime], list[Route]] | None = None
    strict_validation: bool = False
    """Reject query parameters the spec does not declare (400)."""
    uri_parser_class: type[Any] = SafeURIParser
    """Connexion URI parser for this API; the default turns malformed deepObject values
    into 400s instead of Connexion's KeyError (a 500)."""
    jsonp: JsonpQuery | None = None
    """How the API asks for JSONP, if it does (forced successes are wrapped alike)."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    spec: Mapping[str, Any] | None = None
    """The document itself, for APIs not read from ``spec_file`` (a user's own spec)."""


class ApiRuntime:
    """One API served by one process: its definition plus live state."""

    def __init__(
        self,
        definition: ApiDefinition,
        settings: Settings,
        webhooks: WebhookDispatcher,
        mount_path: str,
        spec: Mapping[str, Any],
    ) -> None:
        self.definition = definition
        self.settings = settings
        self.webhooks = webhooks
        self.mount_path = mount_path
        self.limiter = RateLimiter()
        self.state: Any = None
        self.operations = Operations(spec)
        self.body_media_types = body_media_types(spec)
        self._literal = {
            template: sorted(m.upper() for m in item if m in _METHODS)
            for template, item in spec.get("paths", {}).items()
            if "{" not in template
        }
        self.reset()
        self.authenticator = definition.build_authenticator(self)
        self.handlers = definition.build_handlers(self)

    @property
    def owns_root(self) -> bool:
        """Served at the host root with an operation on `/` (the index steps aside)."""
        return self.mount_path == "" and "/" in self._literal

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def max_body_bytes(self) -> int:
        return self.settings.max_body_bytes or self.definition.max_body_bytes

    def seed_context(self) -> SeedContext:
        seed = self.settings.seed ^ zlib.crc32(self.name.encode())
        faker = Faker()
        faker.seed_instance(seed)
        return SeedContext(
            self.settings,
            faker,
            IdFactory(seed),
            self.settings.reference_time,
            self.settings.fixture_volume,
        )

    def reset(self) -> None:
        """Back to the seeded state: same seed, same data, the configured limits."""
        self.state = self.definition.build_state(self.seed_context())
        self.limiter.reset()
        prefix = f"{self.name}:"
        # caller (`sub`) -> a custom limit in force instead of its plan's
        self.key_limits: dict[str, RateLimit] = {
            key[len(prefix) :]: limit
            for key, limit in self.settings.key_rate_limits.items()
            if key.startswith(prefix)
        }
        self.webhooks.clear(self.name)

    def response_format(self, path: str) -> Format:
        if self.definition.format_from_suffix:
            return suffix_format(path) or self.definition.default_format
        return self.definition.default_format

    def enforce_rate_limit(self, token_info: TokenInfo, headers: dict[str, str]) -> None:
        """Count one request against the caller's plan; raise if over the limit."""
        policy = self.definition.rate_limits
        if policy is None or not self.settings.rate_limits_enabled:
            return
        plan = str(token_info.get("plan") or policy.default_plan or "")
        caller = str(token_info.get("sub"))
        custom = self.key_limits.get(caller)
        limit = custom or self.settings.rate_limit(self.name, plan, policy.plans.get(plan))
        if limit is None:
            return
        bucket = f"key:{caller}:{custom}" if custom else f"{plan}:{caller}"
        decision = self.limiter.acquire(bucket, limit)
        headers.update(self.rate_limit_headers(plan, limit, decision))
        if not decision.allowed:
            raise ApiError(ErrorKind.RATE_LIMITED, policy.message, retry_after=decision.retry_after)

    def enforce_address_limit(
        self, operation_id: str, address: str, headers: dict[str, str]
    ) -> None:
        """Count one call of an address-limited operation; raise if over its limit.
        Overridable like a plan, as `<api>.address.<operationId>`."""
        policy = self.definition.rate_limits
        if policy is None or not self.settings.rate_limits_enabled:
            return
        documented = policy.per_address.get(operation_id)
        limit = self.settings.rate_limit(self.name, f"address.{operation_id}", documented)
        if documented is None or limit is None:
            return
        decision = self.limiter.acquire(f"address:{operation_id}:{address}", limit)
        headers.update(self.rate_limit_headers(operation_id, limit, decision))
        if not decision.allowed:
            raise ApiError(ErrorKind.RATE_LIMITED, policy.message, retry_after=decision.retry_after)

    def rate_limit_headers(
        self, policy: str, limit: RateLimit, decision: Decision
    ) -> dict[str, str]:
        """The headers a rate-limit ``decision`` gives: the API's documented ones, or the
        IETF fields (named ``policy``) under ``--ratelimit-headers ietf``."""
        if self.settings.rate_limit_headers == "ietf":
            return ietf_headers(policy, limit, decision)
        assert self.definition.rate_limits is not None
        return self.definition.rate_limits.headers(decision)

    def allowed_methods(self, path: str) -> list[str]:
        """The methods the spec declares for a request path (for 405's `Allow`)."""
        return self.operations.allowed_methods(self._relative(path))

    def literal_route_refuses(self, path: str, method: str) -> list[str] | None:
        """If ``path`` is a literal spec path (no parameters) that does not declare
        ``method``, the methods it does declare; else None.

        The router would otherwise hand `GET /policies/evaluate` to
        `GET /policies/{policy_id}` and answer 400 instead of 405.
        """
        methods = self._literal.get(self._relative(path))
        if methods is None or method in methods or method in ("OPTIONS", "HEAD"):
            return None
        return methods

    def _relative(self, path: str) -> str:
        return path[len(self.mount_path.rstrip("/")) :] or "/"


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
