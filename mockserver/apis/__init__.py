"""The APIs Understudy serves. Adding one = a spec, a package here, its name below.

Each package exposes ``DEFINITION`` (an :class:`ApiDefinition`).
"""

from __future__ import annotations

import importlib
import importlib.util

from mockserver.core.runtime import ApiDefinition

API_NAMES = ("example", "tw", "wrgl", "teamworklive", "tweetworks")


def _load() -> dict[str, ApiDefinition]:
    loaded = {}
    for name in API_NAMES:
        module_name = f"{__name__}.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue  # not built yet
        loaded[name] = importlib.import_module(module_name).DEFINITION
    return loaded


API_DEFINITIONS: dict[str, ApiDefinition] = _load()


def definitions(names: list[str] | None = None) -> list[ApiDefinition]:
    """The named definitions (all when ``names`` is empty), in registry order."""
    if not names:
        return list(API_DEFINITIONS.values())
    unknown = [n for n in names if n not in API_DEFINITIONS]
    if unknown:
        known = ", ".join(API_DEFINITIONS)
        raise KeyError(f"unknown API(s): {', '.join(unknown)}; known: {known}")
    return [API_DEFINITIONS[n] for n in names]
