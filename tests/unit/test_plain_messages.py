"""Schema violations in plain English naming the field (core/plain_messages.py)."""

from __future__ import annotations

import pytest
from jsonschema import Draft4Validator

from mockserver.core.plain_messages import plain_message, subject
from mockserver.core.validation_errors import dotted, field_path

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "repoName": {"type": "string", "pattern": "^[a-z][a-z0-9_-]{1,99}$"},
        "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
        "hours": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
        "title": {"type": "string", "minLength": 2, "maxLength": 5},
        "priority": {"type": "string", "enum": ["low", "normal", "high"]},
        "due": {"type": "string", "format": "date"},
        "website": {"type": "string", "nullable": True},
        "tags": {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": True},
        "step": {"type": "number", "multipleOf": 0.5},
    },
    "required": ["repoName"],
}


def message(instance: dict) -> str:
    (error,) = list(
        Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER).iter_errors(instance)
    )
    return plain_message(error, dotted(field_path(error)))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"repoName": ""}, "repo name cannot be empty"),
        (
            {"repoName": "Bad Name"},
            "repo name is not in the expected format (it must match ^[a-z][a-z0-9_-]{1,99}$)",
        ),
        ({"per_page": 500}, "per_page must be at most 100"),
        ({"per_page": 0}, "per_page must be at least 1"),
        ({"per_page": "x"}, "per_page must be an integer"),
        ({"hours": 0}, "hours must be greater than 0"),
        ({"title": "a"}, "title must be at least 2 characters long"),
        ({"title": "abcdef"}, "title must be at most 5 characters long"),
        ({"priority": "meh"}, "priority must be one of 'low', 'normal', 'high'"),
        ({"due": "2024-13-45"}, "due must be a date (YYYY-MM-DD)"),
        ({"website": 5}, "website must be a string or null"),
        ({"tags": []}, "tags cannot be empty"),
        ({"tags": [1, 2, 3]}, "tags must have at most 2 items"),
        ({"tags": [1, 1]}, "tags must not repeat an item"),
        ({"step": 0.3}, "step must be a multiple of 0.5"),
        ({"vat": 1}, "the request body has unknown field 'vat'"),
    ],
)
def test_each_keyword_reads_as_a_sentence_naming_the_field(extra, expected):
    assert message({"repoName": "repo", **extra}) == expected


def test_a_missing_field_is_required():
    assert message({}) == "repo name is required"


def test_a_refused_value_is_never_quoted_back():
    assert "<script>" not in message({"repoName": "<script>"})


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("repoName", "repo name"),
        ("contentHash", "content hash"),
        ("per_page", "per_page"),
        ("schema.columns.0.type", "schema.columns.0.type"),
        ("data[Post][body]", "data[Post][body]"),
        ("name", "name"),
        ("", "the request body"),
    ],
)
def test_only_a_single_camel_case_word_is_written_as_words(field, named):
    assert subject(field) == named
