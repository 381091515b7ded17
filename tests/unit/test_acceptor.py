"""Compiled acceptors answer exactly as the full validators do (core/acceptor.py).

Differential: random schemas over every supported keyword (in random keyword order,
with defaults, nullable, formats, ECMA patterns, exact multipleOf) and random values;
for each validator class the mock uses, a compiled acceptor must say "valid" exactly
when jsonschema reports no error, and must fill in the same defaults.
"""

from __future__ import annotations

import copy
import typing as t

import pytest
from connexion.json_schema import Draft4ResponseValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from contract import load
from mockserver.core.acceptor import compile_acceptor
from mockserver.core.ecmapattern import ParameterSchemaValidator
from mockserver.core.validation import _DEFAULTS_VALIDATOR

CHECKER = Draft4Validator.FORMAT_CHECKER
CLASSES = {
    "request body (defaults)": _DEFAULTS_VALIDATOR,
    "parameter": ParameterSchemaValidator,
    "response": Draft4ResponseValidator,
}
KEYS = ["a", "b", "c", "d"]
STRINGS = [
    "",
    "a",
    "abc",
    "ABC",
    "x\n",
    "12",
    "a@b.co",
    "not an email",
    "2025-01-15",
    "2025-13-01",
    "2025-01-15T10:00:00Z",
    "2025-01-15 10:00",
    "123e4567-e89b-12d3-a456-426614174000",
    "123e4567e89b12d3a456426614174000",
    "https://example.com/x",
    "not a uri",
    "é",
]
NUMBERS = [0, 1, -1, 2, 3, 7, 100, 0.5, 0.07, 8.27, 1.0, -2.5, 1e20]

scalars = st.one_of(
    st.none(), st.booleans(), st.sampled_from(NUMBERS), st.integers(-5, 5), st.sampled_from(STRINGS)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)
TYPE_NAMES = ["array", "boolean", "integer", "null", "number", "object", "string"]


def _schema(*keyword_options: st.SearchStrategy[tuple[str, t.Any]]) -> st.SearchStrategy[t.Any]:
    """Schemas of a few of ``keyword_options``, in random keyword order."""
    pairs = st.lists(st.one_of(*keyword_options), max_size=5, unique_by=lambda pair: pair[0])
    return pairs.flatmap(st.permutations).map(dict)


common = (
    st.tuples(st.just("type"), st.sampled_from(TYPE_NAMES)),
    st.tuples(st.just("type"), st.lists(st.sampled_from(TYPE_NAMES), min_size=1, max_size=3)),
    st.tuples(st.just("nullable"), st.booleans()),
    st.tuples(st.just("enum"), st.lists(scalars, min_size=1, max_size=4)),
    st.tuples(st.just("writeOnly"), st.booleans()),
    st.tuples(st.just("description"), st.just("ignored")),
)
numeric = _schema(
    *common,
    st.tuples(st.just("type"), st.sampled_from(["number", "integer"])),
    st.tuples(st.sampled_from(["minimum", "maximum"]), st.sampled_from([0, 1, 2.5, -1, 7])),
    st.tuples(st.sampled_from(["exclusiveMinimum", "exclusiveMaximum"]), st.booleans()),
    st.tuples(st.just("multipleOf"), st.sampled_from([2, 0.5, 0.01, 3])),
)
textual = _schema(
    *common,
    st.tuples(st.just("type"), st.just("string")),
    st.tuples(st.sampled_from(["minLength", "maxLength"]), st.integers(0, 4)),
    st.tuples(st.just("pattern"), st.sampled_from(["^[a-z]+$", "^a", "\\d", "^$", "."])),
    st.tuples(
        st.just("format"),
        st.sampled_from(["email", "date", "date-time", "uuid", "uri", "ipv4", "made-up"]),
    ),
    st.tuples(st.just("enum"), st.lists(st.sampled_from(STRINGS), min_size=1, max_size=4)),
)
leaves = st.one_of(st.just({}), numeric, textual)


def _containers(children: st.SearchStrategy[t.Any]) -> st.SearchStrategy[t.Any]:
    with_default = st.one_of(
        children,
        st.tuples(children, values).map(lambda pair: {**pair[0], "default": pair[1]}),
    )
    objects = _schema(
        *common,
        st.tuples(st.just("type"), st.just("object")),
        st.tuples(
            st.just("properties"), st.dictionaries(st.sampled_from(KEYS), with_default, max_size=3)
        ),
        st.tuples(st.just("required"), st.lists(st.sampled_from(KEYS), max_size=3, unique=True)),
        st.tuples(st.just("additionalProperties"), st.one_of(st.booleans(), children)),
        st.tuples(st.sampled_from(["minProperties", "maxProperties"]), st.integers(0, 3)),
    )
    arrays = _schema(
        *common,
        st.tuples(st.just("type"), st.just("array")),
        st.tuples(st.just("items"), children),
        st.tuples(st.sampled_from(["minItems", "maxItems"]), st.integers(0, 3)),
        st.tuples(st.just("uniqueItems"), st.booleans()),
    )
    composed = _schema(
        st.tuples(
            st.sampled_from(["allOf", "anyOf", "oneOf"]), st.lists(children, min_size=1, max_size=3)
        ),
        st.tuples(st.just("not"), children),
        *common,
    )
    return st.one_of(objects, arrays, composed)


schemas = st.recursive(leaves, _containers, max_leaves=8)


