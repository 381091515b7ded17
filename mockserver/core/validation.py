"""Connexion's request validators with its known 500s on bad input fixed.

A non-UTF-8 JSON body raised UnicodeDecodeError (a 500); here it is a 400. Bodies
also get the schema's defaults filled in, so handlers can trust them. Urlencoded forms
are decoded strictly (core/forms.py): a malformed one is a 400, not a guess.
"""

from __future__ import annotations

import functools
import json
import typing as t

from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator
from connexion.validators import (
    VALIDATOR_MAP,
    DefaultsJSONRequestBodyValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator
from starlette.types import Scope

from mockserver.core import (
    formatcheck,  # noqa: F401  (registers date/uri/uuid checks)
    multipleof,  # noqa: F401  (exact multipleOf, before any extend)
)
from mockserver.core.forms import StrictFormValidator
from mockserver.core.xmlbody import XmlBody

_DEFAULTS_VALIDATOR = DefaultsJSONRequestBodyValidator.extend_with_set_default(
    Draft4RequestValidator)


class SafeJSONRequestBodyValidator(DefaultsJSONRequestBodyValidator):
    """JSON bodies: malformed or non-UTF-8 input is a 400, never a 500.

    The schema validator is built once per operation; Connexion's own builds a new
    validator class (attrs + compile) on every request.
    """

    @functools.cached_property
    def _validator(self) -> t.Any:  # type: ignore[override]
        return _DEFAULTS_VALIDATOR(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)

    async def _parse(self, stream: t.AsyncGenerator[bytes, None], scope: Scope) -> t.Any:
        raw = b"".join([chunk async for chunk in stream])
        try:
            text = raw.decode(self._encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise BadRequestProblem(detail="Request body is not valid UTF-8") from exc
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise BadRequestProblem(detail=f"Malformed JSON: {exc}") from exc


class SafeXMLRequestBodyValidator(XmlBody, SafeJSONRequestBodyValidator):
    """XML bodies: read as the JSON their schema describes (core/xmlbody.py), then
    validated and handed on exactly as a JSON body."""


class NamedParameterValidator(ParameterValidator):
    """Parameter errors as one line naming the parameter, not a schema dump."""

    @staticmethod
    def validate_parameter(
        parameter_type: str, value: t.Any, param: dict[str, t.Any], param_name: str | None = None
    ) -> str | None:
        error = ParameterValidator.validate_parameter(parameter_type, value, param, param_name)
        if not error:
            return None
        first_line = str(error).split("\n", 1)[0]
        name = param.get("name", param_name)
        return f"{first_line} - '{name}'" if name else first_line


def validator_map() -> dict[str, t.Any]:
    """Connexion's map with the JSON, form and parameter validators replaced (whole sub-maps)."""
    bodies = dict(VALIDATOR_MAP["body"].items())
    bodies["*/*json"] = SafeJSONRequestBodyValidator
    bodies["application/x-www-form-urlencoded"] = StrictFormValidator
    bodies["application/xml"] = SafeXMLRequestBodyValidator
    return {**VALIDATOR_MAP, "parameter": NamedParameterValidator, "body": MediaTypeDict(bodies)}
