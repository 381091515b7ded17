"""TW's error body: `{"code", "message", "errors": [{field, message}], "retryAfter"?}`."""

from __future__ import annotations

from typing import Any

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.rendering import ErrorStyle

CODES = {
    ErrorKind.VALIDATION: "VALIDATION_ERROR",
    ErrorKind.UNAUTHENTICATED: "UNAUTHORIZED",
    ErrorKind.FORBIDDEN: "FORBIDDEN",
    ErrorKind.NOT_FOUND: "NOT_FOUND",
    ErrorKind.METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
    ErrorKind.CONFLICT: "CONFLICT",
    ErrorKind.PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
    ErrorKind.UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
    ErrorKind.RATE_LIMITED: "RATE_LIMIT_EXCEEDED",
    ErrorKind.INTERNAL: "INTERNAL_ERROR",
}

STATUSES = {
    ErrorKind.NOT_ACCEPTABLE: 400,
    ErrorKind.RANGE_NOT_SATISFIABLE: 400,
    ErrorKind.UNAVAILABLE: 500,
}

MAX_FIELD_ERRORS = 100
"""A body lists at most this many field errors (a 10000-row insert could have more)."""


def _body(error: ApiError, status: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": CODES.get(error.kind) or CODES[ErrorKind(status)],
        "message": error.message,
        "errors": [
            {"field": d.field, "message": d.message} for d in error.details[:MAX_FIELD_ERRORS]
        ],
    }
    if error.kind is ErrorKind.RATE_LIMITED and error.retry_after is not None:
        body["retryAfter"] = error.retry_after
    return body


TW_ERRORS = ErrorStyle(build=_body, statuses=STATUSES)
