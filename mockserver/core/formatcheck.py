"""Format checks Connexion's Draft 4 checker lacks: `date`, `uri`, `uuid`.

Connexion validates with ``Draft4Validator.FORMAT_CHECKER``; registering on it here
(once, at import) makes every request validator of every API enforce these formats,
so a handler never sees `2024-13-45` as a date or `not a url` as a URI.
"""

from __future__ import annotations

import datetime
import re
import uuid

from jsonschema import Draft4Validator

_CHECKER = Draft4Validator.FORMAT_CHECKER
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[!-~]+\Z")  # ASCII, no spaces or controls


@_CHECKER.checks("date", raises=ValueError)
def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    datetime.date.fromisoformat(value)
    return True


@_CHECKER.checks("uri", raises=ValueError)
def is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@_CHECKER.checks("uuid", raises=ValueError)
def is_uuid(value: object) -> bool:
    if isinstance(value, str):
        uuid.UUID(value)
    return True
