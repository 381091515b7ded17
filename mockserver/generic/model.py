"""One user document read for serving: its resources and what each operation does."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from contract import operations
from contract.paths import Resource, operation_key, resources
from mockserver.generic.validity import SchemaCheck

KINDS = ("list", "create", "read", "replace", "merge", "delete", "collection_replace")


@dataclass(frozen=True)
class OperationInfo:
    """An operation and the part it plays: one of :data:`KINDS`, or 'static' (answered
    from its examples or schema)."""

    operation_id: str
    method: str
    template: str
    operation: dict[str, Any]
    kind: str = "static"
    resource: Resource | None = None


class SpecModel:
    """The analysed document. ``document`` is a copy in which every operation has an
    operationId (made from method and path where the spec gives none)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = copy.deepcopy(document)
        for method, template, operation in operations(self.document):
            operation["operationId"] = operation_key(method, template, operation)
        self.resources = resources(self.document)
        roles: dict[str, tuple[str, Resource | None]] = {}
        for resource in self.resources:
            for kind in KINDS:
                operation_id = getattr(resource, f"{kind}_op")
                if operation_id and operation_id not in roles:
                    roles[operation_id] = (kind, resource)
        self.operations: dict[str, OperationInfo] = {}
        for method, template, operation in operations(self.document):
            operation_id = operation["operationId"]
            kind, owner = roles.get(operation_id, ("static", None))
            self.operations[operation_id] = OperationInfo(
                operation_id, method, template, operation, kind, owner
            )

    @cached_property
    def check(self) -> SchemaCheck:
        return SchemaCheck(self.document)

    @property
    def title(self) -> str:
        return str((self.document.get("info") or {}).get("title") or "API")
