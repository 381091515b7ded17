"""Response bodies encoded by orjson, with the standard library as the fallback.

Connexion's Jsonifier encodes with ``json.dumps`` and its own ``JSONEncoder``; the
encoding is ~10x faster with orjson (compact separators, UTF-8 rather than ``\\u``
escapes: the same JSON values). orjson refuses what JSON cannot carry faithfully
(lone surrogates, integers beyond 64 bits, NaN in strict mode is written as null); for
those values the body is encoded exactly as before, by Connexion's Jsonifier.
"""

from __future__ import annotations

import typing as t

import orjson
from connexion.jsonifier import JSONEncoder, Jsonifier

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_CONNEXION_DEFAULT = JSONEncoder().default


def _default(value: t.Any) -> t.Any:
    """What orjson does not encode itself: Connexion's conversions (dates, Decimal...)."""
    return _CONNEXION_DEFAULT(value)


class FastJsonifier(Jsonifier):
    """``AsyncApp(jsonifier=...)``: orjson first, Connexion's encoder for the rest."""

    def dumps(self, data: t.Any, **kwargs: t.Any) -> str:
        if not kwargs and not isinstance(data, float):
            try:
                return orjson.dumps(data, default=_default, option=_OPTIONS).decode() + "\n"
            except (orjson.JSONEncodeError, TypeError):
                pass
        return str(super().dumps(data, **kwargs))