numbers_ = st.one_of(st.sampled_from(NUMBERS), st.integers(-2, 8), st.sampled_from([2.5, 7.0]))
bounded = st.fixed_dictionaries(
    {},
    optional={
        "minimum": st.sampled_from([0, 1, 2.5, -1, 7]),
        "maximum": st.sampled_from([0, 1, 2.5, -1, 7]),
        "exclusiveMinimum": st.booleans(),
        "exclusiveMaximum": st.booleans(),
        "multipleOf": st.sampled_from([2, 0.5, 0.01, 3]),
        "type": st.sampled_from(["number", "integer"]),
    },
)
property_schemas = st.one_of(leaves, bounded).flatmap(
    lambda sub: st.one_of(st.just(sub), values.map(lambda default: {**sub, "default": default}))
)
objects_with_defaults = st.fixed_dictionaries(
    {
        "properties": st.dictionaries(
            st.sampled_from(KEYS), property_schemas, min_size=1, max_size=4
        )
    },
    optional={
        "type": st.just("object"),
        "required": st.lists(st.sampled_from(KEYS), max_size=3, unique=True),
        "additionalProperties": st.one_of(st.booleans(), leaves),
        "maxProperties": st.integers(0, 4),
    },
).flatmap(lambda schema: st.permutations(list(schema.items())).map(dict))
partial_objects = st.dictionaries(st.sampled_from(KEYS), values, max_size=3)


def _verdict(validator_class: t.Any, schema: dict[str, t.Any], value: t.Any) -> bool:
    validator = validator_class(schema, format_checker=CHECKER)
    return next(iter(validator.iter_errors(value)), None) is None


@pytest.mark.parametrize("kind", sorted(CLASSES))
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=schemas, value=values)
def test_acceptor_agrees_with_the_full_validator(
    kind: str, schema: dict[str, t.Any], value: t.Any
) -> None:
    validator_class = CLASSES[kind]
    accept = compile_acceptor(schema, validator_class, CHECKER)
    if accept is None:
        return  # unsupported (defaults inside anyOf/oneOf/not): the full validator's
    ours, theirs = copy.deepcopy(value), copy.deepcopy(value)
    validator = validator_class(schema, format_checker=CHECKER)
    valid = not list(validator.iter_errors(theirs))
    assert bool(accept(ours)) is valid, (schema, value)
    if valid:
        assert ours == theirs  # the same defaults filled in


@pytest.mark.parametrize("kind", sorted(CLASSES))
@settings(max_examples=400, deadline=None)
@given(schema=bounded, value=numbers_)
def test_numeric_bounds_agree(kind: str, schema: dict[str, t.Any], value: t.Any) -> None:
    accept = compile_acceptor(schema, CLASSES[kind], CHECKER)
    if accept is not None:
        assert bool(accept(value)) is _verdict(CLASSES[kind], schema, value), (schema, value)


@settings(max_examples=600, deadline=None)
@given(schema=objects_with_defaults, value=partial_objects)
def test_defaults_filled_in_as_the_full_validator_does(
    schema: dict[str, t.Any], value: dict[str, t.Any]
) -> None:
    accept = compile_acceptor(schema, _DEFAULTS_VALIDATOR, CHECKER)
    assert accept is not None
    ours, theirs = copy.deepcopy(value), copy.deepcopy(value)
    valid = not list(_DEFAULTS_VALIDATOR(schema, format_checker=CHECKER).iter_errors(theirs))
    assert bool(accept(ours)) is valid, (schema, value)
    if valid:
        assert ours == theirs


def test_defaults_are_fresh_copies() -> None:
    schema = {"type": "object", "properties": {"tags": {"type": "array", "default": []}}}
    accept = compile_acceptor(schema, _DEFAULTS_VALIDATOR, CHECKER)
    assert accept is not None
    first: dict[str, t.Any] = {}
    assert accept(first)
    first["tags"].append("changed")
    assert schema["properties"]["tags"]["default"] == []
    second: dict[str, t.Any] = {}
    assert accept(second) and second == {"tags": []}


def test_unsupported_keywords_compile_to_none() -> None:
    for schema in (
        {"$ref": "#/x"},
        {"patternProperties": {"^a": {}}},
        {"dependencies": {"a": ["b"]}},
        {"items": [{"type": "string"}]},
        {"anyOf": [{"properties": {"a": {"default": 1}}}]},
        {"type": "mystery"},
    ):
        assert compile_acceptor(schema, _DEFAULTS_VALIDATOR, CHECKER) is None, schema


def _schemas_of(node: t.Any) -> t.Iterator[dict[str, t.Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "schema" in item and isinstance(item["schema"], dict):
                yield item["schema"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@pytest.mark.parametrize("api", ["example", "tw", "teamworklive", "wrgl", "tweetworks"])
def test_the_specs_request_schemas_compile_and_agree_on_their_examples(api: str) -> None:
    from connexion.json_schema import resolve_refs

    spec = resolve_refs(load(api))
    compiled = 0
    for schema in _schemas_of(spec["paths"]):
        accept = compile_acceptor(schema, _DEFAULTS_VALIDATOR, CHECKER)
        if accept is None:
            continue
        compiled += 1
        for sample in (schema.get("example"), schema.get("default"), {}, [], "x", 1, None):
            assert bool(accept(copy.deepcopy(sample))) == _verdict(
                _DEFAULTS_VALIDATOR, schema, copy.deepcopy(sample)
            ), (api, schema, sample)
    assert compiled > 0
