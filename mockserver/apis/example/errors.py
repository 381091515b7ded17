"""The Example API's error body: `{"error": {"code", "message", "details"}}`."""

from __future__ import annotations

from typing import Any

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.rendering import ErrorStyle

CODES = {
    ErrorKind.VALIDATION: "invalid_request",
    ErrorKind.UNAUTHENTICATED: "authentication_required",
    ErrorKind.FORBIDDEN: "insufficient_permissions",
    ErrorKind.NOT_FOUND: "resource_not_found",
    ErrorKind.METHOD_NOT_ALLOWED: "method_not_allowed",
    ErrorKind.CONFLICT: "conflict",
    ErrorKind.PAYLOAD_TOO_LARGE: "payload_too_large",
    ErrorKind.UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    ErrorKind.RATE_LIMITED: "rate_limit_exceeded",
    ErrorKind.INTERNAL: "internal_server_error",
}

STATUSES = {
    ErrorKind.NOT_ACCEPTABLE: 400,
    ErrorKind.RANGE_NOT_SATISFIABLE: 400,
    ErrorKind.UNAVAILABLE: 500,
}


def _body(error: ApiError, status: int) -> dict[str, Any]:
    code = CODES.get(error.kind) or CODES[ErrorKind(status)]
    return {
        "error": {
            "code": code,
            "message": error.message,
            "details": [{"field": d.field, "message": d.message} for d in error.details],
        }
    }


EXAMPLE_ERRORS = ErrorStyle(build=_body, statuses=STATUSES)
