"""OpenAPI ``pattern`` values as ECMA-262 regular expressions, run by Python's ``re``.

OpenAPI patterns are ECMA-262; read by Python they differ where it matters for input
checks: ``$`` also matches before a final ``\\n`` (so ``"x\\n"`` passes ``^[a-z]+$``),
``\\d`` and ``\\w`` match non-ASCII digits and letters, ``\\s`` has another set, and
``.`` matches ``\\r``. :func:`ecma_regex` rewrites a pattern so that ``re.search`` gives
ECMA's answer (non-unicode mode, no flags) for these; the rest of the syntax the specs
use is the same in both. Every pillar checks patterns through here.
"""

from __future__ import annotations

import functools
import re

_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}
_ESCAPES = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}
_ANY_BUT_LINE_END = "[^\\n\\r\\u2028\\u2029]"


def translate(pattern: str) -> str:
    """``pattern`` (ECMA-262) as a Python regular expression with the same matches."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            table = _CLASS_ESCAPES if in_class else _ESCAPES
            out.append(table.get(escaped, "/" if escaped == "/" else char + escaped))
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append("\\[" if char == "[" else char)
        elif char == "[":
            negated = pattern.startswith("[^", i)
            start = i + (2 if negated else 1)
            if pattern.startswith("]", start):  # ECMA: [] matches nothing, [^] anything
                out.append("[\\s\\S]" if negated else "(?!)")
                i = start + 1
                continue
            out.append("[^" if negated else "[")
            in_class = True
            i = start
            continue
        elif char == "$":
            out.append("\\Z")
        elif char == ".":
            out.append(_ANY_BUT_LINE_END)
        elif pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=2048)
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """The compiled Python equivalent of an ECMA-262 ``pattern`` (cached)."""
    return re.compile(translate(pattern))


def matches(pattern: str, text: str) -> bool:
    """Whether ``text`` satisfies the OpenAPI/JSON Schema ``pattern`` (unanchored search)."""
    return ecma_regex(pattern).search(text) is not None
