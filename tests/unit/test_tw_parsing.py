"""Bad input never becomes a 500: deepObject parameters deeper than their schema, JSON
nested too deeply, and values that do not fit their column type."""

from __future__ import annotations

import pytest
from connexion.exceptions import BadRequestProblem

from mockserver.apis.tw.values import (
    CONVERTERS,
    ValueProblem,
    format_timestamp,
    parse_timestamp,
)
from mockserver.core.jsondepth import MAX_DEPTH, depth
from mockserver.core.uriparse import SafeURIParser

FILTER = {
    "name": "filter",
    "in": "query",
    "style": "deepObject",
    "explode": True,
    "schema": {
        "type": "object",
        "properties": {
            "created_at": {
                "type": "object",
                "properties": {"gte": {"type": "string"}},
            }
        },
    },
}
LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer"}}


def parser() -> SafeURIParser:
    return SafeURIParser([FILTER, LIMIT], {})


def test_deep_objects_still_parse():
    resolved = parser().resolve_query({"filter[created_at][gte]": ["2024-01-01"], "limit": ["5"]})
    assert resolved == {"filter": {"created_at": {"gte": "2024-01-01"}}, "limit": 5}


def test_a_value_deeper_than_the_schema_is_a_400_naming_the_parameter():
    with pytest.raises(BadRequestProblem) as raised:
        parser().resolve_query({"filter[created_at][gte][x]": ["1"], "limit": ["5"]})
    assert raised.value.detail.endswith("- 'filter'")


def test_json_depth_is_measured_without_recursion():
    assert depth(1) == 0
    assert depth({"a": [1, {"b": []}]}) == 4
    nested: list = []
    for _ in range(100_000):
        nested = [nested]
    assert depth(nested) > MAX_DEPTH


@pytest.mark.parametrize(
    ("column_type", "value"),
    [
        ("integer", True),
        ("integer", 1.0),
        ("integer", "1"),
        ("integer", 2**63),
        ("number", float("nan")),
        ("number", float("inf")),
        ("number", False),
        ("string", 1),
        ("boolean", 0),
        ("boolean", "true"),
        ("timestamp", "2024-01-01"),
        ("timestamp", "2024-13-01T00:00:00Z"),
        ("timestamp", "2024-01-01T00:00:00"),
        ("timestamp", 1704067200),
    ],
)
def test_values_that_do_not_fit_their_column(column_type, value):
    with pytest.raises(ValueProblem):
        CONVERTERS[column_type](value)


def test_timestamps_normalize_to_utc():
    micros = parse_timestamp("2024-01-01T02:30:00.250+02:30")
    assert format_timestamp(micros) == "2024-01-01T00:00:00.25Z"
    assert parse_timestamp("2024-01-01", allow_date=True) == parse_timestamp("2024-01-01T00:00:00Z")
    assert format_timestamp(parse_timestamp("1969-12-31T23:59:59Z")) == "1969-12-31T23:59:59Z"
