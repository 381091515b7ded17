"""Bodies generated from schemas for `Prefer: dynamic=true`."""

from __future__ import annotations

import random
import re

import pytest

from mockserver.core.schemagen import SchemaGenerator, matching


@pytest.mark.parametrize(
    "pattern",
    [r"^ds_[a-z0-9]+$", r"^[a-z][a-z0-9_-]{1,99}$", r"^([0-9a-f]{32})?$", r"^(GET|POST)$"],
)
def test_pattern_strings_match_their_pattern(pattern: str) -> None:
    rng = random.Random(3)
    for _ in range(20):
        assert re.fullmatch(pattern, matching(pattern, rng))


def test_generation_follows_refs_bounds_and_is_deterministic() -> None:
    components = {
        "Item": {
            "type": "object",
            "required": ["id", "tags"],
            "properties": {
                "id": {"type": "integer", "minimum": 5, "maximum": 9},
                "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
                "kind": {"enum": ["a", "b"]},
                "secret": {"type": "string", "writeOnly": True},
                "at": {"type": "string", "format": "date-time"},
            },
        }
    }

    def resolve(node: object) -> object:
        if isinstance(node, dict) and "$ref" in node:
            return components[node["$ref"].rsplit("/", 1)[1]]
        return node

    schema = {"$ref": "#/components/schemas/Item"}
    first = SchemaGenerator(resolve, random.Random("seed")).value(schema)
    assert first == SchemaGenerator(resolve, random.Random("seed")).value(schema)
    assert 5 <= first["id"] <= 9 and len(first["tags"]) >= 2
    assert first["kind"] in ("a", "b") and "secret" not in first
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first["at"])
