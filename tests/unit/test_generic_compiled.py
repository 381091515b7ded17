"""The generic mock's per-schema shaping answers exactly as the functions it replaces.

:mod:`mockserver.generic.compiled` does per schema, once, the lookups that
``visible()`` and ``SampleMaker.complete()`` do on every call; these tests put both
through every named schema of every test-data document (and the project's own specs),
on records with writeOnly, unknown and missing required properties.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import contract
from contract.paths import flatten, request_schema, response_schema
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.generic.compiled import Compiled

DATA = Path(__file__).resolve().parents[1] / "data" / "openapi"
OWN = sorted(contract.names())
DOCUMENTS = sorted(p.name for p in DATA.glob("*.yaml")) + OWN


def visible(document: dict[str, Any], schema: dict[str, Any], record: Any) -> Any:
    """The reference reading, uncompiled: ``record`` without what a response must not
    show (writeOnly properties, properties ``additionalProperties: false`` forbids)."""
    schema = flatten(document, resolve(document, schema or {}))
    if not isinstance(record, dict) or not isinstance(schema.get("properties"), dict):
        return record
    properties = schema["properties"]
    closed = schema.get("additionalProperties") is False
    shown = {}
    for key, value in record.items():
        prop = properties.get(key)
        if prop is None:
            if not closed:
                shown[key] = value
            continue
        if resolve(document, prop).get("writeOnly"):
            continue
        shown[key] = visible(document, prop, value)
    return shown


def _document(name: str) -> dict[str, Any]:
    if name in OWN:
        return contract.load_openapi(contract.spec_path(name))
    return contract.load_openapi(DATA / name)


def _cases(document: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(schema name, schema, record) for each named schema and each operation's JSON
    request and response schema: a made-up record with an unknown property, the same
    with its first half of properties removed, and a list of it."""
    schemas = dict((document.get("components") or {}).get("schemas") or {})
    for method, template, operation in contract.operations(document):
        for kind, schema in (
            ("request", request_schema(document, operation)),
            ("response", response_schema(document, operation)),
        ):
            if schema is not None:
                schemas[f"{method} {template} {kind}"] = schema
    maker = SampleMaker(document, random.Random(7), optional_rate=1.0)
    cases = []
    for name, schema in schemas.items():
        record = maker.make(schema)
        if isinstance(record, dict):
            record = {**record, "x_unknown": {"nested": [1, {"a": None}]}}
            half = dict(list(record.items())[len(record) // 2 :])
            cases.append((name, schema, half))
        cases.append((name, schema, record))
        cases.append((name, schema, [record, record]))
    return cases


def test_the_documents_give_many_schemas_to_compare() -> None:
    compared = {name: len(_cases(_document(name))) for name in DOCUMENTS}
    assert sum(compared.values()) > 500, compared
    assert sum(1 for count in compared.values() if count) >= len(DOCUMENTS) - 1, compared


@pytest.mark.parametrize("name", DOCUMENTS)
def test_compiled_shaping_equals_visible_and_complete(name: str) -> None:
    document = _document(name)
    compiled = Compiled(document)
    cases = _cases(document)
    for schema_name, schema, record in cases:
        assert compiled.shown(schema)(record) == visible(document, schema, record), schema_name
        expected = SampleMaker(document, random.Random(11))
        actual = SampleMaker(document, random.Random(11))
        for depth in (0, 5):
            want = expected.complete(schema, record, "response", depth)
            assert compiled.completed(schema, depth)(actual, record) == want, schema_name
        # the same random draws in the same order: the makers are still in step
        assert expected.rng.random() == actual.rng.random(), schema_name


def test_write_only_and_closed_schemas_are_hidden_and_required_ones_made() -> None:
    document: dict[str, Any] = {
        "components": {
            "schemas": {
                "User": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "password": {"type": "string", "writeOnly": True},
                        "address": {"$ref": "#/components/schemas/Address"},
                    },
                },
                "Address": {
                    "allOf": [
                        {"type": "object", "properties": {"city": {"type": "string"}}},
                        {"required": ["zip"], "properties": {"zip": {"type": "string"}}},
                    ]
                },
            }
        }
    }
    user = document["components"]["schemas"]["User"]
    compiled = Compiled(document)
    record = {"id": 3, "password": "s3cret", "extra": 1, "address": {"city": "Oslo"}}
    assert compiled.shown(user)(record) == {"id": 3, "address": {"city": "Oslo"}}
    completed = compiled.completed(user)(SampleMaker(document, random.Random(1)), record)
    assert set(completed) == {"id", "password", "extra", "address", "name"}
    assert set(completed["address"]) == {"city", "zip"}
    assert record == {"id": 3, "password": "s3cret", "extra": 1, "address": {"city": "Oslo"}}
