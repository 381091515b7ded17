"""Per-API conformance profiles, by API name."""

from __future__ import annotations

from conformance.apis.example import PROFILE as EXAMPLE
from conformance.profile import Profile

PROFILES: dict[str, Profile] = {p.name: p for p in (EXAMPLE,)}


def profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown API {name!r}; known: {', '.join(PROFILES)}") from None
