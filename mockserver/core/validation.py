"""Connexion's request validators with its known 500s on bad input fixed.

A non-UTF-8 JSON body raised UnicodeDecodeError (a 500); here it is a 400. Bodies
also get the schema's defaults filled in, so handlers can trust them. Urlencoded forms
are decoded strictly (core/forms.py): a malformed one is a 400, not a guess. Every body
validator (JSON, XML, forms) reports all of a body's schema violations in one 400, not
only the first (core/validation_errors.py).
"""

from __future__ import annotations

import functools
import json
import typing as t

import jsonschema._keywords
import jsonschema.exceptions
import jsonschema.validators
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator
from connexion.utils import is_null, is_nullable
from connexion.validators import (
    VALIDATOR_MAP,
    DefaultsJSONRequestBodyValidator,
    MultiPartFormDataValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator, ValidationError
from starlette.types import Scope

from mockserver.core import (
    acceptor,
    formatcheck,  # noqa: F401  (registers date/uri/uuid checks)
    multipleof,  # noqa: F401  (exact multipleOf, before any extend)
)
from mockserver.core.ecmapattern import ParameterSchemaValidator
from mockserver.core.errors import ApiError, ErrorKind, FieldError
from mockserver.core.forms import StrictFormValidator
from mockserver.core.plain_messages import plain_message, predicate, subject
from mockserver.core.validation_errors import reject_invalid
from mockserver.core.xmlbody import XmlBody

UNSURE = object()
"""A body validator's :meth:`~SafeJSONRequestBodyValidator.accepted` could not tell."""


def _with_defaults(validator_class: t.Any) -> t.Any:
    """``validator_class`` filling in each property's default, as Connexion's
    extend_with_set_default does, but only in objects: validation goes on past the first
    error, so `properties` also meets bodies that are not objects (Connexion's crashes)."""
    validate_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(
        validator: t.Any, properties: t.Any, instance: t.Any, schema: t.Any
    ) -> t.Iterator[t.Any]:
        if isinstance(instance, dict):
            for name, subschema in properties.items():
                if "default" in subschema:
                    instance.setdefault(name, subschema["default"])
        yield from validate_properties(validator, properties, instance, schema)

    if validate_properties is jsonschema._keywords.properties:
        acceptor.register(set_defaults, acceptor.properties_with_defaults)
    return jsonschema.validators.extend(validator_class, {"properties": set_defaults})


_DEFAULTS_VALIDATOR = _with_defaults(Draft4RequestValidator)


class SafeJSONRequestBodyValidator(DefaultsJSONRequestBodyValidator):
    """JSON bodies: malformed or non-UTF-8 input is a 400, never a 500.

    The schema validator is built once per operation; Connexion's own builds a new
    validator class (attrs + compile) on every request.
    """

    @functools.cached_property
    def _validator(self) -> t.Any:  # type: ignore[override]
        return _DEFAULTS_VALIDATOR(self._schema, format_checker=Draft4Validator.FORMAT_CHECKER)

    @functools.cached_property
    def _acceptor(self) -> acceptor.Check | None:
        validator = self._validator
        return acceptor.compile_acceptor(self._schema, type(validator), validator.format_checker)

    def accepted(self, raw: bytes) -> t.Any:
        """The body ``raw`` carries, defaults filled in, when it certainly passes this
        validator (decided by its compiled acceptor, no errors built); :data:`UNSURE`
        when only the full validation can tell (then it is the one to run)."""
        accept = self._acceptor
        if accept is None:
            return UNSURE
        try:
            text = raw.decode(self._encoding)
            body = json.loads(text) if text else None
        except (ValueError, LookupError, RecursionError):
            return UNSURE
        if body is None or not self._fits(body) or not accept(body):
            return UNSURE
        return body

    def _fits(self, body: t.Any) -> bool:
        """Whether ``body`` is one the acceptor may look at (see jsondepth)."""
        return True

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

    def _validate(self, body: t.Any) -> None:
        if not self._nullable and body is None:
            raise BadRequestProblem("Request body must not be empty")
        reject_invalid(self._validator, body)


class SafeXMLRequestBodyValidator(XmlBody, SafeJSONRequestBodyValidator):
    """XML bodies: read as the JSON their schema describes (core/xmlbody.py), then
    validated and handed on exactly as a JSON body."""

    def accepted(self, raw: bytes) -> t.Any:
        return UNSURE  # read by XmlBody's parser: only the full validation


class _AllFormErrors:
    """Mixin for Connexion's form validators: every schema violation in one 400."""

    _strict_validation: bool
    _validator: t.Any
    _validate_params_strictly: t.Callable[[dict[str, t.Any]], None]

    def _validate(self, body: t.Any) -> None:
        if not isinstance(body, dict):
            raise BadRequestProblem("Parsed body must be a mapping")
        if self._strict_validation:
            self._validate_params_strictly(body)
        reject_invalid(self._validator, body)


class AllErrorsFormValidator(_AllFormErrors, StrictFormValidator):
    """Urlencoded forms: decoded strictly, every violation reported."""


class AllErrorsMultiPartValidator(_AllFormErrors, MultiPartFormDataValidator):
    """Multipart forms: every violation reported."""


class NamedParameterValidator(ParameterValidator):
    """Parameter errors in plain English naming the parameter (`limit must be at most
    100`), with the parameter as the field; never a schema dump."""

    @staticmethod
    def validate_parameter(
        parameter_type: str, value: t.Any, param: dict[str, t.Any], param_name: str | None = None
    ) -> str | None:
        name = str(param.get("name", param_name or ""))
        if is_nullable(param) and is_null(value):
            return None
        if value is None:
            if param.get("required"):
                raise ApiError(
                    ErrorKind.VALIDATION,
                    f"the {parameter_type} parameter {subject(name)} is required",
                    (FieldError(name, "is required"),),
                )
            return None
        schema = param.get("schema", param)
        validator, accept = _schema_validator(schema)
        if accept is not None and accept(value):
            return None
        try:
            validator.validate(value)
        except ValidationError as error:
            field = _parameter_field(name, param.get("style"), tuple(error.path))
            raise ApiError(
                ErrorKind.VALIDATION,
                plain_message(error, field),
                (FieldError(field, predicate(error)),),
            ) from None
        return None


_PARAMETER_VALIDATORS: dict[int, tuple[t.Any, t.Any, acceptor.Check | None]] = {}
_PARAMETER_VALIDATORS_MAX = 4096
"""Compiled validators by parameter schema (the spec's own dicts, fixed at start-up;
a `--reload` brings new ones, hence the bound)."""


def _schema_validator(schema: dict[str, t.Any]) -> tuple[t.Any, acceptor.Check | None]:
    """The parameter schema's validator and compiled acceptor, built once: building
    them costs more than validating a value with them."""
    known = _PARAMETER_VALIDATORS.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1], known[2]
    checker = Draft4Validator.FORMAT_CHECKER
    validator = ParameterSchemaValidator(schema, format_checker=checker)
    accept = acceptor.compile_acceptor(schema, ParameterSchemaValidator, checker)
    if len(_PARAMETER_VALIDATORS) >= _PARAMETER_VALIDATORS_MAX:
        _PARAMETER_VALIDATORS.clear()
    _PARAMETER_VALIDATORS[id(schema)] = (schema, validator, accept)
    return validator, accept


def _parameter_field(name: str, style: t.Any, path: tuple[t.Any, ...]) -> str:
    """`filter[name][contains]` inside a deepObject, `ids.2` inside an array, else the name."""
    if not path:
        return name
    if style == "deepObject":
        return name + "".join(f"[{part}]" for part in path)
    return ".".join([name, *(str(part) for part in path)])


def validator_map() -> dict[str, t.Any]:
    """Connexion's map with the JSON, form and parameter validators replaced (whole sub-maps)."""
    bodies = dict(VALIDATOR_MAP["body"].items())
    bodies["*/*json"] = SafeJSONRequestBodyValidator
    bodies["application/x-www-form-urlencoded"] = AllErrorsFormValidator
    bodies["multipart/form-data"] = AllErrorsMultiPartValidator
    bodies["application/xml"] = SafeXMLRequestBodyValidator
    return {**VALIDATOR_MAP, "parameter": NamedParameterValidator, "body": MediaTypeDict(bodies)}
