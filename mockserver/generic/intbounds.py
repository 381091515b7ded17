"""`format: int32` / `int64` as bounds Connexion enforces.

Connexion's request validation does not check integer formats, so `limit=2147483648`
would pass an int32 parameter. The served copy of the document states the ranges.
"""

from __future__ import annotations

from typing import Any

RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def with_integer_bounds(node: Any) -> Any:
    """``node`` (changed in place) with each int32/int64 schema's range made explicit."""
    if isinstance(node, list):
        for item in node:
            with_integer_bounds(item)
    elif isinstance(node, dict):
        bounds = RANGES.get(str(node.get("format")))
        if node.get("type") == "integer" and bounds is not None:
            node.setdefault("minimum", bounds[0])
            node.setdefault("maximum", bounds[1])
        for key, value in node.items():
            if key not in ("example", "examples", "default", "enum"):
                with_integer_bounds(value)
    return node
