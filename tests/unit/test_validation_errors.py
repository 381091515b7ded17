"""Every schema violation of a request body, sorted, in one 400 (core/validation_errors.py)."""

from __future__ import annotations

import pytest
from jsonschema import Draft4Validator

from mockserver.core.errors import ApiError, ErrorKind, FieldError
from mockserver.core.validation import AllErrorsFormValidator, SafeJSONRequestBodyValidator
from mockserver.core.validation_errors import SUMMARY_LIMIT, reject_invalid, summary

SCHEMA = {
    "type": "object",
    "required": ["owner", "name"],
    "properties": {
        "tags": {"type": "array", "items": {"type": "string"}},
        "owner": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
        "name": {"type": "string"},
    },
}


def rejected(instance: object, schema: dict = SCHEMA) -> ApiError:
    with pytest.raises(ApiError) as caught:
        reject_invalid(Draft4Validator(schema), instance)
    assert caught.value.kind is ErrorKind.VALIDATION
    return caught.value


def test_a_valid_body_passes():
    reject_invalid(Draft4Validator(SCHEMA), {"name": "x", "owner": {"id": 1}})


def test_every_violation_is_a_detail_sorted_by_field_with_list_indices_in_number_order():
    tags = ["a", "b", 1, *"cdefghi", 2]
    error = rejected({"tags": tags, "owner": {"id": "one"}, "name": 5})
    assert error.details == (
        FieldError("name", "must be a string"),
        FieldError("owner.id", "must be an integer"),
        FieldError("tags.2", "must be a string"),
        FieldError("tags.10", "must be a string"),
    )


def test_a_missing_property_is_named_by_its_own_path():
    error = rejected({"owner": {}})
    assert error.details == (
        FieldError("name", "is required"),
        FieldError("owner.id", "is required"),
    )
    assert error.message == "name is required; owner.id is required"


def test_one_violation_is_a_plain_sentence_naming_the_field():
    assert rejected({"name": 5, "owner": {"id": 1}}).message == "name must be a string"


def test_the_summary_is_one_line_quoting_a_bounded_number_of_problems():
    lines = [f"problem {i}" for i in range(SUMMARY_LIMIT + 3)]
    text = summary(lines)
    assert text.startswith("problem 0; problem 1; ") and text.endswith(" (and 3 more)")
    assert f"problem {SUMMARY_LIMIT - 1}" in text and f"problem {SUMMARY_LIMIT};" not in text


def test_form_bodies_report_every_violation_too():
    form = AllErrorsFormValidator(schema=SCHEMA, encoding="utf-8", strict_validation=False)
    with pytest.raises(ApiError) as caught:
        form._validate({"name": 5})
    assert [d.field for d in caught.value.details] == ["name", "owner"]


@pytest.mark.parametrize("body", [["name"], "text", 5])
def test_a_body_that_is_not_an_object_is_a_400_even_where_properties_have_defaults(body):
    schema = {"type": "object", "properties": {"phone": {"type": "string", "default": ""}}}
    json_body = SafeJSONRequestBodyValidator(
        schema=schema, encoding="utf-8", strict_validation=False
    )
    with pytest.raises(ApiError) as caught:
        json_body._validate(body)
    assert caught.value.message == "the request body must be an object"
    filled = {"name": "x"}
    json_body._validate(filled)
    assert filled == {"name": "x", "phone": ""}
