"""Real servers on loopback for the tests: the mock, or any ASGI app, in a thread."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace
from typing import Any

import httpx
import uvicorn

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.http_limits import uvicorn_options
from mockserver.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """Runs an ASGI app under uvicorn on 127.0.0.1:<free port> until stopped."""

    def __init__(self, app: Any, port: int | None = None, **options: Any) -> None:
        self.app = app
        self.port = port or free_port()
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
            access_log=False,
            **options,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("server thread died during start-up")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class MockServer(LiveServer):
    """The Understudy mock with chosen APIs and settings."""

    def __init__(
        self, apis: list[str] | None = None, *, standalone: bool = False, **settings: Any
    ) -> None:
        self.settings = replace(Settings(validate_responses=True), **settings)
        self.definitions = definitions(apis)
        app = create_app(self.definitions, self.settings, standalone=standalone)
        super().__init__(app, **uvicorn_options(self.settings))

    def runtime(self, api: str) -> Any:
        """The live runtime of one API (its store and settings) inside this server."""
        return next(r for r in self.app.runtimes if r.name == api)

    def url(self, api: str) -> str:
        """The base URL of one API on this server."""
        return self.origin + self.runtime(api).mount_path

    def reset(self) -> None:
        httpx.post(f"{self.origin}/__admin/reset", timeout=10).raise_for_status()
