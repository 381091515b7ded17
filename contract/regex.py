"""A string matching a regular expression (an OpenAPI ``pattern``), from a seeded generator.

Covers what specs use: literals, classes and ranges, `\\d \\w \\s`, alternation,
groups and bounded or unbounded repeats. The result is checked with ``re.search``
(OpenAPI patterns are unanchored); None when no match could be made.
"""

from __future__ import annotations

import random
import re
import string
from typing import Any

try:  # Python 3.11+ keeps the parser here; the old name warns
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_CATEGORIES = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": string.ascii_letters,
    "CATEGORY_NOT_WORD": "-.",
    "CATEGORY_NOT_SPACE": string.ascii_letters,
}
_PRINTABLE = string.ascii_letters + string.digits
MAX_EXTRA_REPEATS = 4


def sample_matching(pattern: str, rng: random.Random, attempts: int = 20) -> str | None:
    """A string ``re.search(pattern, s)`` accepts, or None."""
    try:
        parsed = sre_parse.parse(pattern)
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    for _ in range(attempts):
        try:
            candidate = _emit(parsed, rng)
        except (ValueError, IndexError):
            return None
        if compiled.search(candidate):
            return candidate
    return None


def _emit(parsed: Any, rng: random.Random) -> str:
    out = []
    for op, value in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(value))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in _PRINTABLE if ord(c) != value]))
        elif name == "ANY":
            out.append(rng.choice(_PRINTABLE))
        elif name == "IN":
            out.append(_from_class(value, rng))
        elif name == "BRANCH":
            out.append(_emit(rng.choice(value[1]), rng))
        elif name == "SUBPATTERN":
            out.append(_emit(value[-1], rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, inner = value
            high = low + MAX_EXTRA_REPEATS if high == sre_constants.MAXREPEAT else high
            out.extend(_emit(inner, rng) for _ in range(rng.randint(low, min(high, low + 3))))
        elif name == "CATEGORY":
            out.append(rng.choice(_CATEGORIES.get(str(value), _PRINTABLE)))
    return "".join(out)


def _from_class(items: Any, rng: random.Random) -> str:
    allowed: list[str] = []
    negate = False
    for op, value in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            allowed.append(chr(value))
        elif name == "RANGE":
            low, high = value
            allowed.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif name == "CATEGORY":
            allowed.extend(_CATEGORIES.get(str(value), _PRINTABLE))
    if negate:
        allowed = [c for c in _PRINTABLE if c not in allowed]
    return rng.choice(allowed)
