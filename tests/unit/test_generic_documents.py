"""Reading a user's document: 3.1 converted, refs checked; values made to fit schemas."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from contract.openapi31 import Unconvertible, downgrade
from contract.refs import UnresolvedRef, resolve, unresolved
from contract.regex import sample_matching
from contract.samples import SampleMaker
from mockserver.generic.validity import SchemaCheck


def test_openapi_31_forms_become_30() -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
        "webhooks": {"x": {}},
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "a": {"type": ["string", "null"]},
                        "b": {"type": ["integer", "string"]},
                        "c": {"const": 3},
                        "d": {"type": "number", "exclusiveMinimum": 0},
                        "e": {"type": "string", "examples": ["x", "y"]},
                    },
                }
            }
        },
    }
    converted = downgrade(document)
    props = converted["components"]["schemas"]["A"]["properties"]
    assert converted["openapi"] == "3.0.3" and "webhooks" not in converted
    assert converted["paths"] == {} and "identifier" not in converted["info"]["license"]
    assert props["a"] == {"type": "string", "nullable": True}
    assert props["b"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert props["c"] == {"enum": [3]}
    assert props["d"] == {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    assert props["e"] == {"type": "string", "example": "x"}
    assert document["openapi"] == "3.1.0"  # the original is left alone


def test_keywords_without_a_30_form_are_refused_by_name() -> None:
    schema = {"type": "array", "prefixItems": [{"type": "integer"}]}
    document = {"openapi": "3.1.0", "components": {"schemas": {"T": schema}}}
    with pytest.raises(Unconvertible, match="'prefixItems' at #/components/schemas/T"):
        downgrade(document)


def test_references_are_followed_and_broken_ones_found() -> None:
    document = {
        "components": {
            "schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}}
        },
        "paths": {"/x": {"get": {"responses": {"200": {"$ref": "#/components/responses/Nope"}}}}},
        "examples": {"e": {"value": {"$ref": "not a reference: example data"}}},
    }
    assert resolve(document, {"$ref": "#/components/schemas/A"}) == {"type": "string"}
    assert unresolved(document) == ["#/components/responses/Nope"]
    with pytest.raises(UnresolvedRef):
        resolve(document, {"$ref": "other.yaml#/A"})


@pytest.mark.parametrize(
    "pattern", [r"^[a-z]{3}-\d{4}$", r"^(ds|res)_[A-Za-z0-9]{12}$", r"^[^@\s]+@[^@\s]+$", "ab+c?"]
)
def test_strings_matching_a_pattern(pattern: str) -> None:
    rng = random.Random(5)
    for _ in range(20):
        made = sample_matching(pattern, rng)
        assert made is not None and re.search(pattern, made)


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "email", "at", "n", "tags", "site"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "email": {"type": "string", "format": "email"},
        "at": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "site": {"type": "string", "format": "uri"},
        "n": {"type": "integer", "minimum": 10, "maximum": 20, "multipleOf": 5},
        "x": {"type": "number", "minimum": 0, "maximum": 1, "exclusiveMinimum": True},
        "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "tags": {"type": "array", "items": {"type": "string", "minLength": 2}, "minItems": 1},
        "secret": {"type": "string", "writeOnly": True},
    },
}


def test_made_values_validate_against_their_schema_and_repeat_under_a_seed() -> None:
    document = {"components": {"schemas": {"S": SCHEMA}}}
    check = SchemaCheck(document)
    made = [SampleMaker(document, random.Random(seed)).make(SCHEMA) for seed in range(30)]
    for value in made:
        assert check.problems(SCHEMA, value) == []
        assert "secret" not in value  # a response never shows writeOnly properties
    assert SampleMaker(document, random.Random(3)).make(SCHEMA) == made[3]


def test_complete_fills_required_properties_at_every_depth() -> None:
    schema = {
        "type": "object",
        "required": ["rules"],
        "properties": {
            "rules": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["a", "b"],
                    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                },
            }
        },
    }
    done = SampleMaker({}, random.Random(1)).complete(schema, {"rules": [{"a": "kept"}]})
    assert done["rules"][0]["a"] == "kept" and isinstance(done["rules"][0]["b"], int)
