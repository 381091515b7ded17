"""Query and path parsing that never turns odd input into a 500.

Connexion's ``coerce_type`` walks a deepObject value along the schema's
``properties`` and raises ``KeyError('properties')`` when the value nests deeper
than the schema (``filter[created_at][gte][x]=1``). :class:`SafeURIParser` resolves
each parameter on its own and turns such a failure into a 400 naming the parameter,
which the API's error style then renders.
"""

from __future__ import annotations

from typing import Any

from connexion.exceptions import BadRequestProblem
from connexion.uri_parsing import OpenAPIURIParser


class SafeURIParser(OpenAPIURIParser):
    """Connexion's OpenAPI parser, one parameter at a time, with failures as 400s."""

    def resolve_params(self, params: dict[str, Any], _in: str) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        for name, values in params.items():
            try:
                resolved.update(super().resolve_params({name: values}, _in))
            except (KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
                raise BadRequestProblem(
                    detail=f"Value does not have the structure the parameter allows - '{name}'"
                ) from exc
        return resolved
