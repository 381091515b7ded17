"""``understudy mock --reload``: serve edited specs and API packages without a restart.

:class:`ReloadingApp` is the ASGI app uvicorn runs. It holds the current mock app and
polls the served specs and the API packages' Python files; when one changes it builds a
new app (re-importing a changed package from scratch) off the event loop, checks that
every operation resolves, and swaps it in. A build that fails keeps the last good app
serving; the reason is logged and shown at ``/__admin/health`` under ``reload``.

A reload rebuilds state from the seed (as ``POST /__admin/reset`` does) and keeps the
latency and fault rules whose scope still exists; the request journal starts anew.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.types import Receive, Scope, Send

from mockserver.core.rules import RuleError
from mockserver.core.runtime import ApiDefinition
from mockserver.settings import Settings

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5


@dataclass
class ReloadStatus:
    """What ``/__admin/health`` says about reloading."""

    status: str = "ok"
    error: str | None = None
    reloads: int = 0
    last_reload_at: str | None = None
    watching: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "error": self.error,
            "reloads": self.reloads,
            "last_reload_at": self.last_reload_at,
            "watching": len(self.watching),
        }


class ReloadingApp:
    """The mock, rebuilt when its sources change; see the module docstring."""

    def __init__(
        self,
        definitions: Sequence[ApiDefinition],
        settings: Settings,
        build: Callable[[Sequence[ApiDefinition], ReloadStatus], Any],
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.definitions = list(definitions)
        self.settings = settings
        self.status = ReloadStatus()
        self._build = build
        self._poll = poll_seconds
        self.app = build(self.definitions, self.status)
        self._fingerprint = self._snapshot()
        self._task: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        assert message["type"] == "lifespan.startup"
        self._task = asyncio.create_task(self._watch())
        await send({"type": "lifespan.startup.complete"})
        message = await receive()
        assert message["type"] == "lifespan.shutdown"
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self.app.webhooks.aclose()
        await send({"type": "lifespan.shutdown.complete"})

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._poll)
            fingerprint = self._snapshot()
            if fingerprint != self._fingerprint:
                changed = _changed(self._fingerprint, fingerprint)
                self._fingerprint = fingerprint
                await self.reload(changed)

    async def reload(self, changed: set[str] | None = None) -> bool:
        """Build and swap in a new app; False (old app kept) when the build fails."""
        try:
            definitions = await asyncio.to_thread(self._fresh_definitions, changed)
            app = await asyncio.to_thread(self._checked_build, definitions)
        except Exception as exc:  # a broken spec or package: report it, keep serving
            self.status.status = "error"
            self.status.error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.error("reload failed, still serving the last good version: %s", exc)
            return False
        _carry_rules(self.app, app)
        old, self.app, self.definitions = self.app, app, definitions
        self.status.status, self.status.error = "ok", None
        self.status.reloads += 1
        self.status.last_reload_at = datetime.now(UTC).isoformat(timespec="seconds")
        print("reloaded: " + ", ".join(d.name for d in definitions), flush=True)
        await old.webhooks.aclose()
        return True

    def _checked_build(self, definitions: Sequence[ApiDefinition]) -> Any:
        app = self._build(definitions, self.status)
        # Connexion resolves operations when it first builds its stack: do it now, so a
        # spec naming a missing handler fails here and not on a client's request.
        middleware = app.middleware
        middleware.app, middleware.middleware_stack = middleware._build_middleware_stack()
        return app

    def _fresh_definitions(self, changed: set[str] | None) -> list[ApiDefinition]:
        fresh = []
        for definition in self.definitions:
            package = _package_of(definition)
            if package is not None and changed and _touches(package, changed):
                fresh.append(_reimport(package))
            else:
                fresh.append(definition)
        return fresh

    def _snapshot(self) -> dict[str, tuple[int, int]]:
        paths = list(self._watched())
        self.status.watching = paths
        found = {}
        for path in paths:
            with contextlib.suppress(OSError):
                stat = Path(path).stat()
                found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def _watched(self) -> Iterator[str]:
        for definition in self.definitions:
            yield str(self.settings.spec_dir / definition.spec_file)
            package = _package_of(definition)
            if package is not None:
                directory = Path(package.__file__ or "").parent
                yield from (str(p) for p in sorted(directory.rglob("*.py")))


def _changed(old: dict[str, tuple[int, int]], new: dict[str, tuple[int, int]]) -> set[str]:
    return {p for p in set(old) | set(new) if old.get(p) != new.get(p)}


def _package_of(definition: ApiDefinition) -> Any:
    """The module whose ``DEFINITION`` is ``definition`` (its API package), if loaded."""
    for module in list(sys.modules.values()):
        if getattr(module, "DEFINITION", None) is definition and hasattr(module, "__path__"):
            return module
    return None


def _touches(package: Any, changed: set[str]) -> bool:
    directory = str(Path(package.__file__ or "").parent)
    return any(path.startswith(directory) for path in changed)


def _reimport(package: Any) -> ApiDefinition:
    """The package imported afresh (its modules dropped from ``sys.modules`` first, so
    every module sees the others' new code); ImportError or SyntaxError propagate."""
    name = package.__name__
    saved = {k: m for k, m in sys.modules.items() if k == name or k.startswith(name + ".")}
    for key in saved:
        del sys.modules[key]
    try:
        module = importlib.import_module(name)
        definition = module.DEFINITION
        if not isinstance(definition, ApiDefinition):
            raise TypeError(f"{name}.DEFINITION is not an ApiDefinition")
        return definition
    except BaseException:
        sys.modules.update(saved)  # keep the last good modules importable
        raise


def _carry_rules(old: Any, new: Any) -> None:
    """The rules in force (those given at start among them) go on in the new app."""
    new.rules.clear()
    for rule in old.rules.rules:
        try:
            new.rules.add(rule)
        except RuleError as exc:
            logger.warning("rule %s dropped on reload: %s", rule.id, exc)
