"""ECMA-262 semantics for the `pattern` keyword in every validator the mock runs.

jsonschema checks `pattern` with Python's `re`, whose `$` also matches before a final
newline: `"x\\n"` passed `^[a-z]+$`. Here the keyword goes through
:func:`contract.matches` (the one ECMA reading, shared with the gate). Registered at
import on Connexion's request and response validators, before anything derives from
them (core/validation.py imports this module first); :data:`ParameterSchemaValidator`
is the same for query, path and header parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema.validators
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError

from contract import matches
from mockserver.core import acceptor

MAX_QUOTED = 80
"""Characters of a refused value quoted in the error message."""


def quoted(value: str) -> str:
    """``value`` for an error message: repr'd, and cut to :data:`MAX_QUOTED` characters."""
    if len(value) <= MAX_QUOTED:
        return repr(value)
    return repr(value[:MAX_QUOTED]) + f"... ({len(value)} characters)"


def pattern(validator: Any, regex: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The `pattern` keyword with ECMA-262 semantics (a drop-in for jsonschema's)."""
    if validator.is_type(instance, "string") and not matches(regex, instance):
        yield ValidationError(f"{quoted(instance)} does not match {regex!r}")


def _accepts_pattern(regex: Any, schema: Any, context: Any) -> acceptor.Check | None:
    if not isinstance(regex, str):
        return None
    return lambda value: not isinstance(value, str) or bool(matches(regex, value))


acceptor.register(pattern, _accepts_pattern)
for _validator_class in (Draft4RequestValidator, Draft4ResponseValidator):
    _validator_class.VALIDATORS["pattern"] = pattern

ParameterSchemaValidator = jsonschema.validators.extend(Draft4Validator, {"pattern": pattern})
