"""Deliberately wrong servers: the real mock behind a middleware that breaks one rule.

Each is a realistic near-miss implementation; the conformance gate must catch it.
:class:`Rewrite` is the general form (any status, header or body change, and the
request's query before it); :class:`Tamper` edits JSON documents; :class:`XmlEdit`
rewrites XML text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Edit = Callable[[Scope, int, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]
"""(scope, status, headers with lowercase names, body) -> the same, changed."""
QueryEdit = Callable[[list[tuple[str, str]]], list[tuple[str, str]]]
BodyEdit = Callable[[Scope, int, Any], tuple[int, Any, dict[str, str] | None]]
"""(scope, status, JSON document) -> (status, document, headers to set or None)."""


class Rewrite:
    """The app behind a buffer: ``edit`` may change any response's status, headers and
    body; ``query`` may rewrite the request's query pairs first."""

    def __init__(
        self, app: ASGIApp, edit: Edit | None = None, query: QueryEdit | None = None
    ) -> None:
        self.app, self.edit, self.query = app, edit, query
        self.runtimes = getattr(app, "runtimes", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.query is not None:
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            scope = {**scope, "query_string": urlencode(self.query(pairs)).encode()}
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            status = start["status"]
            headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
            body = b"".join(chunks)
            if self.edit is not None:
                status, headers, body = self.edit(scope, status, headers, body)
            headers["content-length"] = str(len(body))
            raw = [(k.encode(), v.encode()) for k, v in headers.items()]
            await send({"type": "http.response.start", "status": status, "headers": raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)


class Tamper(Rewrite):
    """Lets ``edit`` change each JSON response's status, document or headers;
    ``strip_headers`` removes headers (lowercase names) from every response."""

    def __init__(
        self, app: ASGIApp, edit: BodyEdit | None = None, strip_headers: tuple[str, ...] = ()
    ) -> None:
        super().__init__(app, self._tamper)
        self.body_edit = edit
        self.strip = set(strip_headers)

    def _tamper(
        self, scope: Scope, status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {k: v for k, v in headers.items() if k not in self.strip}
        if self.body_edit is not None and "json" in headers.get("content-type", "") and body:
            status, document, extra = self.body_edit(scope, status, json.loads(body))
            body = json.dumps(document).encode()
            headers.update({k.lower(): v for k, v in (extra or {}).items()})
        return status, headers, body


class XmlEdit(Rewrite):
    """Rewrites XML answers with a regular expression (the JSON ones stay right);
    ``replacement`` is a template or, as for ``re.sub``, a function of the match."""

    def __init__(
        self, app: ASGIApp, pattern: str, replacement: str | Callable[[re.Match[str]], str]
    ) -> None:
        super().__init__(app, self._rewrite)
        self.pattern, self.replacement = re.compile(pattern), replacement

    def _rewrite(
        self, scope: Scope, status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if headers.get("content-type") == "application/xml":
            body = self.pattern.sub(self.replacement, body.decode()).encode()
        return status, headers, body


Refusal = Callable[[Scope, bytes], tuple[int, dict[str, str], bytes] | None]
"""(scope, request body) -> the answer to give instead of the app's, or None to pass."""


class RefuseRequests:
    """Reads each request's body first; ``refuse`` may answer it in the app's place (e.g.
    a deployment where the demo accounts do not exist)."""

    def __init__(self, app: ASGIApp, refuse: Refusal) -> None:
        self.app, self.refuse = app, refuse
        self.runtimes = getattr(app, "runtimes", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        answer = self.refuse(scope, body)
        if answer is not None:
            status, headers, content = answer
            headers = {**headers, "content-length": str(len(content))}
            raw = [(k.encode(), v.encode()) for k, v in headers.items()]
            await send({"type": "http.response.start", "status": status, "headers": raw})
            await send({"type": "http.response.body", "body": content})
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def not_the_mock(scope: Scope, status: int, headers: dict[str, str], body: bytes) -> Any:
    """A :class:`Rewrite` edit hiding the mock's admin signature: `/__admin/health` is a
    plain 404, so the gate sees a deployment, not the local Understudy mock."""
    if scope["path"] == "/__admin/health":
        return 404, {"content-type": "text/plain"}, b"Not Found"
    return status, headers, body
