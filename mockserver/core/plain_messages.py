"""Schema violations worded in plain English, naming the field: `repo name cannot be empty`.

jsonschema words a violation from the schema's side (`'' does not match '^[a-z]...$'`);
a client wants to read which field is wrong and what it must be. :func:`predicate` says
what is wrong (`cannot be empty`, `must be an integer`: the form the handlers' own
field errors take) for every keyword an OpenAPI 3.0 schema uses, falling back to
jsonschema's own first line for anything else; :func:`plain_message` puts the field in
front. A field that is a single camelCase word is written as
words (`repoName` -> `repo name`, as the WRGL document writes it); any other field name
or path is quoted as sent (`per_page`, `schema.columns.0.type`, `data[Post][body]`).
"""

from __future__ import annotations

import re
import typing as t

from jsonschema import ValidationError

BODY = "the request body"
"""How a violation of the whole body (no field path) names its subject."""

_CAMEL_WORD = re.compile(r"[a-z]+(?:[A-Z][a-z0-9]*)+")
_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "object": "an object",
    "array": "an array",
    "null": "null",
}
_FORMATS = {
    "date-time": "an RFC 3339 date-time (e.g. 2024-03-15T10:30:00Z)",
    "date": "a date (YYYY-MM-DD)",
    "email": "an email address",
    "uri": "an absolute URI",
    "url": "an absolute URL",
    "uuid": "a UUID",
    "binary": "a file",
}

_SIZE_BOUNDS = {
    "minLength": ("must be at least {} long", "character"),
    "maxLength": ("must be at most {} long", "character"),
    "minItems": ("must have at least {}", "item"),
    "maxItems": ("must have at most {}", "item"),
    "minProperties": ("must have at least {}", "member"),
    "maxProperties": ("must have at most {}", "member"),
}
"""Bounds on a size: keyword -> (sentence, counted unit); a lower bound of 1 reads
`cannot be empty`."""
_SENTENCES = {
    "pattern": "is not in the expected format (it must match {})",
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "exclusiveMinimum": "must be greater than {}",
    "exclusiveMaximum": "must be less than {}",
    "multipleOf": "must be a multiple of {}",
    "uniqueItems": "must not repeat an item",
    "oneOf": "does not match any of the forms it may take",
    "anyOf": "does not match any of the forms it may take",
    "not": "has a value that is not allowed here",
}
"""Keywords whose sentence needs only the schema's value (``{}``)."""


def subject(field: str) -> str:
    """How a message names ``field``."""
    if not field:
        return BODY
    if _CAMEL_WORD.fullmatch(field):
        return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: " " + m.group(1).lower(), field)
    return field


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _listing(values: t.Iterable[t.Any]) -> str:
    return ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values)


def _kind(schema_type: t.Any, nullable: bool) -> str:
    names = schema_type if isinstance(schema_type, list) else [schema_type]
    words = [_TYPES.get(str(name), str(name)) for name in names]
    if nullable and "null" not in words:
        words.append("null")
    return " or ".join(words)


def plain_message(error: ValidationError, field: str) -> str:
    """``error`` (found at ``field``, `""` for the whole body) as one English sentence."""
    return f"{subject(field)} {predicate(error)}"


def predicate(error: ValidationError) -> str:
    """What ``error`` says is wrong, without naming the field: `cannot be empty`."""
    keyword = error.validator
    expected: t.Any = error.validator_value
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        return "is required"
    if keyword in ("minLength", "pattern") and value == "":
        return "cannot be empty"
    if keyword in _SIZE_BOUNDS:
        if keyword.startswith("min") and expected == 1:
            return "cannot be empty"
        sentence, unit = _SIZE_BOUNDS[keyword]
        return sentence.format(_plural(expected, unit))
    if keyword in ("minimum", "maximum"):
        exclusive = "exclusive" + keyword.title()
        if schema.get(exclusive) is True:  # OpenAPI 3.0's boolean form
            keyword = exclusive
    if keyword in _SENTENCES:
        return _SENTENCES[keyword].format(expected)
    if keyword == "type":
        return f"must be {_kind(expected, bool(schema.get('nullable')))}"
    if keyword == "enum":
        return f"must be one of {_listing(expected)}"
    if keyword == "format":
        return f"must be {_FORMATS.get(str(expected), f'a valid {expected}')}"
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = set(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        extra = [
            name
            for name in value
            if name not in known and not any(p.search(name) for p in patterns)
        ]
        return f"has unknown field{'s' if len(extra) > 1 else ''} {_listing(extra)}"
    return "is invalid: " + error.message.split("\n", 1)[0]
