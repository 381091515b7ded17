"""The APIs Understudy serves. Adding one = a spec, a package here, its name below.

Each package exposes ``DEFINITION`` (an :class:`ApiDefinition`); packages are
imported only when asked for, so one API's import cost never burdens another's.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

from mockserver.core.runtime import ApiDefinition

API_NAMES = ("example", "tw", "wrgl", "teamworklive", "tweetworks")


def available() -> list[str]:
    """The API names whose packages exist, in registry order."""
    return [n for n in API_NAMES if importlib.util.find_spec(f"{__name__}.{n}") is not None]


@cache
def definition(name: str) -> ApiDefinition:
    if name not in available():
        raise KeyError(f"unknown API {name!r}; known: {', '.join(available())}")
    module = importlib.import_module(f"{__name__}.{name}")
    return module.DEFINITION  # type: ignore[no-any-return]


def definitions(names: list[str] | None = None) -> list[ApiDefinition]:
    """The named definitions (all when ``names`` is empty), in registry order."""
    return [definition(name) for name in (names or available())]
