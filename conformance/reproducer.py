"""A one-line curl command that repeats a request (secrets filtered, as Schemathesis
does), so a failure in the summary can be reproduced by hand."""

from __future__ import annotations

import shlex

import httpx

FILTERED = "[Filtered]"
SECRET_HEADERS = frozenset({"authorization", "cookie", "x-api-key"})
SHOWN_HEADERS = frozenset({"content-type", "range", "if-none-match"}) | SECRET_HEADERS
MAX_BODY = 500


def curl(request: httpx.Request) -> str:
    parts = ["curl", "-X", request.method]
    for name, value in request.headers.items():
        if name.lower() in SHOWN_HEADERS:
            shown = FILTERED if name.lower() in SECRET_HEADERS else value
            parts += ["-H", f"{name}: {shown}"]
    try:
        body = request.content
    except httpx.RequestNotRead:  # a streamed body (multipart upload) is not kept
        parts += ["--data-binary", "<the streamed body, not kept>"]
        body = b""
    if body:
        text = body[:MAX_BODY].decode("utf-8", errors="replace")
        parts += ["--data-binary", text + ("..." if len(body) > MAX_BODY else "")]
    parts.append(str(request.url))
    return shlex.join(parts)


class LastRequest:
    """An httpx request hook remembering the latest request sent through a client."""

    def __init__(self) -> None:
        self.request: httpx.Request | None = None

    def __call__(self, request: httpx.Request) -> None:
        self.request = request

    def reproducer(self) -> str:
        return curl(self.request) if self.request is not None else ""
