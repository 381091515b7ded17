"""State inferred from an OpenAPI document's paths, with no annotation.

A *collection* path (`/pets`, listing or creating) and its *item* path (`/pets/{petId}`)
are one :class:`Resource`; a collection under another resource's item
(`/owners/{ownerId}/pets`) is nested in it. The mock keeps one store per resource and
the gate derives its round trips from the same analysis, so both read a document the
same way. Pure data in, data out: no I/O, no imports beyond the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from contract.documents import operations
from contract.refs import resolve

_PARAM = re.compile(r"^\{([^}]+)\}$")
SUCCESS = re.compile(r"^2\d\d$")


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages: ``style`` is 'offset', 'page', 'cursor' or 'limit'."""

    style: str
    limit: str | None = None
    offset: str | None = None
    page: str | None = None
    cursor: str | None = None
    first_page: int = 1


@dataclass(frozen=True)
class Envelope:
    """Where the record sits in a body: at the top (``key`` None) or under ``key``
    (`{"article": {...}}`); for lists, ``key`` names the array (`{"items": [...]}`)."""

    key: str | None = None


@dataclass
class Resource:
    """A collection and its item path, with the operations that act on them."""

    name: str
    collection: str
    item: str | None = None
    id_param: str | None = None
    parent: Resource | None = None
    scope_params: tuple[str, ...] = ()
    """Path parameters of the collection (the parents' ids), in path order."""
    list_op: str | None = None
    create_op: str | None = None
    read_op: str | None = None
    replace_op: str | None = None
    merge_op: str | None = None
    delete_op: str | None = None
    collection_replace_op: str | None = None
    """PUT on the collection with the id in the body (Swagger's petstore style)."""
    item_schema: dict[str, Any] = field(default_factory=dict)
    shares: str | None = None
    """A read-only list of another resource's records (`/pet/findByStatus` lists `/pet`):
    the name of the resource whose store it reads."""
    id_property: str | None = None
    id_schema: dict[str, Any] = field(default_factory=dict)
    pagination: Pagination | None = None
    list_envelope: Envelope = field(default_factory=Envelope)
    item_envelopes: dict[str, Envelope] = field(default_factory=dict)
    """operationId -> where the record sits in that operation's success body."""
    request_envelopes: dict[str, Envelope] = field(default_factory=dict)
    """operationId -> where the record sits in that operation's request body."""

    @property
    def operation_ids(self) -> list[str]:
        ops = (
            self.list_op,
            self.create_op,
            self.read_op,
            self.replace_op,
            self.merge_op,
            self.delete_op,
            self.collection_replace_op,
        )
        return [op for op in ops if op]

    @property
    def chain(self) -> str:
        """The CRUD chain the paths allow, e.g. `POST /pets -> GET/DELETE /pets/{id}`."""
        head = "/".join(m for m, op in (("GET", self.list_op), ("POST", self.create_op)) if op)
        tail = "/".join(
            m
            for m, op in (
                ("GET", self.read_op),
                ("PUT", self.replace_op),
                ("PATCH", self.merge_op),
                ("DELETE", self.delete_op),
            )
            if op
        )
        return f"{head} {self.collection}" + (f" -> {tail} {self.item}" if self.item else "")


def operation_key(method: str, template: str, operation: dict[str, Any]) -> str:
    """The operation's id: its operationId, else one made from method and path."""
    given = operation.get("operationId")
    if given:
        return str(given)
    slug = re.sub(r"[^0-9A-Za-z]+", "_", template).strip("_") or "root"
    return f"{method}_{slug}"


def success_status(operation: dict[str, Any]) -> str | None:
    """The documented success status a mock answers with: the lowest 2xx, else default."""
    responses = operation.get("responses") or {}
    codes = sorted(str(code) for code in responses if SUCCESS.match(str(code)))
    if codes:
        return codes[0]
    if "2XX" in responses or "2xx" in responses:
        return "2XX"
    return "default" if "default" in responses else None


def json_schema(document: dict[str, Any], holder: Any) -> dict[str, Any] | None:
    """The JSON schema of a response or request body (resolved), if it declares one."""
    holder = resolve(document, holder)
    if not isinstance(holder, dict):
        return None
    content = holder.get("content") or {}
    for media_type, media in content.items():
        if "json" in media_type and isinstance(media, dict) and "schema" in media:
            schema = resolve(document, media["schema"])
            return schema if isinstance(schema, dict) else None
    return None


def response_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    status = success_status(operation)
    if status is None:
        return None
    return json_schema(document, (operation.get("responses") or {})[status])


def request_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    body = operation.get("requestBody")
    return json_schema(document, body) if body is not None else None


_FLATTENED: dict[tuple[int, int], tuple[Any, Any, dict[str, Any]]] = {}
_FLATTENED_MAX = 4096


