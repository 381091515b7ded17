"""Seed records for every resource: the spec's own examples first, then made-up
records that validate against the item schema, the same for the same seed."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

from contract.paths import Resource, json_schema, request_schema, success_status
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.core.runtime import SeedContext
from mockserver.generic.ids import IdMaker, key_of
from mockserver.generic.model import SpecModel
from mockserver.generic.state import GenericState, Scope
from mockserver.generic.validity import SchemaCheck
from mockserver.generic.words import faker_words

NESTED_PER_PARENT = 3
MAX_TOP_LEVEL = 25
ATTEMPTS = 5


def seed(model: SpecModel, ctx: SeedContext) -> GenericState:
    """The seeded state of ``model`` for this context's seed and volume."""
    rng = random.Random(ctx.settings.seed)
    samples = SampleMaker(
        model.document,
        rng,
        words=faker_words(ctx.faker),
        reference_time=ctx.reference_time,
    )
    state = GenericState({r.name: r for r in model.resources}, samples)
    check = model.check
    for resource in model.resources:
        state.ids[resource.name] = IdMaker(resource.id_schema, resource.name[:3] or "id", rng)
    state.seed_scope = lambda resource, scope: _fill(
        state, resource, scope, NESTED_PER_PARENT, model, check
    )
    for resource in model.resources:
        if resource.shares is not None:
            continue
        for scope in _parent_scopes(state, resource):
            count = min(ctx.volume, MAX_TOP_LEVEL) if not scope else NESTED_PER_PARENT
            _fill(state, resource, scope, count, model, check)
    return state


def _parent_scopes(state: GenericState, resource: Resource) -> Iterator[Scope]:
    if not resource.scope_params:
        yield ()
        return
    parent = resource.parent
    if parent is None or len(parent.scope_params) + 1 != len(resource.scope_params):
        return  # scoped by parameters no resource owns: seeded as it is used
    for scope in list(state.stores.get(parent.name, {})):
        for key in list(state.store(parent, scope)._records):
            yield (*scope, key)


def _fill(
    state: GenericState,
    resource: Resource,
    scope: Scope,
    count: int,
    model: SpecModel,
    check: SchemaCheck,
) -> None:
    store = state.store(resource, scope)
    given = list(examples(model, resource)) if not scope else []
    attempts = 0
    while len(store) < count and attempts < count * ATTEMPTS + len(given):
        attempts += 1
        if given:
            record = state.samples.complete(resource.item_schema, given.pop(0))
        else:
            record = state.samples.make(resource.item_schema)
            if resource.id_property:
                record.pop(resource.id_property, None)
        key = assign_id(state, resource, scope, record)
        if check.valid(resource.item_schema, record):
            store.put(key, record)


def assign_id(state: GenericState, resource: Resource, scope: Scope, record: dict[str, Any]) -> str:
    """The store key of ``record``: its own id when it has a free one, else a new id
    (written into the record's id property)."""
    ids = state.ids[resource.name]
    prop = resource.id_property
    value = record.get(prop) if prop else None
    store = state.store(resource, scope)
    if value is None or key_of(value) in store:
        value = ids.new()
        while key_of(value) in store:
            value = ids.new()
    ids.seen(value)
    if prop:
        record[prop] = value
    return key_of(value)


def examples(model: SpecModel, resource: Resource) -> Iterator[dict[str, Any]]:
    """The item examples the document gives: the item schema's, the read and list
    responses', the create request's."""
    document = model.document
    item = resolve(document, resource.item_schema)
    if isinstance(item.get("example"), dict):
        yield copy.deepcopy(item["example"])
    for operation_id in (resource.read_op, resource.list_op, resource.create_op):
        if operation_id is None:
            continue
        operation = model.operations[operation_id].operation
        status = success_status(operation)
        holders: list[Any] = []
        if status is not None and operation_id != resource.create_op:
            holders.append(resolve(document, operation["responses"][status]))
        if operation_id == resource.create_op and request_schema(document, operation):
            holders.append(resolve(document, operation["requestBody"]))
        for holder in holders:
            for value in media_examples(document, holder):
                yield from _records_in(value, resource, operation_id)


def media_examples(document: dict[str, Any], holder: dict[str, Any]) -> Iterator[Any]:
    """The JSON examples of a response or request body (`example`, then `examples`)."""
    if json_schema(document, holder) is None:
        return
    for media_type, media in (holder.get("content") or {}).items():
        if "json" not in media_type:
            continue
        if "example" in media:
            yield copy.deepcopy(media["example"])
        for named in (media.get("examples") or {}).values():
            named = resolve(document, named)
            if isinstance(named, dict) and "value" in named:
                yield copy.deepcopy(named["value"])
        return


def _records_in(value: Any, resource: Resource, operation_id: str) -> Iterator[dict[str, Any]]:
    if operation_id == resource.list_op:
        key = resource.list_envelope.key
        value = value.get(key) if key and isinstance(value, dict) else value
        if isinstance(value, list):
            yield from (v for v in value if isinstance(v, dict))
        return
    envelope = resource.item_envelopes.get(operation_id) or resource.request_envelopes.get(
        operation_id
    )
    if envelope is not None and envelope.key and isinstance(value, dict):
        value = value.get(envelope.key)
    if isinstance(value, dict):
        yield value
