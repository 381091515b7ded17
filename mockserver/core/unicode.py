"""Text an API can store: Unicode that UTF-8 (and so JSON and XML answers) can carry.

A JSON string may spell a lone surrogate (`"\\ud800"`), which is no Unicode character:
it cannot be written as UTF-8, so neither the JSON nor the XML answer could carry it.
Such APIs refuse it (400), but a JSON Schema `pattern` cannot say so (UTF-16 code
units are not characters to Python, and the Rust regex engine Schemathesis validates
with refuses surrogate escapes), so every body is checked here, before any handler.
XML bodies never hold one: the parser refuses such bytes and character references.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any

from mockserver.core.errors import FieldError, validation_error

_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate_at(value: Any, path: str = "") -> str | None:
    """The path of the first string (or key) holding a lone surrogate, or None."""
    if not _holds_surrogate(value):
        return None  # the common case, found without building a path per field
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, child in item.items():
                if _SURROGATE.search(str(key)):
                    return where or "body"
                stack.append((child, f"{where}.{key}" if where else str(key)))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in enumerate(item))
    return None


def _holds_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            for key in item:
                if not str(key).isascii() and _SURROGATE.search(str(key)):
                    return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class UnicodeBodies:
    """Handlers as Connexion should see them: a body with a lone surrogate never
    reaches one (400 naming the field)."""

    def __init__(self, handlers: object) -> None:
        self._handlers = handlers

    def __getattr__(self, name: str) -> Any:
        handler = getattr(self._handlers, name)
        return _checking(handler) if callable(handler) else handler


def _checking(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(handler)  # Connexion reads the wrapped signature for arguments
    async def call(*args: Any, **kwargs: Any) -> Any:
        where = lone_surrogate_at(kwargs.get("body"))
        if where is not None:
            message = "is not Unicode text (a lone surrogate)"
            raise validation_error(f"{where} {message}", FieldError(where, message))
        return await handler(*args, **kwargs)

    return call
