"""The express lane: an ordinary request served without walking Connexion's stack.

Connexion's stack sends every request through a dozen middlewares and two routers.
For a request that nothing unusual happens to, the lane does the same work in one
place, with the same parts: Connexion's own security verification, parameter
validator, the app's body validators, the handler behind Connexion's own decorators,
Connexion's response validation, and the app's error renderer and rate limiter.

The lane only ever answers a request it has fully accepted. Anything else goes down
the full stack untouched, with its body replayed, so every refusal (401, 400, 405,
415, 413...) is exactly the stack's:

- the route is not exactly one of the API's operations for the method and path;
- the request carries preferences (`Prefer`, `__` parameters) or a chunked body, or a
  body without a Content-Type;
- security, the parameters or the body do not validate.

Accepted requests are then limited (429 in the API's format), handled and answered
here; an error the handler raises is rendered as the stack would render it.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass

from connexion.context import _context, _operation, _receive, _scope
from connexion.lifecycle import ConnexionRequest
from connexion.middleware.response_validation import ResponseValidationOperation
from connexion.middleware.security import SecurityOperation
from connexion.security import SecurityHandlerFactory
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.bodies import has_body, is_chunked
from mockserver.core.context import SCOPE_KEY, RequestContext, enforce_rate_limits
from mockserver.core.prepared.handlers import PreparedASGIApp, PreparedOperation
from mockserver.core.prepared.request import PreparedRequest
from mockserver.core.prepared.validation import PreparedValidationOperation
from mockserver.core.validation import UNSURE

ErrorRenderer = t.Callable[[ConnexionRequest, Exception], t.Awaitable[t.Any]]
_RESPONSE_KEY = "understudy.lane_response"


class _Refused(Exception):
    """The lane does not take this request: it goes down the full stack."""


@dataclass
class LaneSettings:
    """What the lane shares with the stack it stands in for."""

    validator_map: dict[str, t.Any]
    security_map: dict[str, t.Any]
    render_error: ErrorRenderer
    validate_responses: bool
    served: int = 0
    """Requests the lane answered itself."""
    handed_on: int = 0
    """Requests of an API the lane sent down the full stack."""
    accepted_bodies: int = 0
    """Bodies the lane's compiled checks accepted (parsed once, not validated again)."""


class _Route:
    """One operation as the lane serves it."""

    def __init__(
        self,
        method: str,
        framework_path: str,
        prepared: PreparedOperation,
        base_path: str,
        strict: bool,
        settings: LaneSettings,
    ) -> None:
        self.method = method
        self.regex, _, self.convertors = compile_path(framework_path)
        self.literal = not self.convertors
        self.path = framework_path
        self.prepared = prepared
        operation = prepared.operation
        self.operation = operation
        self.routing = {"api_base_path": base_path, "operation_id": operation.operation_id}
        self.security = SecurityOperation.from_operation(
            operation,
            next_app=_unreachable,
            security_handler_factory=SecurityHandlerFactory(settings.security_map),
        )
        self.validation = PreparedValidationOperation(
            _unreachable,
            operation=operation,
            strict_validation=strict,
            validator_map=settings.validator_map,
        )
        self.declares_body = bool(operation.request_body)
        self.response_validation = (
            ResponseValidationOperation(
                _emit, operation=operation, validator_map=settings.validator_map
            )
            if settings.validate_responses
            else None
        )

    def match(self, path: str) -> dict[str, t.Any] | None:
        found = self.regex.match(path)
        if found is None:
            return None
        return {
            name: self.convertors[name].convert(value) for name, value in found.groupdict().items()
        }


