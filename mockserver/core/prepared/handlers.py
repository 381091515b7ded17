"""Handlers decorated once per operation, not once per request.

Connexion's ``AsyncOperation.fn`` is a property: every request builds a new decorator,
decorates the handler again (inspecting its signature three times) and a new URI
parser. :class:`PreparedOperation` builds the decorated handler and the parser when
the operation is first called and keeps them; the decorators themselves are
Connexion's, so the handler receives exactly the arguments it did before.
"""

from __future__ import annotations

import collections.abc
import functools
import types
import typing as t
from copy import deepcopy
from dataclasses import dataclass

from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp, AsyncOperation
from connexion.context import context, operation, receive, scope
from connexion.datastructures import NoContent
from connexion.decorators import StarletteDecorator
from connexion.decorators.parameter import (
    CONTEXT_NAME,
    AsyncParameterDecorator,
    _get_query_defaults,
    _get_val_from_param,
    _query_args_helper,
    unwrap_decorators,
)
from connexion.decorators.response import AsyncResponseDecorator
from connexion.exceptions import NonConformingResponseHeaders
from connexion.frameworks.starlette import starlettify_path
from connexion.http_facts import FORM_CONTENT_TYPES
from connexion.jsonifier import Jsonifier
from connexion.lifecycle import ConnexionRequest
from connexion.operations import AbstractOperation
from connexion.utils import (
    deep_merge,
    inspect_function_arguments,
    is_json_mimetype,
    is_null,
    is_nullable,
    split_content_type,
)
from starlette.types import Receive, Scope, Send

from mockserver.core.prepared.request import PreparedRequest

NAME_MEMO_SIZE = 1024
"""Distinct parameter names whose Pythonic form is remembered (names come from
requests too, so the memo is bounded)."""


