"""Bounds on what a connection may send before the application sees a request.

uvicorn's httptools protocol accepts request heads of any size and waits forever for
a head or a body that never completes. :func:`bounded_protocol` makes a subclass that
answers, and closes the connection:

- 414 when the request target is longer than ``max_url_bytes``;
- 431 when the head (request line and headers) exceeds ``max_head_bytes`` or carries
  more than ``max_headers`` headers (counted as the bytes arrive, so an unterminated
  100 MiB header is cut at the limit, not buffered);
- 408 when a head is not complete within ``head_timeout`` seconds of its first byte
  (or of the connection opening), or a body stalls for ``body_timeout`` seconds.

A request the parser cannot read at all is a 400. These refusals happen before
routing, so they are plain JSON ``{"message": ...}``, not an API's own error body.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mockserver.settings import Settings


@dataclass(frozen=True)
class ConnectionLimits:
    max_url_bytes: int = 16 * 1024
    max_head_bytes: int = 64 * 1024
    max_headers: int = 100
    head_timeout: float = 10.0
    body_timeout: float = 30.0


_REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
}


def bounded_protocol(limits: ConnectionLimits) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with ``limits`` (pass it as ``uvicorn.run(http=...)``)."""

    class BoundedHttpToolsProtocol(_Bounded):
        pass

    BoundedHttpToolsProtocol.limits = limits
    return BoundedHttpToolsProtocol


class _Refused(Exception):
    """Raised inside a parser callback to stop parsing a refused request."""


class _Bounded(HttpToolsProtocol):
    limits: ConnectionLimits = ConnectionLimits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0
        self._refusal: tuple[int, str] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0
        self._deadline: float | None = None
        self._awaited = "head"

    # -- timers ---------------------------------------------------------------------
    # One deadline per connection, moved on every request; the loop's timer only
    # wakes at the earliest deadline it was set for and looks again (a keep-alive
    # connection does not make and cancel a timer per request).

    def _arm(self, seconds: float, what: str) -> None:
        deadline = self.loop.time() + seconds
        self._deadline, self._awaited = deadline, what
        if self._timer is None or deadline < self._timer_at:
            self._wake_at(deadline)

    def _disarm(self) -> None:
        self._deadline = None

    def _cancel_timer(self) -> None:
        self._deadline = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _wake_at(self, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = self.loop.call_at(when, self._check_deadline), when

    def _check_deadline(self) -> None:
        self._timer = None
        deadline = self._deadline
        if deadline is None:
            return
        if self.loop.time() < deadline:
            self._wake_at(deadline)
            return
        self._timed_out(self._awaited)

    def _timed_out(self, what: str) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        # A head that stalls is a new request's: the cycle still there is the one before
        # it (answered), so it is a 408 all the same on a keep-alive connection.
        if what == "head" or self.cycle is None or not self.cycle.response_started:
            self._respond(408, f"The request {what} did not arrive in time")
        else:
            self.transport.close()

    # -- connection and parser hooks --------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.limits.head_timeout, "head")

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            super().data_received(b"")  # let uvicorn decide about the upgrade
            return
        except httptools.HttpParserError:
            if self._refusal is not None:
                self._respond(*self._refusal)
            else:
                self._respond(400, "Invalid HTTP request (malformed framing)")
            return
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self.limits.max_head_bytes:
                self._respond(431, f"Request head exceeds {self.limits.max_head_bytes} bytes")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0
        self._arm(self.limits.head_timeout, "head")

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.max_url_bytes:
            self._refuse(414, f"Request target exceeds {self.limits.max_url_bytes} bytes")

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.limits.max_headers:
            self._refuse(431, f"More than {self.limits.max_headers} request headers")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._disarm()
        super().on_headers_complete()
        if self._expects_body():
            self._arm(self.limits.body_timeout, "body")

    def on_body(self, body: bytes) -> None:
        if self._deadline is not None:
            self._arm(self.limits.body_timeout, "body")
        super().on_body(body)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    # -- refusals -------------------------------------------------------------------

    def _expects_body(self) -> bool:
        for name, value in self.headers:
            if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
                return True
        return False

    def _refuse(self, status: int, message: str) -> None:
        self._refusal = (status, message)
        raise _Refused(message)

    def _respond(self, status: int, message: str) -> None:
        self._cancel_timer()
        body = json.dumps({"message": message}).encode()
        head = b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status])
        head += b"content-type: application/json\r\ncontent-length: %d\r\n" % len(body)
        head += b"connection: close\r\n\r\n"
        self.transport.write(head + body)
        self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``/``uvicorn.Config`` enforcing the settings'
    connection limits."""
    limits = ConnectionLimits(
        max_url_bytes=settings.max_url_bytes,
        max_head_bytes=settings.max_head_bytes,
        max_headers=settings.max_headers,
        head_timeout=settings.head_timeout,
        body_timeout=settings.body_timeout,
    )
    return {"http": bounded_protocol(limits)}
