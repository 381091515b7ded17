"""The APIs Understudy serves: one package here per contract in ``contract/specs``.

A package exposes ``DEFINITION`` (an :class:`ApiDefinition`). Packages are found,
not listed: adding an API is a spec, a seed document and a package here. They are
imported only when asked for, so one API's import cost never burdens another's.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockserver.core.runtime import ApiDefinition


def available() -> list[str]:
    """The API names that have a package here, sorted."""
    return sorted(module.name for module in pkgutil.iter_modules(__path__) if module.ispkg)


@cache
def definition(name: str) -> ApiDefinition:
    """API ``name``'s definition; KeyError naming the known APIs if there is none."""
    if name not in available():
        raise KeyError(f"unknown API {name!r}; known: {', '.join(available())}")
    module = importlib.import_module(f"{__name__}.{name}")
    return module.DEFINITION  # type: ignore[no-any-return]


def definitions(names: list[str] | None = None) -> list[ApiDefinition]:
    """The named definitions (all when ``names`` is empty), sorted by name."""
    return [definition(name) for name in (names or available())]
