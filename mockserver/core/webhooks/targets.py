"""Which webhook targets may be called: loopback only by default, never the mock itself.

A target is the mock itself when its port is one the mock serves on and its host is
any alias of this machine (``localhost``, ``127.x``, ``[::1]``, ``0.0.0.0``, ``::``,
an IPv4-mapped loopback, or an address the mock was reached on). Each redirect hop is
checked the same way. As a second line, every delivery carries a per-process marker
header, and :class:`SelfCallRefusal` answers any request bearing it with 508 before it
reaches an API or the admin endpoints, so a path the address check cannot see (a
proxy, a DNS name pointing back here) still cannot reset or flood the mock.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import secrets
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

MARKER_HEADER = "X-Understudy-Delivery"
LOOP_STATUS = 508

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_loopback_url(url: str) -> bool:
    """Whether a URL names this machine by a loopback name or address."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    if _is_localhost_name(host):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_localhost_name(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


class TargetGuard:
    """Decides, per URL, whether a delivery may be sent (see the module docstring)."""

    def __init__(self, *, any_host: bool, own_ports: Iterable[int] = ()) -> None:
        self.any_host = any_host
        self.own_ports: set[int] = set(own_ports)
        self.own_hosts: set[str] = set()
        self.marker = secrets.token_hex(16)
        """Sent on every delivery; a request carrying it is the mock calling itself."""

    def saw_server(self, server: tuple[str, int | None] | None) -> None:
        """Remember an address the mock was reached on (from an ASGI scope)."""
        if server is None:
            return
        host, port = server
        if port is not None:
            self.own_ports.add(port)
        self.own_hosts.add(host.strip("[]").lower())

    async def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be called (a log line starting ``blocked:``), or None."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port or _default_port(parts.scheme)
        except ValueError:
            return "blocked: not a valid URL"
        if parts.scheme not in ("http", "https") or not host:
            return "blocked: not an http(s) URL"
        if not self.any_host and not is_loopback_url(url):
            return "blocked: not a loopback host (start the mock with --webhook-any-host)"
        if port in self.own_ports and await self._is_this_machine(host, port):
            return f"blocked: {host}:{port} is this mock server (it never calls itself)"
        return None

    async def _is_this_machine(self, host: str, port: int) -> bool:
        if _is_localhost_name(host) or host in self.own_hosts:
            return True
        return any(self._is_own_address(address) for address in await _resolve(host, port))

    def _is_own_address(self, address: IpAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return (
            address.is_loopback
            or address.is_unspecified
            or str(address) in self.own_hosts
            or str(address) in _local_addresses()
        )


async def _resolve(host: str, port: int) -> list[IpAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    addresses: list[IpAddress] = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
        except ValueError:
            continue
    return addresses


_LOCAL: set[str] | None = None


def _local_addresses() -> set[str]:
    """This host's own addresses, as its name resolves (best effort, looked up once)."""
    global _LOCAL
    if _LOCAL is None:
        try:
            _, _, found = socket.gethostbyname_ex(socket.gethostname())
        except OSError:
            found = []
        _LOCAL = set(found)
    return _LOCAL


class SelfCallRefusal:
    """Outermost middleware: learns the mock's own addresses and refuses its own calls."""

    def __init__(self, app: ASGIApp, guard: TargetGuard) -> None:
        self.app = app
        self.guard = guard
        self._marker = guard.marker.encode()
        self._header = MARKER_HEADER.lower().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.guard.saw_server(scope.get("server"))
            if any(k == self._header and v == self._marker for k, v in scope["headers"]):
                await self._refuse(send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(send: Send) -> None:
        body = json.dumps({"message": "Refused: the mock does not deliver webhooks to itself"})
        await send(
            {
                "type": "http.response.start",
                "status": LOOP_STATUS,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (MARKER_HEADER.lower().encode(), b"loop"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})
