"""The live state of one served document: a store per resource and scope."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from contract.paths import Resource
from contract.samples import SampleMaker
from mockserver.core.store import MemoryStore
from mockserver.generic.ids import IdMaker

Scope = tuple[str, ...]
"""The values of a nested collection's parent path parameters (empty at the top)."""


@dataclass
class GenericState:
    """Records by resource name, then scope, then id; one id maker per resource."""

    resources: dict[str, Resource]
    samples: SampleMaker
    ids: dict[str, IdMaker] = field(default_factory=dict)
    stores: dict[str, dict[Scope, MemoryStore[str]]] = field(default_factory=dict)
    seed_scope: Callable[[Resource, Scope], None] | None = None
    """Fills a scope no parent resource owns (`/repos/{owner}/{repo}/pulls`) when it is
    first used, so any owner/repo pair has records."""

    def store(self, resource: Resource, scope: Scope) -> MemoryStore[str]:
        if resource.shares is not None:
            return self.stores.setdefault(resource.shares, {}).setdefault((), MemoryStore())
        scopes = self.stores.setdefault(resource.name, {})
        store = scopes.get(scope)
        if store is None:
            store = scopes[scope] = MemoryStore()
            if scope and resource.parent is None and self.seed_scope is not None:
                self.seed_scope(resource, scope)
        return store

    def scopes(self, resource: Resource) -> Iterable[Scope]:
        return list(self.stores.get(resource.name, {}))

    def parent_exists(self, resource: Resource, path_params: dict[str, Any]) -> bool:
        """Whether every parent in a nested collection's path exists (else 404)."""
        parent = resource.parent
        while parent is not None:
            if parent.id_param is None:
                return True
            scope = tuple(str(path_params[p]) for p in parent.scope_params)
            if str(path_params.get(parent.id_param)) not in self.store(parent, scope):
                return False
            parent = parent.parent
        return True
