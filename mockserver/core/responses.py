"""Success bodies in the format the request asked for (JSON, XML or JSONP).

Handlers of the suffix-format APIs return ``formatted(...)``; the format comes from
the request context (the path's extension), so a handler never inspects the path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connexion.context import scope as current_scope

from mockserver.core.context import SCOPE_KEY
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import (
    JSON_MEDIA_TYPE,
    XML_MEDIA_TYPE,
    Format,
    XmlWriter,
    render_json,
    render_jsonp,
    valid_callback,
)

Response = tuple[bytes, int, dict[str, str]]


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
    return body, status, {**(headers or {}), "Content-Type": media_type}
