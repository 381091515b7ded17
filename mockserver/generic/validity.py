"""Does a value match one of the document's schemas? (OpenAPI 3.0 semantics, formats on.)"""

from __future__ import annotations

from typing import Any

from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

_BASE = "urn:understudy:spec"


class SchemaCheck:
    """Validates values against schemas whose `$ref`s point into ``document``."""

    def __init__(self, document: dict[str, Any]) -> None:
        resource = Resource.from_contents(document, default_specification=DRAFT4)
        self._registry = Registry().with_resource(_BASE, resource)

    def problems(self, schema: dict[str, Any], value: Any) -> list[str]:
        validator = OAS30Validator(
            schema,
            registry=self._registry,
            format_checker=oas30_format_checker,
            _resolver=self._registry.resolver(base_uri=_BASE),
        )
        return [error.message for error in validator.iter_errors(value)]

    def valid(self, schema: dict[str, Any], value: Any) -> bool:
        return not self.problems(schema, value)
