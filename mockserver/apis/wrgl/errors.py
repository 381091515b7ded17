"""WRGL's error body: `{"message": "..."}` for every 4XX and 500."""

from __future__ import annotations

from typing import Any

from mockserver.core.errors import ApiError
from mockserver.core.rendering import ErrorStyle


def _body(error: ApiError, _status: int) -> dict[str, Any]:
    return {"message": error.message}


WRGL_ERRORS = ErrorStyle(build=_body, www_authenticate="APIKEY")
