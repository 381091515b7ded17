"""Per-API conformance profiles, by API name. Each module exposes ``PROFILE``."""

from __future__ import annotations

import importlib
import importlib.util

from conformance.profile import Profile

API_NAMES = ("example", "tw", "wrgl", "teamworklive", "tweetworks")


def _load() -> dict[str, Profile]:
    loaded = {}
    for name in API_NAMES:
        module_name = f"{__name__}.{name}"
        if importlib.util.find_spec(module_name) is not None:
            loaded[name] = importlib.import_module(module_name).PROFILE
    return loaded


PROFILES: dict[str, Profile] = _load()


def profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown API {name!r}; known: {', '.join(PROFILES)}") from None
