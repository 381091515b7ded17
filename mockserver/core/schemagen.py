"""Values generated from an OpenAPI schema (``Prefer: dynamic=true``), deterministic for
a given random generator: same seed and request, same body.

Follows the schema's own hints first (``example``, ``default``, ``enum``), then its
type, format and bounds. A string with a ``pattern`` is generated from the pattern
itself (:func:`matching`).
"""

from __future__ import annotations

import random
import re
import re._constants as sre  # the stdlib's own regex parser: patterns read as re reads them
import re._parser as sre_parse
import string
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

MAX_DEPTH = 8
Resolve = Callable[[Any], Any]
_REFERENCE = datetime(2025, 1, 15, 10, 0, 0, tzinfo=UTC)
_WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "yankee",
    "zulu",
]


class SchemaGenerator:
    """Generates values for schemas of one contract (``resolve`` follows its refs)."""

    def __init__(self, resolve: Resolve, rng: random.Random) -> None:
        self.resolve = resolve
        self.rng = rng

    def value(self, schema: Any, depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping):
            return None
        if "allOf" in schema:
            return self.value(self._merged(schema), depth)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self.value(schema[key][0], depth)
        if schema.get("enum"):
            choices = [choice for choice in schema["enum"] if choice is not None]
            return self.rng.choice(choices or schema["enum"])
        if "example" in schema and depth >= MAX_DEPTH:
            return schema["example"]
        kind = schema.get("type") or ("object" if "properties" in schema else None)
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            return self._array(schema, depth)
        if kind == "string":
            return self._string(schema)
        if kind == "integer":
            return self._integer(schema)
        if kind == "number":
            return round(self._integer(schema) + self.rng.random(), 2)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return schema.get("example", schema.get("default"))

    def _merged(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = dict(merged.get("properties", {}))
        required: list[str] = list(merged.get("required", []))
        for part in schema["allOf"]:
            part = self.resolve(part)
            if not isinstance(part, Mapping):
                continue
            if "allOf" in part:
                part = self._merged(part)
            properties.update(part.get("properties", {}))
            required.extend(part.get("required", []))
            for key, value in part.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        merged["properties"] = properties
        merged["required"] = required
        merged.setdefault("type", "object")
        return merged

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        result: dict[str, Any] = {}
        for name, child in properties.items():
            if depth >= MAX_DEPTH and name not in required:
                continue
            child_schema = self.resolve(child)
            if isinstance(child_schema, Mapping) and child_schema.get("writeOnly"):
                continue
            result[name] = self.value(child, depth + 1)
        return result

    def _array(self, schema: Mapping[str, Any], depth: int) -> list[Any]:
        low = int(schema.get("minItems", 1 if depth < MAX_DEPTH else 0))
        high = int(schema.get("maxItems", low + 2))
        count = self.rng.randint(low, max(low, min(high, low + 2)))
        items = [self.value(schema.get("items", {}), depth + 1) for _ in range(count)]
        if schema.get("uniqueItems"):
            unique: list[Any] = []
            for item in items:
                if item not in unique:
                    unique.append(item)
            items = unique if len(unique) >= low else items
        return items

    def _integer(self, schema: Mapping[str, Any]) -> int:
        low = schema.get("minimum", 1)
        high = schema.get("maximum", max(int(low) + 1000, 1000))
        low = int(low) + (1 if schema.get("exclusiveMinimum") is True else 0)
        high = int(high) - (1 if schema.get("exclusiveMaximum") is True else 0)
        value = self.rng.randint(int(low), max(int(low), int(high)))
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            value = max(low, value - value % step)
        return value

    def _string(self, schema: Mapping[str, Any]) -> str:
        fmt = schema.get("format")
        when = _REFERENCE - timedelta(minutes=self.rng.randint(0, 60 * 24 * 365))
        if fmt == "date-time":
            return when.strftime("%Y-%m-%dT%H:%M:%SZ")
        if fmt == "date":
            return when.strftime("%Y-%m-%d")
        if fmt == "email":
            return f"{self.rng.choice(_WORDS)}.{self.rng.randint(1, 999)}@example.com"
        if fmt in ("uri", "url"):
            return f"https://example.com/{self.rng.choice(_WORDS)}/{self.rng.randint(1, 999)}"
        if fmt == "uuid":
            return str(_uuid(self.rng))
        if fmt == "ipv4":
            return ".".join(str(self.rng.randint(1, 254)) for _ in range(4))
        low = int(schema.get("minLength", 1))
        high = int(schema.get("maxLength", max(low, 24)))
        if "pattern" in schema:
            low = int(schema.get("minLength", 0))
            high = int(schema.get("maxLength", 1000))
            for _ in range(32):
                text = matching(str(schema["pattern"]), self.rng)
                if low <= len(text) <= high:
                    return text
            return str(schema.get("example", text[:high]))
        text = " ".join(self.rng.choice(_WORDS) for _ in range(3))
        while len(text) < low:
            text += self.rng.choice(string.ascii_lowercase)
        return text[: max(low, high)]


def _uuid(rng: random.Random) -> str:
    digits = f"{rng.getrandbits(128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-a{digits[17:20]}-{digits[20:32]}"


_ALPHABET = string.ascii_lowercase + string.digits
_CATEGORIES = {
    sre.CATEGORY_DIGIT: string.digits,
    sre.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre.CATEGORY_SPACE: " ",
}
MAX_REPEAT = 8


def matching(pattern: str, rng: random.Random) -> str:
    """A short string matching ``pattern`` (the regex subset specs use: literals, classes,
    groups, alternation, bounded and open repeats); an unsupported construct gives ""."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return ""
    return _emit(list(parsed), rng)


def _emit(items: list[Any], rng: random.Random) -> str:
    out: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.ANY:
            out.append(rng.choice(_ALPHABET))
        elif op is sre.IN:
            out.append(_from_class(arg, rng))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = arg
            high = low + MAX_REPEAT if high is sre.MAXREPEAT else min(high, low + MAX_REPEAT)
            out.extend(_emit(list(sub), rng) for _ in range(rng.randint(low, max(low, high))))
        elif op is sre.SUBPATTERN:
            out.append(_emit(list(arg[-1]), rng))
        elif op is sre.BRANCH:
            out.append(_emit(list(rng.choice(arg[1])), rng))
        elif op is sre.CATEGORY:
            out.append(rng.choice(_CATEGORIES.get(arg, _ALPHABET)))
    return "".join(out)


def _from_class(items: list[Any], rng: random.Random) -> str:
    choices: list[str] = []
    for op, arg in items:
        if op is sre.NEGATE:
            return rng.choice(_ALPHABET)
        if op is sre.LITERAL:
            choices.append(chr(arg))
        elif op is sre.RANGE:
            choices.extend(chr(c) for c in range(arg[0], min(arg[1], arg[0] + 64) + 1))
        elif op is sre.CATEGORY:
            choices.extend(_CATEGORIES.get(arg, _ALPHABET))
    return rng.choice(choices or list(_ALPHABET))
