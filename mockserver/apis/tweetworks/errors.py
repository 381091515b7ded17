"""Tweetworks' error container: `{"error": {"text": ...}}`, or in XML
`<error><text><![CDATA[...]]></text></error>`, in the format the suffix chose."""

from __future__ import annotations

from typing import Any

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import XmlWriter
from mockserver.core.rendering import ErrorStyle

REALM = 'Basic realm="Login please"'
CALLBACK_REFUSED = (
    "Invalid jsonp callback: a dotted JavaScript identifier of at most 128 characters is required"
)


def _text(error: ApiError) -> str:
    # A refused callback is never echoed back, not even inside the error text.
    if any(detail.field == "jsonp" for detail in error.details):
        return CALLBACK_REFUSED
    return error.message


def _body(error: ApiError, _status: int) -> dict[str, Any]:
    return {"error": {"text": _text(error)}}


TWEETWORKS_ERRORS = ErrorStyle(
    build=_body,
    xml=XmlWriter(cdata_fields=("text",)),
    # A body that is not a form carries no data the service could read: 400.
    statuses={
        ErrorKind.UNSUPPORTED_MEDIA_TYPE: 400,
        ErrorKind.NOT_ACCEPTABLE: 400,
        ErrorKind.RANGE_NOT_SATISFIABLE: 400,
    },
    www_authenticate=REALM,
)
