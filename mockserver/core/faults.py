"""Faults a client must survive, as values with one grammar, and the code that breaks a
connection for real.

Kinds (WireMock's names in brackets):

- ``reset``: the TCP connection is reset, nothing sent [CONNECTION_RESET_BY_PEER]
- ``empty``: the connection is closed without a status line [EMPTY_RESPONSE]
- ``malformed-chunk``: a 200 status line, then a chunk that is not chunked encoding,
  then close [MALFORMED_RESPONSE_CHUNK]
- ``truncated``: a 200 status line and a chunk shorter than it declares, then close
- ``random-data``: bytes that are not HTTP, then close [RANDOM_DATA_THEN_CLOSE]
- ``500`` / ``503`` (any 5xx): the API's own error body with that status

Connection faults need the server's transport, which :func:`remember_transport` finds
on uvicorn's ``send``; without it (another ASGI server) they degrade to a 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import weakref
from dataclasses import dataclass
from typing import Any, Literal

from starlette.types import Scope, Send

Kind = Literal["reset", "empty", "malformed-chunk", "truncated", "random-data", "status"]
CONNECTION_KINDS: tuple[Kind, ...] = (
    "reset",
    "empty",
    "malformed-chunk",
    "truncated",
    "random-data",
)
GRAMMAR = "reset | empty | malformed-chunk | truncated | random-data | 500 | 503 (any 5xx status)"
RANDOM_DATA = bytes(range(0x80, 0x100)) * 4
"""What ``random-data`` sends: fixed bytes (deterministic), none of them HTTP."""
TRANSPORT_KEY = "understudy.transport"


class FaultSyntaxError(ValueError):
    """Text that is not a fault in the grammar above."""


@dataclass(frozen=True)
class Fault:
    """One fault: a connection fault, or an error ``status`` in the API's own body."""

    kind: Kind
    status: int = 0

    @property
    def breaks_connection(self) -> bool:
        return self.kind != "status"

    def __str__(self) -> str:
        return str(self.status) if self.kind == "status" else self.kind

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind, "text": str(self)}
        if self.kind == "status":
            data["status"] = self.status
        return data


def parse_fault(text: str) -> Fault:
    value = text.strip().lower()
    if value in CONNECTION_KINDS:
        return Fault(value)  # type: ignore[arg-type]
    if value.startswith("status:"):
        value = value[len("status:") :]
    if value.isascii() and value.isdigit() and len(value) == 3 and 500 <= int(value) <= 599:
        return Fault("status", int(value))
    raise FaultSyntaxError(f"unknown fault {text[:40]!r} (expected {GRAMMAR})")


def remember_transport(scope: Scope, send: Send) -> None:
    """Keep a weak reference to the server's request cycle in ``scope``: uvicorn's
    ``send`` is a bound method of it, and the cycle holds the transport (looked up only
    when a fault fires).

    Weak, because the cycle holds this scope: a strong reference (the bound method
    itself) made every request a reference cycle, ten objects only the cyclic garbage
    collector could free, and its collections were most of a busy mock's p99."""
    cycle = getattr(send, "__self__", None)
    if cycle is not None:
        # A server whose cycle takes no weak reference gets no connection faults.
        with contextlib.suppress(TypeError):
            scope[TRANSPORT_KEY] = weakref.ref(cycle)


def _cycle_and_transport(scope: Scope) -> tuple[Any, Any]:
    reference = scope.get(TRANSPORT_KEY)
    cycle = reference() if isinstance(reference, weakref.ref) else None
    return cycle, getattr(cycle, "transport", None)


def can_break_connection(scope: Scope) -> bool:
    return _cycle_and_transport(scope)[1] is not None


async def break_connection(fault: Fault, scope: Scope, media_type: str) -> None:
    """Perform a connection fault on the request's own connection."""
    cycle, transport = _cycle_and_transport(scope)
    head = (
        "HTTP/1.1 200 OK\r\n"
        f"content-type: {media_type}\r\n"
        "transfer-encoding: chunked\r\n"
        "connection: close\r\n\r\n"
    ).encode()
    if fault.kind == "reset":
        _linger_zero(transport)
        transport.abort()
    elif fault.kind == "empty":
        transport.close()
    elif fault.kind == "random-data":
        transport.write(RANDOM_DATA)
        transport.close()
    elif fault.kind == "malformed-chunk":
        transport.write(head + b"zz-not-a-chunk-size\r\n{\r\n")
        transport.close()
    else:  # truncated
        transport.write(head + b'100\r\n{"partial": "the rest never comes')
        transport.close()
    # The server must not answer on this connection any more.
    _mark_disconnected(cycle)
    await asyncio.sleep(0)


def _linger_zero(transport: Any) -> None:
    """SO_LINGER 0: closing sends RST instead of FIN."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _mark_disconnected(cycle: Any) -> None:
    if hasattr(cycle, "disconnected"):
        cycle.disconnected = True
