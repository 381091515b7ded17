"""Query and path parsing that never turns odd input into a 500.

Connexion's ``coerce_type`` walks a deepObject value along the schema's
``properties`` and raises ``KeyError('properties')`` when the value nests deeper
than the schema (``filter[created_at][gte][x]=1``). :class:`SafeURIParser` resolves
each parameter on its own and turns such a failure into a 400 naming the parameter,
which the API's error style then renders.

A deepObject key nested beyond :data:`MAX_QUERY_DEPTH` brackets
(``filter[a][a][a]...=1``) is refused before it is parsed: schema validation and
its error messages recurse once per level.
"""

from __future__ import annotations

from typing import Any

from connexion.exceptions import BadRequestProblem
from connexion.uri_parsing import OpenAPIURIParser

MAX_QUERY_DEPTH = 8
"""Most ``[key]`` levels one query parameter name may carry."""


class SafeURIParser(OpenAPIURIParser):
    """Connexion's OpenAPI parser, one parameter at a time, with failures as 400s."""

    def resolve_query(self, query_data: dict[str, Any]) -> dict[str, Any]:
        for key in query_data:
            if key.count("[") > MAX_QUERY_DEPTH:
                root = key.split("[", 1)[0][:64]
                raise BadRequestProblem(
                    detail=f"Query parameter nests deeper than {MAX_QUERY_DEPTH} levels - '{root}'"
                )
        return super().resolve_query(query_data)  # type: ignore[no-any-return]

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
