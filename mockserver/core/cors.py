"""Starlette's CORS middleware, without its per-message wrappers for a request with no
``Origin`` (one not made by a browser page: curl, a CI gate, a load test).

Starlette wraps ``send`` for every request and, for one without an ``Origin``, only
adds ``Vary: Origin`` to the response head (merged with any ``Vary`` the app set, as
``MutableHeaders`` sets a header). :class:`CORS` does exactly that in one small
function and leaves every request that carries an ``Origin`` (preflights included)
to Starlette.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import Message, Receive, Scope, Send

_VARY = b"vary"


class CORS(CORSMiddleware):
    """``CORSMiddleware`` (same arguments), lighter for requests without an Origin."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(name == b"origin" for name, _ in scope["headers"]):
            await super().__call__(scope, receive, send)
            return

        async def send_varying(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = vary_on_origin(message.get("headers", []))
            await send(message)

        await self.app(scope, receive, send_varying)


def vary_on_origin(raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``raw`` with one ``Vary`` header: its values so far, then ``Origin``, where the
    first one was (``MutableHeaders["Vary"] = ...``)."""
    headers = list(raw)
    found = [i for i, (name, _) in enumerate(headers) if name == _VARY]
    value = ", ".join([*(headers[i][1].decode("latin-1") for i in found), "Origin"])
    entry = (_VARY, value.encode("latin-1"))
    if not found:
        headers.append(entry)
        return headers
    for i in reversed(found[1:]):
        del headers[i]
    headers[found[0]] = entry
    return headers
