"""Per-API conformance profiles: one module here per contract, exposing ``PROFILE``.

Profiles are found, not listed, and imported only when asked for.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from conformance.profile import Profile


def names() -> list[str]:
    """The API names that have a profile here, sorted."""
    return sorted(
        module.name
        for module in pkgutil.iter_modules(__path__)
        if not module.ispkg and not module.name.startswith("_")
    )


@cache
def profile(name: str) -> Profile:
    """API ``name``'s profile; KeyError naming the known APIs if there is none."""
    if name not in names():
        raise KeyError(f"unknown API {name!r}; known: {', '.join(names())}")
    return importlib.import_module(f"{__name__}.{name}").PROFILE  # type: ignore[no-any-return]


def __getattr__(attribute: str) -> Any:
    """``PROFILES``: every profile by name (imports them all; prefer :func:`profile`)."""
    if attribute == "PROFILES":
        return {name: profile(name) for name in names()}
    raise AttributeError(attribute)
