"""A real mock server process that kills itself (SIGKILL, no goodbye) when its Nth API
request arrives: a target that dies in the middle of a gate run.

``python -m tests.support.dying API PORT N`` serves API alone on 127.0.0.1:PORT; the
admin endpoints (`/__admin/...`) are not counted."""

from __future__ import annotations

import os
import signal
import sys

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings


class DiesOnRequest:
    """``app`` until the ``after``-th API request, which kills the process."""

    def __init__(self, app: ASGIApp, after: int) -> None:
        self.app, self.after, self.seen = app, after, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/__admin"):
            self.seen += 1
            if self.seen >= self.after:
                os.kill(os.getpid(), signal.SIGKILL)
        await self.app(scope, receive, send)


def main(api: str, port: int, after: int) -> None:
    settings = Settings(port=port)
    app = create_app(definitions([api]), settings, standalone=True)
    uvicorn.run(DiesOnRequest(app, after), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
