"""Exact `multipleOf` for Connexion's Draft 4 request and response validators.

jsonschema divides floats: `8.27 / 0.01` is `826.9999999999999`, so valid two-decimal
amounts (0.07, 8.27, 0.57) were refused. Here both numbers are read as the decimals
they are written as (their shortest repr, which is what JSON carried) and the
remainder must be exactly zero. Registered once, at import, on Connexion's validator
classes, before any validator is derived from them (core/validation.py imports this
module first); jsonschema's own Draft 4 validator is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
from jsonschema.exceptions import ValidationError

from mockserver.core import acceptor


def is_multiple_of(value: int | float, divisor: int | float) -> bool:
    """Whether ``value`` is an exact multiple of ``divisor``, both read as decimals."""
    try:
        return Decimal(repr(value)) % Decimal(repr(divisor)) == 0
    except (InvalidOperation, ArithmeticError):
        return False  # inf, nan, or a quotient beyond the decimal context


def multiple_of(
    validator: Any, divisor: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """The `multipleOf` keyword, exactly (a drop-in for jsonschema's)."""
    if not validator.is_type(instance, "number"):
        return
    if not is_multiple_of(instance, divisor):
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")


for _validator_class in (Draft4RequestValidator, Draft4ResponseValidator):
    _validator_class.VALIDATORS["multipleOf"] = multiple_of


def _accepts_multiple_of(divisor: Any, schema: Any, context: Any) -> acceptor.Check | None:
    if isinstance(divisor, bool) or not isinstance(divisor, (int, float)):
        return None
    is_number = acceptor.TYPES["number"]
    return lambda value: not is_number(value) or is_multiple_of(value, divisor)


acceptor.register(multiple_of, _accepts_multiple_of)