def flatten(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``allOf`` parts merged (properties and required united).

    Like every schema taken from a document, the result is shared: read it, never
    change it. Merges are remembered per (document, schema) object, since a mock asks
    for the same ones on every request."""
    schema = resolve(document, schema)
    if "allOf" not in schema:
        return schema
    key = (id(document), id(schema))
    known = _FLATTENED.get(key)
    if known is not None and known[0] is document and known[1] is schema:
        return known[2]
    merged = _merged(document, schema)
    if len(_FLATTENED) >= _FLATTENED_MAX:
        _FLATTENED.clear()
    _FLATTENED[key] = (document, schema, merged)
    return merged


def _merged(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(merged.get("properties") or {})
    required: list[str] = list(merged.get("required") or [])
    for part in schema["allOf"]:
        flat = flatten(document, part)
        properties.update(flat.get("properties") or {})
        required += [name for name in flat.get("required") or [] if name not in required]
        for key, value in flat.items():
            if key not in ("properties", "required"):
                merged.setdefault(key, value)
    merged["properties"], merged["type"] = properties, merged.get("type", "object")
    if required:
        merged["required"] = required
    return merged


def _is_object(document: dict[str, Any], schema: dict[str, Any] | None) -> bool:
    if not schema:
        return False
    flat = flatten(document, schema)
    return flat.get("type") == "object" or "properties" in flat


def _array_property(document: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """The one property of ``schema`` that is an array of objects (a list envelope)."""
    flat = flatten(document, schema)
    arrays = [
        name
        for name, prop in (flat.get("properties") or {}).items()
        if resolve(document, prop).get("type") == "array"
        and _is_object(document, resolve(document, resolve(document, prop).get("items", {})))
    ]
    return arrays[0] if len(arrays) == 1 else None


def item_envelope(
    document: dict[str, Any], schema: dict[str, Any] | None, item: dict[str, Any]
) -> Envelope:
    """Whether ``schema`` is the item itself or a one-property wrapper around it."""
    if not schema or not _is_object(document, schema) or schema is item:
        return Envelope()
    properties = flatten(document, schema).get("properties") or {}
    if set(properties) == set(flatten(document, item).get("properties") or {}):
        return Envelope()
    if len(properties) == 1:
        ((key, prop),) = properties.items()
        if _is_object(document, resolve(document, prop)):
            return Envelope(key)
    return Envelope()


def unwrap(document: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """The record schema inside a one-property object wrapper, else ``schema``."""
    if not schema or not _is_object(document, schema):
        return schema
    properties = flatten(document, schema).get("properties") or {}
    if len(properties) == 1:
        inner = resolve(document, next(iter(properties.values())))
        if _is_object(document, inner):
            return inner  # type: ignore[no-any-return]
    return schema


_LIMITS = ("limit", "per_page", "perpage", "page_size", "pagesize", "size", "count", "max")
_OFFSETS = ("offset", "skip", "start")
_CURSORS = ("cursor", "after", "page_token", "pagetoken", "next_token", "starting_after")


def pagination(document: dict[str, Any], operation: dict[str, Any], item: Any) -> Pagination | None:
    """The list operation's paging parameters, when their names make them obvious."""
    names: dict[str, dict[str, Any]] = {}
    for parameter in list(item.get("parameters") or []) + list(operation.get("parameters") or []):
        parameter = resolve(document, parameter)
        if parameter.get("in") == "query":
            names[str(parameter["name"]).lower()] = parameter
    original = {lowered: str(p["name"]) for lowered, p in names.items()}

    def first(candidates: tuple[str, ...]) -> str | None:
        return next((original[n] for n in candidates if n in names), None)

    limit, offset, cursor = first(_LIMITS), first(_OFFSETS), first(_CURSORS)
    if "page" in names:
        schema = resolve(document, names["page"].get("schema") or {})
        start = 0 if schema.get("minimum") == 0 else 1
        return Pagination("page", limit=limit, page=original["page"], first_page=start)
    if offset and limit:
        return Pagination("offset", limit=limit, offset=offset)
    if cursor:
        return Pagination("cursor", limit=limit, cursor=cursor)
    if limit and limit.lower() == "limit":
        return Pagination("limit", limit=limit)
    return None


def _id_property(param: str, item: dict[str, Any], collection: str) -> str | None:
    properties = item.get("properties") or {}
    singular = collection.rstrip("/").rsplit("/", 1)[-1].rstrip("s")
    for candidate in (param, "id", f"{singular}Id", f"{singular}_id", "uuid", "key", "name"):
        if candidate in properties:
            return candidate
    stripped = re.sub(r"(_id|Id|ID)$", "", param)
    return stripped if stripped in properties and stripped != param else None


def resources(document: dict[str, Any]) -> list[Resource]:
    """Every collection/item pair of ``document``, parents before their nested ones."""
    paths: dict[str, Any] = document.get("paths") or {}
    ops: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {}
    for method, template, operation in operations(document):
        ops.setdefault(template, {})[method] = (
            operation_key(method, template, operation),
            operation,
        )
    found: dict[str, Resource] = {}
    for template in sorted(paths, key=lambda t: (t.count("/"), t)):
        segments = template.rstrip("/").split("/")
        if _PARAM.match(segments[-1]) or template not in ops:
            continue
        resource = _resource(document, template, ops, found)
        if resource is not None:
            found[template] = resource
    for resource in found.values():
        if resource.create_op is None and resource.item is None:
            owner = next(
                (r for r in found.values() if r.item_schema is resource.item_schema and r.item),
                None,
            )
            resource.shares = owner.name if owner is not None else None
    return list(found.values())


def _resource(
    document: dict[str, Any],
    template: str,
    ops: dict[str, dict[str, tuple[str, dict[str, Any]]]],
    found: dict[str, Resource],
) -> Resource | None:
    collection_ops = ops[template]
    item_template, id_param = None, None
    for candidate in ops:
        head, _, last = candidate.rstrip("/").rpartition("/")
        match = _PARAM.match(last)
        if head == template.rstrip("/") and match:
            item_template, id_param = candidate, match.group(1)
            break
    item_ops = ops.get(item_template, {}) if item_template else {}
    list_schema = (
        response_schema(document, collection_ops["get"][1]) if "get" in collection_ops else None
    )
    list_envelope, list_items = _list_shape(document, list_schema)
    if not item_ops and list_items is None:
        return None
    if "post" not in collection_ops and list_items is None and "get" not in item_ops:
        return None
    item_schema = _item_schema(document, collection_ops, item_ops, list_items)
    if item_schema is None:
        return None
    scope = tuple(_PARAM.match(s).group(1) for s in template.split("/") if _PARAM.match(s))  # type: ignore[union-attr]
    parent = None
    head = template.rstrip("/").rpartition("/")[0]
    for resource in found.values():
        if resource.item == head:
            parent = resource
    name = "_".join(s for s in template.split("/") if s and not _PARAM.match(s)) or "root"
    resource = Resource(
        name=name,
        collection=template,
        item=item_template,
        id_param=id_param,
        parent=parent,
        scope_params=scope,
        item_schema=item_schema,
        list_envelope=list_envelope,
    )
    if "get" in collection_ops and list_items is not None:
        resource.list_op = collection_ops["get"][0]
        resource.pagination = pagination(
            document, collection_ops["get"][1], document["paths"][template]
        )
    if "post" in collection_ops:
        resource.create_op = collection_ops["post"][0]
    if "put" in collection_ops:
        resource.collection_replace_op = collection_ops["put"][0]
    for method, attribute in (
        ("get", "read_op"),
        ("put", "replace_op"),
        ("patch", "merge_op"),
        ("delete", "delete_op"),
    ):
        if method in item_ops:
            setattr(resource, attribute, item_ops[method][0])
    flat = flatten(document, item_schema)
    resource.id_property = _id_property(id_param or "id", flat, template)
    if resource.id_property:
        resource.id_schema = resolve(document, flat["properties"][resource.id_property])
    elif item_template:
        resource.id_schema = _param_schema(document, item_ops, id_param or "")
    for key, (operation_id, operation) in [*collection_ops.items(), *item_ops.items()]:
        if (key, operation_id) == ("get", resource.list_op):
            continue
        resource.item_envelopes[operation_id] = item_envelope(
            document, response_schema(document, operation), item_schema
        )
        body = request_schema(document, operation)
        if body is not None:
            resource.request_envelopes[operation_id] = item_envelope(document, body, item_schema)
    return resource


def _list_shape(
    document: dict[str, Any], schema: dict[str, Any] | None
) -> tuple[Envelope, dict[str, Any] | None]:
    if not schema:
        return Envelope(), None
    if schema.get("type") == "array":
        items = resolve(document, schema.get("items") or {})
        return Envelope(), items if _is_object(document, items) else None
    if _is_object(document, schema):
        key = _array_property(document, schema)
        if key is not None:
            prop = resolve(document, flatten(document, schema)["properties"][key])
            return Envelope(key), resolve(document, prop["items"])
    return Envelope(), None


def _item_schema(
    document: dict[str, Any],
    collection_ops: dict[str, tuple[str, dict[str, Any]]],
    item_ops: dict[str, tuple[str, dict[str, Any]]],
    list_items: dict[str, Any] | None,
) -> dict[str, Any] | None:
    candidates = []
    if "get" in item_ops:
        candidates.append(unwrap(document, response_schema(document, item_ops["get"][1])))
    if list_items is not None:
        candidates.append(list_items)
    if "post" in collection_ops:
        candidates.append(unwrap(document, response_schema(document, collection_ops["post"][1])))
        candidates.append(unwrap(document, request_schema(document, collection_ops["post"][1])))
    return next((c for c in candidates if _is_object(document, c)), None)


def _param_schema(
    document: dict[str, Any], item_ops: dict[str, tuple[str, dict[str, Any]]], name: str
) -> dict[str, Any]:
    for _, operation in item_ops.values():
        for parameter in operation.get("parameters") or []:
            parameter = resolve(document, parameter)
            if parameter.get("name") == name and parameter.get("in") == "path":
                return resolve(document, parameter.get("schema") or {})  # type: ignore[no-any-return]
    return {"type": "string"}
