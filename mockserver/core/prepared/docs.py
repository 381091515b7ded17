"""Swagger UI and the served contract, routed only on their own paths.

Connexion's ``SwaggerUIMiddleware`` sends every request through a router of all the
mounted APIs' documentation routes before passing it on. Here a request whose path is
not one of those (`{base}/openapi.json`, `{base}/openapi.yaml`, `{base}/ui...`) goes
straight on; the documentation requests still take Connexion's own route.
"""

from __future__ import annotations

import typing as t

from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.types import Receive, Scope, Send

from mockserver.core.context import is_docs_relative


class DocsPathsOnly(SwaggerUIMiddleware):
    """Connexion's Swagger UI middleware, consulted only for documentation paths."""

    def __init__(self, app: t.Any) -> None:
        super().__init__(app)
        self._bases: list[str] = []

    def add_api(self, specification: t.Any, base_path: str | None = None, **kwargs: t.Any) -> None:
        super().add_api(specification, base_path=base_path, **kwargs)
        self._bases.append((base_path or "").rstrip("/"))

    def _is_docs(self, path: str) -> bool:
        for base in self._bases:
            if path.startswith(base) and is_docs_relative(path[len(base) :] or "/"):
                return True
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._is_docs(scope["path"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
