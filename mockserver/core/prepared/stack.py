"""The whole middleware stack of the mock, in request order, in one place.

Connexion's default stack with two of its layers replaced by their prepared forms
(documentation routing, request validation) and the mock's own layers in three slots:
outside Connexion's error handling, between security and validation, and just before
the handler's context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from connexion.middleware.context import ContextMiddleware
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware

from mockserver.core.prepared.docs import DocsPathsOnly
from mockserver.core.prepared.validation import PreparedRequestValidation


def middlewares(
    *,
    outside_errors: Sequence[Any],
    after_security: Sequence[Any],
    before_handler: Sequence[Any],
) -> list[Any]:
    """The stack for ``AsyncApp(middlewares=...)``; each group in request order (classes
    or ``functools.partial`` of them, as Connexion accepts)."""
    return [
        ServerErrorMiddleware,
        *outside_errors,
        ExceptionMiddleware,
        DocsPathsOnly,
        RoutingMiddleware,
        SecurityMiddleware,
        *after_security,
        PreparedRequestValidation,
        ResponseValidationMiddleware,
        LifespanMiddleware,
        *before_handler,
        ContextMiddleware,
    ]
