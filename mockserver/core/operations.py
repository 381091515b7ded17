"""The operations of one contract, indexed by operationId and by request path, with
their responses' local ``$ref``s resolved (what forced responses and rule scopes read)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_REF_DEPTH = 32


@dataclass(frozen=True)
class Operation:
    """One operation: its id, method, path template and raw OpenAPI object."""

    operation_id: str
    method: str
    template: str
    raw: Mapping[str, Any]

    def statuses(self) -> list[str]:
        return [str(code) for code in self.raw.get("responses", {})]


class Operations:
    """Every operation of a spec; :meth:`resolve` follows local ``$ref`` pointers."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self.by_id: dict[str, Operation] = {}
        self.templates: set[str] = set()
        paths: list[tuple[re.Pattern[str], dict[str, Operation]]] = []
        for template, item in spec.get("paths", {}).items():
            self.templates.add(template)
            by_method: dict[str, Operation] = {}
            for method, raw in item.items():
                if method not in _METHODS or not isinstance(raw, Mapping):
                    continue
                operation_id = str(raw.get("operationId", f"{method} {template}"))
                operation = Operation(operation_id, method.upper(), template, raw)
                self.by_id[operation_id] = operation
                by_method[method.upper()] = operation
            regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            paths.append((re.compile(f"^{regex}$"), by_method))
        # Literal paths before templated ones, as the router matches them.
        paths.sort(key=lambda path: path[0].pattern.count("[^/]+"))
        self._paths = paths

    def find(self, method: str, relative_path: str) -> Operation | None:
        """The operation a request (path relative to the API's mount) is routed to."""
        for pattern, by_method in self._paths:
            if method in by_method and pattern.match(relative_path):
                return by_method[method]
        return None

    def allowed_methods(self, relative_path: str) -> list[str]:
        """The methods the spec declares for the first path template matching (for `Allow`)."""
        for pattern, by_method in self._paths:
            if pattern.match(relative_path):
                return sorted(by_method)
        return []

    def resolve(self, node: Any, depth: int = 0) -> Any:
        """``node`` with a local ``$ref`` (``#/components/...``) followed, recursively at
        the top level only (nested refs are resolved by whoever walks deeper)."""
        while isinstance(node, Mapping) and "$ref" in node and depth < MAX_REF_DEPTH:
            ref = str(node["$ref"])
            if not ref.startswith("#/"):
                return {}
            target: Any = self.spec
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part, {}) if isinstance(target, Mapping) else {}
            node = target
            depth += 1
        return node
