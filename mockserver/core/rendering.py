"""Error rendering: one configurable renderer serves every API's error style."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import Format, XmlWriter, render_json


@dataclass(frozen=True)
class Rendered:
    """A response ready to send: status, media type, body, headers."""

    status: int
    media_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ErrorStyle:
    """How one API spells its errors.

    ``build`` makes the JSON-shaped body of an error; in XML the body is written
    under ``xml_root`` (or, when ``xml_root`` is None, the body's single key is the
    root). ``statuses`` overrides the HTTP status of a kind (e.g. a 503 rate limit).
    """

    build: Callable[[ApiError, int], Mapping[str, Any]]
    xml_root: str | None = None
    xml: XmlWriter = field(default_factory=XmlWriter)
    statuses: Mapping[ErrorKind, int] = field(default_factory=dict)
    www_authenticate: str | None = None
    media_type: str | None = None
    """The JSON errors' media type when not application/json (e.g. problem+json)."""

    def status_of(self, error: ApiError) -> int:
        if error.status is not None:
            return error.status
        return self.status_of_kind(error.kind)

    def status_of_kind(self, kind: ErrorKind) -> int:
        return self.statuses.get(kind, kind.value)

    def render(self, error: ApiError, fmt: Format = Format.JSON) -> Rendered:
        status = self.status_of(error)
        body = self.build(error, status)
        headers = dict(error.headers)
        if error.retry_after is not None:
            headers["Retry-After"] = str(error.retry_after)
        if error.kind is ErrorKind.UNAUTHENTICATED and self.www_authenticate:
            headers.setdefault("WWW-Authenticate", self.www_authenticate)
        if fmt is Format.XML:
            if self.xml_root is not None:
                payload = self.xml.document(self.xml_root, body)
            else:
                ((root, value),) = body.items()
                payload = self.xml.document(root, value)
        else:
            payload = render_json(body)
            if self.media_type is not None:
                return Rendered(status, self.media_type, payload, headers)
        return Rendered(status, fmt.media_type, payload, headers)
