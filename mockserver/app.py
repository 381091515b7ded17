"""Builds one Connexion AsyncApp serving any set of the APIs, each from its spec."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from connexion import AsyncApp
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware import MiddlewarePosition
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Receive, Scope, Send

from mockserver.core.admin import AdminMiddleware, admin_routes
from mockserver.core.admin_rules import rule_book, rule_routes
from mockserver.core.auth import pin_signature, with_security_hooks
from mockserver.core.bodies import RequestBodyFraming
from mockserver.core.context import (
    ApiDispatchMiddleware,
    RateLimitMiddleware,
    request_context,
)
from mockserver.core.disruption import DisruptionMiddleware
from mockserver.core.errors import ApiError, ErrorKind, to_api_error
from mockserver.core.faults import remember_transport
from mockserver.core.forced import ForcedResponseMiddleware
from mockserver.core.index import IndexPage
from mockserver.core.journal import RequestJournal
from mockserver.core.jsondepth import validator_map
from mockserver.core.rendering import ErrorStyle
from mockserver.core.runtime import ApiDefinition, ApiRuntime
from mockserver.core.webhooks import DeliveryPolicy, SelfCallRefusal, WebhookDispatcher
from mockserver.settings import Settings

logger = logging.getLogger(__name__)

EXPOSED_HEADERS = [
    "Location",
    "Retry-After",
    "ETag",
    "Content-Range",
    "Accept-Ranges",
    "Allow",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "WWW-Authenticate",
    "Preference-Applied",
]

_PLAIN_ERRORS = ErrorStyle(build=lambda error, _status: {"message": error.message})


def load_spec(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    if not isinstance(spec, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return spec


def create_app(
    definitions: Sequence[ApiDefinition],
    settings: Settings,
    *,
    standalone: bool = False,
    reload_status: Callable[[], Mapping[str, Any]] | None = None,
) -> AsyncApp:
    """One app serving ``definitions``: under their prefixes, or (``standalone``, a single
    API) at its real base path. ``reload_status`` feeds `/__admin/health` (``--reload``)."""
    if standalone and len(definitions) != 1:
        raise ValueError("standalone mode serves exactly one API")
    journal = RequestJournal(
        settings.journal_size, settings.journal_max_bytes, settings.journal_value_chars
    )
    webhooks = WebhookDispatcher(DeliveryPolicy.from_settings(settings), own_ports=(settings.port,))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        yield
        await webhooks.aclose()

    app = MockApp(__name__, lifespan=lifespan, validator_map=validator_map())
    runtimes: list[ApiRuntime] = []
    for definition in definitions:
        document = definition.spec or load_spec(settings.spec_dir / definition.spec_file)
        spec = with_security_hooks(dict(document))
        mount = definition.base_path if standalone else definition.prefix
        runtime = ApiRuntime(definition, settings, webhooks, mount.rstrip("/"), spec)
        runtimes.append(runtime)
        app.add_api(
            spec,
            base_path=mount.rstrip("/") or None,
            name=definition.name,
            resolver=_resolver(runtime),
            validate_responses=settings.validate_responses,
            strict_validation=definition.strict_validation,
            uri_parser_class=definition.uri_parser_class,
            pythonic_params=True,
            auth_all_paths=True,
        )

    rules = rule_book({r.name: r.operations for r in runtimes}, settings)
    admin = [*admin_routes(runtimes, journal, webhooks, reload_status), *rule_routes(rules)]

    app.add_middleware(
        CORSMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        allow_origins=["*"],
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
    app.add_middleware(  # outside the admin routes: a webhook to /__admin/reset is refused
        SelfCallRefusal, position=MiddlewarePosition.BEFORE_EXCEPTION, guard=webhooks.guard
    )
    app.add_middleware(
        AdminMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        routes=admin,
        index=None if any(r.owns_root for r in runtimes) else IndexPage(runtimes),
    )
    app.add_middleware(
        ApiDispatchMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        runtimes=runtimes,
        journal=journal,
    )
    app.add_middleware(
        DisruptionMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, rules=rules
    )
    app.add_middleware(RateLimitMiddleware, position=MiddlewarePosition.BEFORE_VALIDATION)
    app.add_middleware(RequestBodyFraming, position=MiddlewarePosition.BEFORE_VALIDATION)
    app.add_middleware(ForcedResponseMiddleware, position=MiddlewarePosition.BEFORE_CONTEXT)
    for exception in (ApiError, ProblemException, HTTPException, Exception):
        app.add_error_handler(exception, render_error)
    app.runtimes = runtimes  # type: ignore[attr-defined]
    app.webhooks = webhooks  # type: ignore[attr-defined]
    app.journal = journal  # type: ignore[attr-defined]
    app.rules = rules  # type: ignore[attr-defined]
    return app


class MockApp(AsyncApp):
    """Connexion's AsyncApp that keeps the server's transport in each request's scope,
    so that a fault can break the connection for real."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        remember_transport(scope, send)
        await super().__call__(scope, receive, send)


def _resolver(runtime: ApiRuntime) -> Any:
    def resolve(operation_id: str) -> Any:
        handler = getattr(runtime.handlers, operation_id, None)
        if handler is None:
            raise AttributeError(f"{runtime.name}: no handler for operationId '{operation_id}'")
        return pin_signature(handler)

    return resolve


async def render_error(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """Every error leaves in its API's own format: the one error edge of the app."""
    context = request_context(request.scope)
    error = to_api_error(exc)
    runtime = context.runtime
    if error.kind is ErrorKind.METHOD_NOT_ALLOWED and runtime is not None:
        allowed = runtime.allowed_methods(request.scope["path"])
        if allowed:
            error.headers = {**error.headers, "Allow": ", ".join(allowed)}
    style = runtime.definition.errors if runtime is not None else _PLAIN_ERRORS
    rendered = style.render(error, context.format)
    return ConnexionResponse(
        status_code=rendered.status,
        mimetype=rendered.media_type,
        body=rendered.body,
        headers=dict(rendered.headers),
    )
