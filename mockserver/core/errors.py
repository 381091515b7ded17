"""Typed API errors, raised where a problem is found and rendered once at the edge.

Handlers and core mechanics raise these; each API's ``ErrorStyle`` turns them into
its own body and status. Connexion's and Starlette's exceptions are translated into
them by :func:`to_api_error`, so no problem+json body ever reaches a client.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from connexion import exceptions as cx
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

logger = logging.getLogger(__name__)


class ErrorKind(enum.Enum):
    """What went wrong, independent of how an API spells it."""

    VALIDATION = 400
    UNAUTHENTICATED = 401
    FORBIDDEN = 403
    NOT_FOUND = 404
    METHOD_NOT_ALLOWED = 405
    NOT_ACCEPTABLE = 406
    CONFLICT = 409
    PAYLOAD_TOO_LARGE = 413
    UNSUPPORTED_MEDIA_TYPE = 415
    RANGE_NOT_SATISFIABLE = 416
    RATE_LIMITED = 429
    INTERNAL = 500
    UNAVAILABLE = 503


MAX_MESSAGE_CHARS = 500
"""Longest error message (or field name) sent: hostile values quoted in one are cut."""


def clip(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to about ``limit`` characters, saying how long it was; its start and
    its end are kept (a message often ends with what is wrong: "... is too long")."""
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 2 // 3], text[-(limit // 3) :]
    return f"{head}...[{len(text)} characters]...{tail}"


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field."""

    field: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", clip(self.field, 200))
        object.__setattr__(self, "message", clip(self.message))


@dataclass
class ApiError(Exception):
    """An error an API reports to its client in its own format."""

    kind: ErrorKind
    message: str
    details: Sequence[FieldError] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    retry_after: int | None = None
    status: int | None = None
    """An HTTP status to answer instead of the kind's (a forced or injected status)."""

    def __post_init__(self) -> None:
        self.message = clip(self.message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.kind.name}: {self.message}"


def validation_error(message: str, *details: FieldError) -> ApiError:
    """A 400 for input that breaks a rule the spec cannot express."""
    return ApiError(ErrorKind.VALIDATION, message, details)


def not_found(what: str, identifier: object | None = None) -> ApiError:
    """A 404 for an unknown (or invisible) id."""
    suffix = f" '{identifier}'" if identifier is not None else ""
    return ApiError(ErrorKind.NOT_FOUND, f"{what}{suffix} not found")


def forbidden(message: str = "You do not have permission to perform this action") -> ApiError:
    return ApiError(ErrorKind.FORBIDDEN, message)


def conflict(message: str, *details: FieldError) -> ApiError:
    return ApiError(ErrorKind.CONFLICT, message, details)


def unauthenticated(message: str = "Authentication required") -> ApiError:
    return ApiError(ErrorKind.UNAUTHENTICATED, message)


_FIELD_SUFFIX = re.compile(r" - '([^']*)'$")
_REQUIRED = re.compile(r"^'([^']+)' is a required property")


def _field_errors_from_detail(detail: str) -> tuple[FieldError, ...]:
    """Recover the field name from a Connexion validation message."""
    match = _FIELD_SUFFIX.search(detail)
    message = _FIELD_SUFFIX.sub("", detail)
    if match:
        return (FieldError(match.group(1), message),)
    required = _REQUIRED.match(detail)
    if required:
        return (FieldError(required.group(1), message),)
    return ()


def to_api_error(exc: BaseException) -> ApiError:
    """Translate any exception reaching the edge into an :class:`ApiError`."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, cx.NonConformingResponse):
        logger.error("response does not match the spec: %s", exc)
        return ApiError(ErrorKind.INTERNAL, "The server produced an invalid response")
    if isinstance(exc, cx.UnsupportedMediaTypeProblem):
        return ApiError(ErrorKind.UNSUPPORTED_MEDIA_TYPE, _detail(exc, "Unsupported media type"))
    if isinstance(exc, cx.Unauthorized):
        return ApiError(ErrorKind.UNAUTHENTICATED, _unauthenticated_message(exc))
    if isinstance(exc, cx.Forbidden):
        return ApiError(ErrorKind.FORBIDDEN, _detail(exc, "Forbidden"))
    if isinstance(exc, cx.BadRequestProblem):
        detail = _detail(exc, "Invalid request").split("\n", 1)[0]
        return ApiError(ErrorKind.VALIDATION, detail, _field_errors_from_detail(detail))
    if isinstance(exc, MultiPartException):
        return ApiError(ErrorKind.VALIDATION, f"Malformed multipart body: {exc.message}")
    if isinstance(exc, HTTPException):
        return _from_http_exception(exc)
    logger.error("unhandled error", exc_info=exc)
    return ApiError(ErrorKind.INTERNAL, "Internal server error")


def _detail(exc: HTTPException, default: str) -> str:
    detail = getattr(exc, "detail", None)
    return str(detail) if detail else default


def _unauthenticated_message(exc: cx.Unauthorized) -> str:
    detail = _detail(exc, "")
    if "No authorization token provided" in detail or not detail:
        return "Authentication required"
    return "Invalid or expired credentials"


def _from_http_exception(exc: HTTPException) -> ApiError:
    try:
        kind = ErrorKind(exc.status_code)
    except ValueError:
        kind = ErrorKind.VALIDATION if exc.status_code < 500 else ErrorKind.INTERNAL
    messages = {
        ErrorKind.NOT_FOUND: "No such endpoint",
        ErrorKind.METHOD_NOT_ALLOWED: "Method not allowed for this endpoint",
    }
    detail = exc.detail if isinstance(exc.detail, str) else None
    generic = {"Not Found", "Method Not Allowed", ""}
    message = messages.get(kind) if (detail or "") in generic else detail
    return ApiError(
        kind, message or kind.name.replace("_", " ").capitalize(), headers=dict(exc.headers or {})
    )