async def _unreachable(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("the lane calls security verification directly")


async def _emit(scope: Scope, receive: Receive, send: Send) -> None:
    response: Response = scope.pop(_RESPONSE_KEY)
    await response(scope, receive, send)


class _RouteTable:
    """The operations of one API: literal paths by dict, templates by regex."""

    def __init__(self, routes: list[_Route]) -> None:
        self.literal: dict[tuple[str, str], _Route] = {}
        self.templates: list[_Route] = []
        literal_paths: set[str] = set()
        for route in routes:
            if route.literal:
                self.literal[(route.method, route.path)] = route
                literal_paths.add(route.path)
            else:
                self.templates.append(route)
        self.literal_paths = frozenset(literal_paths)

    def find(self, method: str, path: str) -> tuple[_Route, dict[str, t.Any]] | None:
        route = self.literal.get((method, path))
        if route is not None:
            return route, {}
        if path in self.literal_paths:
            return None  # a literal path with another method: the stack's 405
        found: tuple[_Route, dict[str, t.Any]] | None = None
        for candidate in self.templates:
            if candidate.method != method:
                continue
            params = candidate.match(path)
            if params is not None:
                if found is not None:
                    return None  # two templates match: let Starlette's order decide
                found = (candidate, params)
        return found


class ExpressLane:
    """The middleware; sits inside the mock's own outer layers, outside Connexion's."""

    def __init__(self, app: ASGIApp, inner: PreparedASGIApp, settings: LaneSettings) -> None:
        self.app = app
        self.inner = inner
        self.settings = settings
        self._tables: dict[str, _RouteTable | None] = {}

    def _table(self, context: RequestContext) -> _RouteTable | None:
        runtime = context.runtime
        assert runtime is not None
        mount = runtime.mount_path
        if mount not in self._tables:
            apis = self.inner.apis.get(mount, [])
            if len(apis) != 1:  # not built yet, or two specs at one base path
                return None
            strict = runtime.definition.strict_validation
            self._tables[mount] = _RouteTable(
                [
                    _Route(method, path, prepared, mount, strict, self.settings)
                    for method, path, prepared in apis[0].prepared_routes
                ]
            )
        return self._tables[mount]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        context: RequestContext | None = scope.get(SCOPE_KEY)
        if (
            scope["type"] != "http"
            or context is None
            or context.runtime is None
            or context.preferences is not None
        ):
            if context is not None and context.runtime is not None:
                self.settings.handed_on += 1
            await self.app(scope, receive, send)
            return
        table = self._table(context)
        relative = scope["path"][len(context.runtime.mount_path) :] or "/"
        found = table.find(scope["method"], relative) if table is not None else None
        if found is None:
            self.settings.handed_on += 1
            await self.app(scope, receive, send)
            return
        route, path_params = found
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        extensions = scope.get("extensions")
        try:
            accepted = await self._accept(route, path_params, scope, receive)
        except _Refused as refused:
            scope["headers"] = headers
            scope.pop("path_params", None)
            if extensions is None:
                scope.pop("extensions", None)
            else:
                extensions.pop("connexion_routing", None)
                extensions.pop("connexion_context", None)
            replay = _replaying(refused.args[0] if refused.args else [], receive)
            self.settings.handed_on += 1
            await self.app(scope, replay, send)
            return
        self.settings.served += 1
        await self._serve(route, context, scope, accepted, send)

    async def _accept(
        self,
        route: _Route,
        path_params: dict[str, t.Any],
        scope: Scope,
        receive: Receive,
    ) -> PreparedRequest:
        """The request, validated, reading its validated body; raises _Refused(the
        messages read) for anything the lane does not answer itself."""
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        chunked = is_chunked(headers)
        carries_body = has_body(headers, chunked)
        has_type = any(name == b"content-type" for name, _ in headers)
        if chunked or (route.declares_body and carries_body and not has_type):
            raise _Refused([])
        if not route.declares_body and has_type:
            scope["headers"] = [(k, v) for k, v in headers if k != b"content-type"]
        scope["path_params"] = path_params
        scope.setdefault("extensions", {})["connexion_routing"] = dict(route.routing)
        uri_parser = route.prepared.uri_parser
        first = PreparedRequest(scope, receive, uri_parser=uri_parser)
        try:
            await route.security.verification_fn(first)
        except Exception:
            raise _Refused([]) from None
        # Read (and kept for a replay) whenever a validator may read it, even an empty
        # body: a refused request goes down the stack with its messages intact.
        messages = await _read_body(receive) if carries_body or route.declares_body else []
        try:
            # Body first, then parameters (Connexion's order is the reverse; here any
            # refusal goes to the stack, which reports in its order): one request
            # object, reading the validated body, serves the validator and the handler.
            request: PreparedRequest | None
            if not route.declares_body:
                # No body schema, no media types to check: validation would hand the
                # request on as it is.
                request = (
                    PreparedRequest(scope, _replaying(messages, receive), uri_parser=uri_parser)
                    if messages
                    else first
                )
            elif carries_body:
                request = _accepted_json(route, scope, messages, receive, uri_parser, self.settings)
            else:
                request = None
            if request is None:
                validated, inner_scope = await route.validation.validated_body(
                    scope, _replaying(messages, receive)
                )
                request = PreparedRequest(inner_scope, validated, uri_parser=uri_parser)
            route.validation.parameters.validate_request(request)
        except Exception:
            raise _Refused(messages) from None
        return request

    async def _serve(
        self,
        route: _Route,
        context: RequestContext,
        scope: Scope,
        request: ConnexionRequest,
        send: Send,
    ) -> None:
        scope = request.scope  # as validation left it (Connexion hands the handler this one)
        try:
            enforce_rate_limits(context, scope)
            _context.set(scope["extensions"].get("connexion_context", {}))
            _operation.set(route.operation)
            _receive.set(request.receive)
            _scope.set(scope)
            response = await route.prepared.respond(request)
        except Exception as exc:
            await self._render(exc, scope, request.receive, send)
            return
        if route.response_validation is None:
            await response(scope, request.receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        scope[_RESPONSE_KEY] = response
        try:
            await route.response_validation(scope, request.receive, tracking)
        except Exception as exc:
            if started:
                raise
            await self._render(exc, scope, request.receive, send)

    async def _render(self, exc: Exception, scope: Scope, receive: Receive, send: Send) -> None:
        """``exc`` as the API's error answer, as Connexion's exception middleware sends it."""
        rendered = await self.settings.render_error(PreparedRequest(scope, receive), exc)
        await Response(
            content=rendered.body,
            status_code=rendered.status_code,
            media_type=rendered.mimetype,
            headers=rendered.headers,
        )(scope, receive, send)


def _accepted_json(
    route: _Route,
    scope: Scope,
    messages: list[Message],
    receive: Receive,
    uri_parser: t.Any,
    settings: LaneSettings,
) -> PreparedRequest | None:
    """The request with its body parsed once, when the body validator's compiled
    acceptor certainly accepts it (core/acceptor.py); None when only the full body
    validation can tell. What the handler gets is what Connexion's validator hands on:
    the body with its defaults, re-serialised (a new Content-Length) for anything that
    reads the raw bytes, and already parsed for the handler's body argument."""
    validation = route.validation
    mime_type, encoding = validation.extract_content_type(scope["headers"])
    validation.validate_mime_type(mime_type)
    accepted = getattr(validation.body_validator(mime_type, encoding), "accepted", None)
    if accepted is None or any(m["type"] != "http.request" for m in messages):
        return None
    body = accepted(b"".join([m.get("body", b"") for m in messages]))
    if body is UNSURE:
        return None
    raw = json.dumps(body).encode(encoding)
    inner_scope = dict(scope)
    inner_scope["headers"] = _with_content_length(scope["headers"], len(raw))
    replay = _replaying([{"type": "http.request", "body": raw, "more_body": False}], receive)
    request = PreparedRequest(inner_scope, replay, uri_parser=uri_parser)
    request._starlette_request._json = body  # parsed once: the handler reads this
    settings.accepted_bodies += 1
    return request


def _with_content_length(
    headers: list[tuple[bytes, bytes]], length: int
) -> list[tuple[bytes, bytes]]:
    """``headers`` with one Content-Length of ``length``, where the first one was (as
    Starlette's ``MutableHeaders`` sets it in Connexion's validators)."""
    value = str(length).encode("latin-1")
    changed: list[tuple[bytes, bytes]] = []
    seen = False
    for name, old in headers:
        if name == b"content-length":
            if not seen:
                changed.append((name, value))
            seen = True
        else:
            changed.append((name, old))
    if not seen:
        changed.append((b"content-length", value))
    return changed


async def _read_body(receive: Receive) -> list[Message]:
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    if not messages:
        return receive
    pending = iter(list(messages))

    async def replay() -> Message:
        for message in pending:
            return message
        return await receive()

    return replay
