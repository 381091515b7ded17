"""Success bodies in the format the request asked for (JSON, XML or JSONP).

Handlers of the suffix-format APIs return ``formatted(...)``; the format comes from
the request context (the path's extension), so a handler never inspects the path,
and :class:`WithoutFormatParam` spares it the `format` path parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeAlias

from connexion.context import scope as current_scope
from connexion.lifecycle import ConnexionResponse

from mockserver.core.context import SCOPE_KEY
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import (
    JSON_MEDIA_TYPE,
    XML_MEDIA_TYPE,
    Format,
    XmlWriter,
    render_json,
    render_jsonp,
    render_script,
    valid_callback,
)

Response: TypeAlias = ConnexionResponse
"""What a handler returns: rendered bytes Connexion sends as they are (a tuple with a
JSON media type would make Connexion serialize the bytes again)."""


def current_format(default: Format = Format.JSON) -> Format:
    """The response format the current request asked for."""
    context = current_scope.get(SCOPE_KEY)
    return context.format if context is not None else default


def render(
    value: Mapping[str, Any],
    fmt: Format,
    xml: XmlWriter,
    *,
    jsonp: str | None = None,
    script: bool = False,
) -> tuple[bytes, str]:
    """Body and media type of ``value`` (a single-key mapping: its key is the XML root)."""
    if fmt is Format.XML:
        ((root, inner),) = value.items()
        return xml.document(root, inner), XML_MEDIA_TYPE
    if jsonp is not None:
        if not valid_callback(jsonp):
            raise ApiError(
                ErrorKind.VALIDATION,
                "Invalid jsonp callback: a dotted JavaScript identifier of at most "
                "128 characters is required",
            )
        return render_jsonp(jsonp, value, script=script)
    if script:
        return render_script(value)
    return render_json(value), JSON_MEDIA_TYPE


def formatted(
    value: Mapping[str, Any],
    xml: XmlWriter,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    jsonp: str | None = None,
    script: bool = False,
) -> Response:
    """A handler's return value: ``value`` rendered in the request's format."""
    body, media_type = render(value, current_format(), xml, jsonp=jsonp, script=script)
    return ConnexionResponse(
        status_code=status, content_type=media_type, body=body, headers=dict(headers or {})
    )


class WithoutFormatParam:
    """An API's handlers as Connexion should see them: without the `format` path parameter.

    Connexion passes every path parameter to a handler, declared or not. In the
    suffix-format APIs the `.{format}` segment is already the request context's
    format (see :func:`formatted`), so handlers need not declare it: each method is
    wrapped to drop ``param`` (the parameter's pythonic name).
    """

    def __init__(self, handlers: object, param: str = "format_") -> None:
        self._handlers = handlers
        self._param = param

    def __getattr__(self, name: str) -> Any:
        handler = getattr(self._handlers, name)
        if not callable(handler):
            return handler
        return _dropping(handler, self._param)


def _dropping(handler: Callable[..., Awaitable[Any]], param: str) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(handler)  # Connexion reads the wrapped signature for arguments
    async def call(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop(param, None)
        return await handler(*args, **kwargs)

    return call
