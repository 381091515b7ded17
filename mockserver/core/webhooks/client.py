"""The HTTP client deliveries share, replaceable while attempts are in flight.

A pool that times out (httpcore can leave connections stuck, encode/httpcore#550) or a
reset retires the client: new attempts get a fresh one, and the old one is closed once
the attempts still using it are done.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import httpx


class ClientHolder:
    """Hands out the current client; :meth:`retire` swaps in a new one."""

    def __init__(self, factory: Callable[[], httpx.AsyncClient]) -> None:
        self._factory = factory
        self._current: httpx.AsyncClient | None = None
        self._users: dict[httpx.AsyncClient, int] = {}
        self._retired: set[httpx.AsyncClient] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self.generation = 0
        """How many clients have been built (1 after the first attempt)."""

    @contextlib.asynccontextmanager
    async def use(self) -> AsyncIterator[httpx.AsyncClient]:
        client = self._current
        if client is None:
            client = self._current = self._factory()
            self.generation += 1
        self._users[client] = self._users.get(client, 0) + 1
        try:
            yield client
        finally:
            self._users[client] -= 1
            if self._users[client] == 0:
                del self._users[client]
                if client in self._retired:
                    self._close_later(client)

    def retire(self) -> None:
        """Serve the next attempt from a new client."""
        client, self._current = self._current, None
        if client is None:
            return
        if client in self._users:
            self._retired.add(client)
        else:
            self._close_later(client)

    def _close_later(self, client: httpx.AsyncClient) -> None:
        self._retired.discard(client)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (outside the server): nothing is open to close
        task = loop.create_task(client.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        self.retire()
        for client in list(self._retired):
            await client.aclose()
        self._retired.clear()
        await asyncio.gather(*list(self._closing), return_exceptions=True)
