"""Builds one Connexion AsyncApp serving any set of the APIs, each from its spec."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from functools import partial
from typing import Any

from connexion import AsyncApp
from connexion.apps.abstract import AbstractApp
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from contract import load_file
from mockserver.core.admin import AdminMiddleware, admin_routes
from mockserver.core.admin_rules import rule_book, rule_routes
from mockserver.core.auth import pin_signature, with_security_hooks
from mockserver.core.bodies import RequestBodyFraming
from mockserver.core.context import (
    ApiDispatchMiddleware,
    RateLimitMiddleware,
    request_context,
)
from mockserver.core.cors import CORS
from mockserver.core.disruption import DisruptionMiddleware
from mockserver.core.errors import ApiError, ErrorKind, to_api_error
from mockserver.core.faults import remember_transport
from mockserver.core.forced import ForcedResponseMiddleware
from mockserver.core.heap import settle_heap
from mockserver.core.index import IndexPage
from mockserver.core.journal import RequestJournal
from mockserver.core.jsondepth import validator_map
from mockserver.core.prepared import (
    SECURITY_MAP,
    ExpressLane,
    FastJsonifier,
    LaneSettings,
    PreparedASGIApp,
    middlewares,
)
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
    "RateLimit",
    "RateLimit-Policy",
    "WWW-Authenticate",
    "Preference-Applied",
]

_PLAIN_ERRORS = ErrorStyle(build=lambda error, _status: {"message": error.message})


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
        if settings.settle_heap:
            settle_heap()  # the stack is built by now: it is frozen too
        yield
        await webhooks.aclose()

    runtimes: list[ApiRuntime] = []
    specs: list[dict[str, Any]] = []
    for definition in definitions:
        document = definition.spec or load_file(settings.spec_dir / definition.spec_file)
        spec = with_security_hooks(dict(document))
        mount = definition.base_path if standalone else definition.prefix
        runtimes.append(ApiRuntime(definition, settings, webhooks, mount.rstrip("/"), spec))
        specs.append(spec)
    rules = rule_book({r.name: r.operations for r in runtimes}, settings)
    admin = [*admin_routes(runtimes, journal, webhooks, reload_status), *rule_routes(rules)]
    validators = validator_map()
    inner = PreparedASGIApp()
    lane_settings = LaneSettings(
        validator_map=validators,
        security_map=SECURITY_MAP,
        render_error=render_error,
        validate_responses=settings.validate_responses,
    )
    lane = [partial(ExpressLane, inner=inner, settings=lane_settings)]
    stack = middlewares(
        outside_errors=[
            partial(
                CORS,
                allow_origins=["*"],
                allow_methods=["*"],
                allow_headers=["*"],
                expose_headers=EXPOSED_HEADERS,
                max_age=600,
            ),
            # outside the admin routes: a webhook to /__admin/reset is refused
            partial(SelfCallRefusal, guard=webhooks.guard),
            partial(
                AdminMiddleware,
                routes=admin,
                index=None if any(r.owns_root for r in runtimes) else IndexPage(runtimes),
            ),
            partial(ApiDispatchMiddleware, runtimes=runtimes, journal=journal),
            partial(DisruptionMiddleware, rules=rules),
            *(lane if settings.express_lane else []),
        ],
        after_security=[RateLimitMiddleware, RequestBodyFraming],
        before_handler=[ForcedResponseMiddleware],
    )
    app = MockApp(
        __name__,
        inner=inner,
        lifespan=lifespan,
        middlewares=stack,
        validator_map=validators,
        security_map=SECURITY_MAP,
        jsonifier=FastJsonifier(),
    )
    for runtime, spec in zip(runtimes, specs, strict=True):
        app.add_api(
            spec,
            base_path=runtime.mount_path or None,
            name=runtime.name,
            resolver=_resolver(runtime),
            validate_responses=settings.validate_responses,
            strict_validation=runtime.definition.strict_validation,
            uri_parser_class=runtime.definition.uri_parser_class,
            pythonic_params=True,
            auth_all_paths=True,
        )
    for exception in (ApiError, ProblemException, HTTPException, Exception):
        app.add_error_handler(exception, render_error)
    app.runtimes = runtimes  # type: ignore[attr-defined]
    app.webhooks = webhooks  # type: ignore[attr-defined]
    app.journal = journal  # type: ignore[attr-defined]
    app.rules = rules  # type: ignore[attr-defined]
    app.lane = lane_settings  # type: ignore[attr-defined]
    return app


class MockApp(AsyncApp):
    """Connexion's AsyncApp serving prepared operations (core/prepared), keeping the
    server's transport in each request's scope so that a fault can break the connection
    for real."""

    def __init__(self, import_name: str, *, inner: PreparedASGIApp, **kwargs: Any) -> None:
        # AsyncApp.__init__ hard-codes its innermost app; this is the same app with
        # handlers decorated once per operation instead of once per request.
        self._middleware_app = inner
        AbstractApp.__init__(self, import_name, **kwargs)

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
