"""Connexion's request with what a request's path reads several times looked up once.

``ConnexionRequest`` forwards every attribute it lacks (``scope``, ``headers``,
``receive``...) through ``__getattr__`` to the Starlette request it wraps, and reads
the Content-Type header again on each ``content_type``: a dozen forwarded lookups and
three header scans per request. :class:`PreparedRequest` holds the forwarded
attributes itself and reads the header once; everything else is Connexion's.
"""

from __future__ import annotations

import typing as t

from connexion.lifecycle import ConnexionRequest
from starlette.datastructures import Headers
from starlette.types import Receive, Scope


class PreparedRequest(ConnexionRequest):
    """A ``ConnexionRequest`` whose scope, receive and headers are its own attributes."""

    def __init__(self, scope: Scope, receive: Receive, *, uri_parser: t.Any = None) -> None:
        super().__init__(scope, receive, uri_parser=uri_parser)
        self.scope = scope
        self.receive = receive
        self.headers: Headers = self._starlette_request.headers  # they do not change
        self._content_type: str | None = None

    @property
    def content_type(self) -> str:
        # Not functools.cached_property: on Python 3.11 it takes a lock on every read.
        value = self._content_type
        if value is None:
            value = self._content_type = self.headers.get(
                "content-type", "application/octet-stream"
            )
        return value
