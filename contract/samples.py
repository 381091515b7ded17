"""Values that validate against an OpenAPI 3.0 schema, from a seeded generator.

Formats are honoured (email, date-time, date, uuid, uri, ...), so are enums, bounds,
lengths and patterns. Where a value is free text, an optional ``words`` source (the
mock passes Faker) picks something plausible for the property's name. The same seed
gives the same values; the gate uses it for request bodies, the mock for records.
"""

from __future__ import annotations

import base64
import copy
import random
import re
import string
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from contract.paths import flatten
from contract.refs import resolve
from contract.regex import sample_matching

Words = Callable[[str | None, dict[str, Any]], str | None]
"""(property name, schema) -> a plausible string for it, or None to let the maker decide."""
REFERENCE_TIME = datetime(2025, 1, 15, 10, 0, 0, tzinfo=UTC)
MAX_DEPTH = 6


class SampleMaker:
    """Makes schema-valid values. ``direction`` 'response' leaves out writeOnly
    properties, 'request' leaves out readOnly ones."""

    def __init__(
        self,
        document: dict[str, Any],
        rng: random.Random,
        *,
        words: Words | None = None,
        use_examples: bool = True,
        optional_rate: float = 0.7,
        reference_time: datetime = REFERENCE_TIME,
    ) -> None:
        self.document = document
        self.rng = rng
        self.words = words
        self.use_examples = use_examples
        self.optional_rate = optional_rate
        self.reference_time = reference_time

    def make(
        self, schema: Any, name: str | None = None, direction: str = "response", depth: int = 0
    ) -> Any:
        schema = resolve(self.document, schema or {})
        if "allOf" in schema:
            schema = flatten(self.document, schema)
        if self.use_examples and "example" in schema and schema["example"] is not None:
            return copy.deepcopy(schema["example"])
        if schema.get("enum"):
            choices = [v for v in schema["enum"] if v is not None] or schema["enum"]
            return copy.deepcopy(self.rng.choice(choices))
        for keyword in ("oneOf", "anyOf"):
            if schema.get(keyword):
                return self.make(schema[keyword][0], name, direction, depth + 1)
        kind = schema.get("type") or ("object" if "properties" in schema else None)
        if kind == "object":
            return self._object(schema, direction, depth)
        if kind == "array":
            return self._array(schema, name, direction, depth)
        if kind == "integer":
            return self._integer(schema)
        if kind == "number":
            return self._number(schema)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return self._string(schema, name)

    def complete(
        self, schema: Any, partial: Any, direction: str = "response", depth: int = 0
    ) -> Any:
        """``partial`` with every required property it lacks made up, at every depth."""
        flat = flatten(self.document, resolve(self.document, schema or {}))
        if isinstance(partial, list) and flat.get("type") == "array" and depth < MAX_DEPTH:
            items = flat.get("items") or {}
            return [self.complete(items, value, direction, depth + 1) for value in partial]
        if not isinstance(partial, dict):
            return partial
        properties = flat.get("properties") or {}
        result = dict(partial)
        for key, value in partial.items():
            if key in properties and depth < MAX_DEPTH:
                result[key] = self.complete(properties[key], value, direction, depth + 1)
        for key in flat.get("required") or []:
            if key not in result and key in properties:
                result[key] = self.make(properties[key], key, direction, depth + 1)
        return result

    def _skipped(self, schema: dict[str, Any], direction: str) -> bool:
        schema = resolve(self.document, schema)
        if direction == "response":
            return bool(schema.get("writeOnly"))
        return bool(schema.get("readOnly"))

    def _object(self, schema: dict[str, Any], direction: str, depth: int) -> dict[str, Any]:
        required = set(schema.get("required") or [])
        result: dict[str, Any] = {}
        for key, prop in (schema.get("properties") or {}).items():
            if key not in required and (
                depth >= MAX_DEPTH
                or self._skipped(prop, direction)
                or self.rng.random() > self.optional_rate
            ):
                continue
            result[key] = self.make(prop, key, direction, depth + 1)
        extra = schema.get("additionalProperties")
        if not result and isinstance(extra, dict) and depth < MAX_DEPTH:
            result[self.rng.choice(["alpha", "beta", "gamma"])] = self.make(
                extra, None, direction, depth + 1
            )
        return result

    def _array(
        self, schema: dict[str, Any], name: str | None, direction: str, depth: int
    ) -> list[Any]:
        low = int(schema.get("minItems", 0 if depth >= MAX_DEPTH else 1))
        high = int(schema.get("maxItems", low + 2))
        count = self.rng.randint(low, max(low, min(high, low + 2)))
        items = schema.get("items") or {}
        values: list[Any] = []
        for _ in range(count * 4):
            if len(values) == count:
                break
            value = self.make(items, name, direction, depth + 1)
            if not schema.get("uniqueItems") or value not in values:
                values.append(value)
        return values

    def _integer(self, schema: dict[str, Any]) -> int:
        low, high = _bounds(schema, 1, 1000)
        low, high = int(-(-low // 1)), int(high // 1)
        if schema.get("exclusiveMinimum") and low == schema.get("minimum"):
            low += 1
        if schema.get("exclusiveMaximum") and high == schema.get("maximum"):
            high -= 1
        step = int(schema.get("multipleOf") or 1)
        first = -(-low // step) * step
        if first > high:
            return first
        return first + step * self.rng.randint(0, (high - first) // step)

    def _number(self, schema: dict[str, Any]) -> float | int:
        low, high = _bounds(schema, 0, 1000)
        step = schema.get("multipleOf")
        if step:
            first, last = int(-(-low // step)), int(high // step)
            return round(step * self.rng.randint(first, max(first, last)), 10)
        value = round(self.rng.uniform(low, high), 2)
        if value <= low or value >= high:
            value = low + (high - low) / 2
        return value

    def _string(self, schema: dict[str, Any], name: str | None) -> str:
        fmt = schema.get("format")
        made = _FORMATS[fmt](self) if fmt in _FORMATS else None
        if made is None and schema.get("pattern"):
            made = sample_matching(schema["pattern"], self.rng)
        if made is None and self.words is not None:
            made = self.words(name, schema)
        if made is None:
            made = "".join(self.rng.choice(string.ascii_lowercase) for _ in range(8))
        if fmt in _FORMATS or schema.get("pattern"):
            return made
        low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
        if high is not None and len(made) > int(high):
            made = made[: int(high)]
        while len(made) < low:
            made += self.rng.choice(string.ascii_lowercase)
        return made

    def timestamp(self) -> datetime:
        return self.reference_time - timedelta(seconds=self.rng.randint(0, 90 * 24 * 3600))


def _bounds(schema: dict[str, Any], low: float, high: float) -> tuple[float, float]:
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    if minimum is not None and maximum is None:
        return float(minimum), float(minimum) + (high - low)
    if maximum is not None and minimum is None:
        return min(low, float(maximum)), float(maximum)
    if minimum is not None and maximum is not None:
        return float(minimum), float(maximum)
    return low, high


def _uuid(maker: SampleMaker) -> str:
    return str(uuid.UUID(int=maker.rng.getrandbits(128), version=4))


def _word(maker: SampleMaker) -> str:
    return "".join(maker.rng.choice(string.ascii_lowercase) for _ in range(6))


_FORMATS: dict[str, Callable[[SampleMaker], str]] = {
    "date-time": lambda m: m.timestamp().isoformat().replace("+00:00", "Z"),
    "date": lambda m: m.timestamp().date().isoformat(),
    "time": lambda m: m.timestamp().time().isoformat() + "Z",
    "uuid": _uuid,
    "email": lambda m: f"{_word(m)}@example.com",
    "uri": lambda m: f"https://example.com/{_word(m)}",
    "url": lambda m: f"https://example.com/{_word(m)}",
    "uri-reference": lambda m: f"/{_word(m)}",
    "hostname": lambda m: f"{_word(m)}.example.com",
    "ipv4": lambda m: ".".join(str(m.rng.randint(1, 254)) for _ in range(4)),
    "ipv6": lambda m: ":".join(f"{m.rng.randint(0, 65535):x}" for _ in range(8)),
    "byte": lambda m: base64.b64encode(_word(m).encode()).decode(),
    "binary": _word,
    "password": lambda m: _word(m) + "A1!",
}


def is_pattern_valid(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True