class _PreparedParameterDecorator(AsyncParameterDecorator):
    """Connexion's parameter decorator with what depends only on the operation worked
    out once: the handler's arguments, the parameters' definitions and defaults, the
    Pythonic names (memoised: names come from requests too, so the memo is bounded).

    Form and multipart bodies (and TRACE) take Connexion's own path unchanged; for the
    rest, the arguments are built by Connexion's own helpers from the prepared tables,
    so the handler receives exactly what it did before.
    """

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        sanitize: t.Callable[[str], str] = self.sanitize_fn  # type: ignore[has-type]
        self.sanitize_fn = functools.lru_cache(maxsize=NAME_MEMO_SIZE)(sanitize)

    def __call__(self, function: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        connexion_wrapper = super().__call__(function)
        arguments, has_kwargs = inspect_function_arguments(unwrap_decorators(function))
        wanted = frozenset(arguments)
        sanitize = self.sanitize_fn
        tables: list[_OperationTables] = []

        @functools.wraps(function)
        async def wrapper(request: ConnexionRequest) -> t.Any:
            mimetype = request.mimetype
            if mimetype in FORM_CONTENT_TYPES or mimetype.startswith("multipart/"):
                return await connexion_wrapper(request)
            if not tables:
                tables.append(_OperationTables(operation._get_current_object(), sanitize))
            table = tables[0]
            if table.is_trace:
                return await connexion_wrapper(request)
            kwargs = table.path_arguments(request.path_params)
            if request.scope.get("query_string") or table.query_defaults:
                kwargs.update(table.query_arguments(request.query_params, wanted, has_kwargs))
            # As Connexion: read the body if the header's body name is an argument, and
            # pass it under the media type's body name.
            if table.has_body:
                read_name = table.body_facts(request.content_type).name
                if read_name in wanted or has_kwargs:
                    body = await request.get_body()
                    facts = table.body_facts(mimetype)
                    if facts.name in wanted or has_kwargs:
                        kwargs[facts.name] = facts.argument(body)
            kwargs = {sanitize(k): v for k, v in kwargs.items()}
            for key, value in context.items():
                if has_kwargs or key in wanted:
                    kwargs[key] = value
            if CONTEXT_NAME in wanted:
                kwargs[CONTEXT_NAME] = context
            return await function(**kwargs)

        return wrapper


@dataclass(frozen=True)
class _BodyFacts:
    """What Connexion's ``_get_body_argument_json`` read from the operation per request."""

    name: str
    """The handler's argument for the body (sanitised)."""
    nullable: bool
    default: t.Any

    def argument(self, body: t.Any) -> t.Any:
        """The body argument, as ``connexion.decorators.parameter._get_body_argument_json``
        makes it: none for a null body the schema allows, a copy of the default for none."""
        if self.nullable and is_null(body):
            return None
        if body is None:
            return deepcopy(self.default)
        return body


class _OperationTables:
    """What Connexion's ``get_arguments`` recomputed per request, per operation."""

    def __init__(self, operation: AbstractOperation, sanitize: t.Callable[[str], str]) -> None:
        self.operation = operation
        self.sanitize = sanitize
        self.is_trace = operation.method.upper() == "TRACE"
        self.has_body = bool(operation.is_request_body_defined)
        parameters = operation.parameters
        self.path_definitions = {p["name"]: p for p in parameters if p["in"] == "path"}
        self.query_definitions = {p["name"]: p for p in parameters if p["in"] == "query"}
        self.query_defaults = _get_query_defaults(self.query_definitions)
        self._nested_defaults = frozenset(
            k
            for k, v in self.query_defaults.items()
            if not isinstance(v, (str, int, float, bool, type(None)))
        )
        """Defaults that are containers: copied deeply per request, the scalars shallowly."""
        self.body_facts = functools.lru_cache(maxsize=NAME_MEMO_SIZE)(self._body_facts)
        """The body's facts by media type (media types come from requests: bounded)."""

    def _body_facts(self, content_type: str) -> _BodyFacts:
        operation = self.operation
        schema = operation.body_schema(content_type)
        return _BodyFacts(
            name=self.sanitize(operation.body_name(content_type)),
            nullable=bool(is_nullable(schema)),
            default=schema.get("default", {}),
        )

    def path_arguments(self, path_params: dict[str, t.Any]) -> dict[str, t.Any]:
        kwargs = {}
        for name, value in path_params.items():
            definition = self.path_definitions.get(name)
            key = self.sanitize(name)
            kwargs[key] = value if definition is None else _get_val_from_param(value, definition)
        return kwargs

    def query_arguments(
        self, query_params: dict[str, t.Any], wanted: frozenset[str], has_kwargs: bool
    ) -> dict[str, t.Any]:
        # deep_merge changes its first argument (and the handler may change what it
        # gets): a container default is copied deeply, a scalar needs no copy.
        defaults = dict(self.query_defaults)
        for name in self._nested_defaults:
            defaults[name] = deepcopy(defaults[name])
        merged = deep_merge(defaults, query_params)
        return _query_args_helper(
            self.query_definitions, merged, list(wanted), has_kwargs, self.sanitize
        )


class _PreparedResponseDecorator(AsyncResponseDecorator):
    """Connexion's response decorator with what depends only on the operation read once:
    its produced media types (Connexion deduplicated them per response) and whether a
    media type is JSON (Connexion split and compared it per response). The decisions
    are Connexion's, step for step."""

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self._produces: list[str] | None = None

    def _infer_content_type(self, data: t.Any, headers: dict[str, t.Any]) -> str | None:  # type: ignore[override]
        content_type = _header_content_type(headers) if headers else None
        produces = self._produces
        if produces is None:
            produces = self._produces = list(set(operation.produces))
        if data is not None and not produces:
            produces = ["application/json"]
        if content_type:
            if content_type not in produces:
                raise NonConformingResponseHeaders(
                    f"Returned content type ({content_type}) is not defined in operation spec "
                    f"({operation.produces})."
                )
            return content_type
        if len(produces) == 1:
            return produces[0]
        if not produces:
            return None
        if isinstance(data, str):
            for produced in produces:
                if "text/plain" in produced:
                    content_type = produced
        elif isinstance(data, (bytes, types.GeneratorType, collections.abc.Iterator)):
            for produced in produces:
                if "application/octet-stream" in produced:
                    content_type = produced
        if content_type is None:
            raise NonConformingResponseHeaders(
                "Multiple response content types are defined in the operation spec, but "
                "the handler response did not specify which one to return."
            )
        return content_type

    def _serialize_data(self, data: t.Any, *, content_type: str) -> t.Any:
        if data is None or data is NoContent:
            return None
        return self.jsonifier.dumps(data) if _is_json_type(content_type) else data


def _header_content_type(headers: t.Any) -> str | None:
    """The Content-Type among a handler's headers (a dict or ASGI pairs), as
    ``connexion.utils.extract_content_type`` finds it."""
    pairs = headers.items() if isinstance(headers, dict) else headers
    for key, value in pairs:
        name = key.decode("latin-1") if isinstance(key, bytes) else key
        if name.lower() == "content-type":
            return value.decode("latin-1") if isinstance(value, bytes) else t.cast(str, value)
    return None


@functools.lru_cache(maxsize=NAME_MEMO_SIZE)
def _is_json_type(content_type: str | None) -> bool:
    return bool(is_json_mimetype(split_content_type(content_type)[0]))


class _PreparedDecorator(StarletteDecorator):
    @property
    def _parameter_decorator_cls(self) -> type[AsyncParameterDecorator]:
        return _PreparedParameterDecorator

    @property
    def _response_decorator_cls(self) -> type[AsyncResponseDecorator]:
        return _PreparedResponseDecorator


class PreparedOperation(AsyncOperation):
    """One operation's handler: decorated and given its URI parser once."""

    def __init__(
        self,
        fn: t.Callable[..., t.Any],
        jsonifier: Jsonifier,
        operation_id: str,
        pythonic_params: bool,
        operation: AbstractOperation,
    ) -> None:
        super().__init__(
            fn, jsonifier=jsonifier, operation_id=operation_id, pythonic_params=pythonic_params
        )
        self.operation = operation

    @classmethod
    def from_operation(  # type: ignore[override]
        cls, operation: AbstractOperation, *, pythonic_params: bool, jsonifier: Jsonifier
    ) -> PreparedOperation:
        return cls(
            operation.function,
            jsonifier=jsonifier,
            operation_id=operation.operation_id,
            pythonic_params=pythonic_params,
            operation=operation,
        )

    @functools.cached_property
    def _decorated(self) -> t.Callable[[ConnexionRequest], t.Awaitable[t.Any]]:
        decorator = _PreparedDecorator(
            pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )
        return t.cast(t.Any, decorator.decorate(self._fn))

    @functools.cached_property
    def uri_parser(self) -> t.Any:
        """The operation's URI parser (Connexion built one per request)."""
        operation = self.operation
        return operation.uri_parser_class(operation.parameters, operation.body_definition())

    async def __call__(self, _scope: Scope, _receive: Receive, send: Send) -> None:  # type: ignore[override]
        # Connexion's decorator reads the request from its context variables (set by its
        # ContextMiddleware), not from the arguments: keep that.
        request = PreparedRequest(
            scope._get_current_object(),  # werkzeug LocalProxy: the object behind it
            receive._get_current_object(),
            uri_parser=self.uri_parser,
        )
        response = await self.respond(request)
        await response(_scope, _receive, send)

    async def respond(self, request: ConnexionRequest) -> t.Any:
        """The handler's answer as a Starlette response (Connexion's context variables
        must be set: its decorators read them)."""
        return await self._decorated(request)


class PreparedApi(AsyncApi):
    """Connexion's API of handlers, remembering each route for the express lane."""

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        self.prepared_routes: list[tuple[str, str, PreparedOperation]] = []
        super().__init__(*args, **kwargs)

    def make_operation(self, operation: AbstractOperation) -> AsyncOperation:
        prepared = PreparedOperation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )
        # The path as Connexion's routing middleware registers it with Starlette.
        path = starlettify_path(operation.path, operation.get_path_parameter_types())
        self.prepared_routes.append((operation.method.upper(), path, prepared))
        return prepared


class PreparedASGIApp(AsyncASGIApp):
    """Connexion's innermost app, serving :class:`PreparedOperation` handlers."""

    api_cls = PreparedApi
