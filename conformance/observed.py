"""A transport-neutral view of a response, so every check runs on Schemathesis' and
httpx's responses alike."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Observed:
    """One response as the checks see it: status, lowercase headers, raw body."""

    status: int
    headers: dict[str, str]
    content: bytes
    method: str
    url: str

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise AssertionError(
                f"{self.status} body is not JSON ({self.media_type}): {self.content[:200]!r}"
            ) from exc

    @classmethod
    def from_httpx(cls, response: httpx.Response) -> Observed:
        return cls(
            response.status_code,
            {k.lower(): v for k, v in response.headers.items()},
            response.content,
            response.request.method,
            str(response.request.url),
        )

    @classmethod
    def from_schemathesis(cls, response: Any) -> Observed:
        headers = {
            k.lower(): (v[0] if isinstance(v, list) and v else str(v))
            for k, v in response.headers.items()
        }
        request = response.request
        return cls(
            response.status_code,
            headers,
            response.content or b"",
            str(request.method),
            str(request.url),
        )
