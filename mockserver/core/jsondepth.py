"""JSON bodies nested too deeply are a 400, not a 500.

``json.loads`` raises RecursionError on a few thousand nested brackets, and schema
validation recurses once per level too, so a small body such as
`{"where": {"a": {"eq": {"eq": ...}}}}` could reach the edge as a 500. The body is
measured after parsing (iteratively) and refused beyond :data:`MAX_DEPTH` levels,
before anything recursive looks at it.
"""

from __future__ import annotations

import typing as t

from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from starlette.types import Scope

from mockserver.core.validation import SafeJSONRequestBodyValidator
from mockserver.core.validation import validator_map as base_validator_map

MAX_DEPTH = 64


def depth(value: t.Any) -> int:
    """How deeply objects and arrays nest in ``value`` (a scalar is 0), iteratively."""
    deepest = 0
    stack: list[tuple[t.Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: t.Iterable[t.Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


class DepthBoundJSONRequestBodyValidator(SafeJSONRequestBodyValidator):
    """The project's JSON body validator, refusing bodies nested beyond MAX_DEPTH."""

    async def _parse(self, stream: t.AsyncGenerator[bytes, None], scope: Scope) -> t.Any:
        try:
            body = await super()._parse(stream, scope)
        except RecursionError:
            raise BadRequestProblem(
                detail=f"JSON body nests deeper than {MAX_DEPTH} levels"
            ) from None
        if depth(body) > MAX_DEPTH:
            raise BadRequestProblem(detail=f"JSON body nests deeper than {MAX_DEPTH} levels")
        return body

    def _fits(self, body: t.Any) -> bool:
        return depth(body) <= MAX_DEPTH


def validator_map() -> dict[str, t.Any]:
    """The project's validator map with the depth-bound JSON body validator."""
    validators = base_validator_map()
    bodies = dict(validators["body"].items())
    bodies["*/*json"] = DepthBoundJSONRequestBodyValidator
    return {**validators, "body": MediaTypeDict(bodies)}
