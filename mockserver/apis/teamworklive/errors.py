"""TeamWork Live's error document: JSON `{"message": "...", "errors": ["..."]}`, XML
`<error><message>...</message><errors><error>...</error></errors></error>`, in the
format the URL's extension chose.

The seed's table has 400 but no 413 or 415, and 503 for the rate limit: a body over the
limit or of another media type is a 400, over the limit is a 503. `errors` lists the
problems of a 400, every schema violation of the body at once, in field order (the
first :data:`MAX_PROBLEMS`, then a line counting the rest), each a plain sentence naming
its field (`hours must be greater than 0`); `message` repeats them on one line after
`Validation failed:`. `errors` is empty for every other status.
"""

from __future__ import annotations

import re
from typing import Any

from mockserver.apis.teamworklive.views import scalar_text
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import XmlWriter
from mockserver.core.plain_messages import BODY
from mockserver.core.rendering import ErrorStyle

REALM = 'Basic realm="TeamWork Live"'
ACCEPTED_MEDIA_TYPES = "application/json or application/xml"
STATUSES = {
    ErrorKind.PAYLOAD_TOO_LARGE: 400,
    ErrorKind.UNSUPPORTED_MEDIA_TYPE: 400,
    ErrorKind.NOT_ACCEPTABLE: 400,
    ErrorKind.RANGE_NOT_SATISFIABLE: 400,
    ErrorKind.CONFLICT: 400,
    ErrorKind.RATE_LIMITED: 503,
    ErrorKind.UNAVAILABLE: 503,
}
_GIVEN_MEDIA_TYPE = re.compile(r"Invalid Content-type \(([^)]*)\)")
MAX_PROBLEMS = 100
"""A 400 lists at most this many problems (a 1 MiB body could break thousands of rules)."""
MESSAGES = {
    ErrorKind.UNAUTHENTICATED: "Unauthorized",
    ErrorKind.METHOD_NOT_ALLOWED: "Method Not Allowed",
    ErrorKind.INTERNAL: "Internal Server Error",
}


def problems(error: ApiError) -> list[str]:
    """The problems a 400 reports, one line each."""
    if error.kind is ErrorKind.PAYLOAD_TOO_LARGE:
        return [error.message]
    if error.kind is ErrorKind.UNSUPPORTED_MEDIA_TYPE:
        given = _GIVEN_MEDIA_TYPE.search(error.message)
        media_type = given.group(1) if given else "this one"
        return [f"Content-Type must be {ACCEPTED_MEDIA_TYPES}, not {media_type}"]
    if error.details:
        found = [f"{d.field or BODY} {d.message}" for d in error.details]
        return _bounded(found)
    return [error.message]


def _bounded(found: list[str]) -> list[str]:
    rest = len(found) - MAX_PROBLEMS
    return found if rest <= 0 else [*found[:MAX_PROBLEMS], f"... and {rest} more problems"]


def _body(error: ApiError, status: int) -> dict[str, Any]:
    if status != 400:
        message = MESSAGES.get(error.kind, error.message)
        if error.kind is ErrorKind.UNAUTHENTICATED and error.message != "Authentication required":
            message = f"Unauthorized: {error.message}"
        return {"message": message, "errors": []}
    found = problems(error)
    if error.kind is ErrorKind.PAYLOAD_TOO_LARGE:
        return {"message": "Request body too large", "errors": found}
    return {"message": "Validation failed: " + "; ".join(found), "errors": found}


TEAMWORKLIVE_ERRORS = ErrorStyle(
    build=_body,
    xml_root="error",
    xml=XmlWriter(scalar_text=scalar_text),
    statuses=STATUSES,
    www_authenticate=REALM,
)
