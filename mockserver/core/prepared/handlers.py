"""Handlers decorated once per operation, not once per request.

Connexion's ``AsyncOperation.fn`` is a property: every request builds a new decorator,
decorates the handler again (inspecting its signature three times) and a new URI
parser. :class:`PreparedOperation` builds the decorated handler and the parser when
the operation is first called and keeps them; the decorators themselves are
Connexion's, so the handler receives exactly the arguments it did before.
"""

from __future__ import annotations

import functools
import typing as t

from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp, AsyncOperation
from connexion.context import receive, scope
from connexion.decorators import StarletteDecorator
from connexion.decorators.parameter import AsyncParameterDecorator
from connexion.frameworks.starlette import starlettify_path
from connexion.jsonifier import Jsonifier
from connexion.lifecycle import ConnexionRequest
from connexion.operations import AbstractOperation
from starlette.types import Receive, Scope, Send

NAME_MEMO_SIZE = 1024
"""Distinct parameter names whose Pythonic form is remembered (names come from
requests too, so the memo is bounded)."""


class _MemoParameterDecorator(AsyncParameterDecorator):
    """Connexion's parameter decorator with the name sanitiser memoised: it ran
    ``inflection`` and three regular expressions per argument per request."""

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        sanitize: t.Callable[[str], str] = self.sanitize_fn  # type: ignore[has-type]
        self.sanitize_fn = functools.lru_cache(maxsize=NAME_MEMO_SIZE)(sanitize)


class _PreparedDecorator(StarletteDecorator):
    @property
    def _parameter_decorator_cls(self) -> type[AsyncParameterDecorator]:
        return _MemoParameterDecorator


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
        request = ConnexionRequest(
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
