"""The APIs Understudy serves. Adding one = a spec, a package here, one line below."""

from __future__ import annotations

from mockserver.apis.example import EXAMPLE
from mockserver.core.runtime import ApiDefinition

API_DEFINITIONS: dict[str, ApiDefinition] = {
    definition.name: definition for definition in (EXAMPLE,)
}


def definitions(names: list[str] | None = None) -> list[ApiDefinition]:
    """The named definitions (all when ``names`` is empty), in registry order."""
    if not names:
        return list(API_DEFINITIONS.values())
    unknown = [n for n in names if n not in API_DEFINITIONS]
    if unknown:
        raise KeyError(f"unknown API(s): {', '.join(unknown)}; known: {', '.join(API_DEFINITIONS)}")
    return [API_DEFINITIONS[n] for n in names]
