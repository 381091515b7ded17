"""Handlers for any document: CRUD over the inferred resources, examples elsewhere.

Connexion resolves each operationId to :meth:`GenericHandlers.__getattr__`, which
returns the handler for that operation's part (list, create, read, ...). Connexion
has validated the request by then; handlers read raw path and query values from the
request and answer in the documented status and media type.
"""

from __future__ import annotations

import copy
import json
import random
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import orjson
from connexion.context import _scope as _current_scope
from connexion.context import request as current_request
from starlette.responses import Response

from contract import unknown_id_status
from contract.paths import Envelope, flatten, success_status
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.core.errors import ApiError, not_found
from mockserver.core.runtime import ApiRuntime
from mockserver.generic.compiled import Compiled, Complete, Show
from mockserver.generic.model import OperationInfo, SpecModel
from mockserver.generic.paging import page_of
from mockserver.generic.seeding import assign_id, media_examples
from mockserver.generic.shaping import list_body, unwrap_body
from mockserver.generic.state import GenericState, Scope

Handler = Callable[..., Awaitable[Response]]
Params = dict[str, Any]
"""A request's raw path values by parameter name."""
NO_BODY = {204, 205, 304}
_JSON = json.JSONEncoder(separators=(",", ":"))
_FRAMING = ("content-type", "content-length", "transfer-encoding", "content-encoding")


class GenericHandlers:
    """Every operation of one document, as an async handler taking Connexion's kwargs."""

    def __init__(self, runtime: ApiRuntime, model: SpecModel) -> None:
        self.runtime = runtime
        self.model = model
        self.compiled = Compiled(model.document)
        self._made_up_answers: dict[str, tuple[int, str | None, Any]] = {}
        self._handlers: dict[str, Handler] = {}
        self._plans: dict[str, _Plan] = {}

    @property
    def state(self) -> GenericState:
        return self.runtime.state  # type: ignore[no-any-return]

    def __getattr__(self, operation_id: str) -> Handler:
        if operation_id.startswith("_") or operation_id not in self.model.operations:
            raise AttributeError(operation_id)
        if operation_id not in self._handlers:
            info = self.model.operations[operation_id]
            act = getattr(self, f"_{info.kind}")
            plans = self._plans

            async def handle(**kwargs: Any) -> Response:
                plan = plans.get(operation_id) or self._plan(info)
                # The raw path values, as `request.path_params` gives them (cheaper).
                params = _current_scope.get().get("path_params", {})
                return act(plan, params, kwargs.get("body"))  # type: ignore[no-any-return]

            handle.__name__ = operation_id
            self._handlers[operation_id] = handle
        return self._handlers[operation_id]

    # -- the parts an operation plays -------------------------------------------------

    def _list(self, plan: _Plan, params: Params, _body: Any) -> Response:
        info = plan.info
        resource = self._resource(plan, params)
        store = self.state.store(resource, self._scope(plan, params))
        query = dict(current_request.query_params)
        page = page_of(list(store.values()), resource.pagination, query, plan.query_defaults)
        show = plan.show_item
        shaped = type(page)([show(r) for r in page.records], page.total, page.next_cursor)
        value = list_body(self.state.samples, self._schema(info), resource.list_envelope, shaped)
        return _response(plan.status, plan.media_type, value, self._declared_headers(plan))

    def _create(self, plan: _Plan, params: Params, body: Any) -> Response:
        resource = self._resource(plan, params)
        scope = self._scope(plan, params)
        given = unwrap_body(plan.request_envelope, body)
        # The body was parsed for this request alone: completed as it is, not copied.
        partial = dict(given) if isinstance(given, dict) else {}
        prop = resource.id_property
        chosen = bool(prop) and prop in partial
        if prop and not chosen:
            partial[prop] = None  # the store picks: not made up only to be dropped
        record = plan.complete_item(self.state.samples, partial)
        if prop and not chosen:
            record.pop(prop, None)
        store = self.state.store(resource, scope)
        key = assign_id(self.state, resource, scope, record)
        store.put(key, record)
        location = f"{self.runtime.mount_path}{self._item_path(plan, params, key)}"
        return self._record_answer(plan, record, {"Location": location})

    def _read(self, plan: _Plan, params: Params, _body: Any) -> Response:
        return self._record_answer(plan, self._existing(plan, params)[2])

    def _replace(self, plan: _Plan, params: Params, body: Any) -> Response:
        resource, key, current = self._existing(plan, params)
        given = unwrap_body(plan.request_envelope, body)
        record = plan.complete_item(self.state.samples, given if isinstance(given, dict) else {})
        if resource.id_property:
            record[resource.id_property] = current.get(resource.id_property)
        self.state.store(resource, self._scope(plan, params)).put(key, record)
        return self._record_answer(plan, record)

    def _merge(self, plan: _Plan, params: Params, body: Any) -> Response:
        resource, key, current = self._existing(plan, params)
        given = unwrap_body(plan.request_envelope, body)
        record = plan.complete_item(
            self.state.samples, _merged(current, given if isinstance(given, dict) else {})
        )
        if resource.id_property:
            record[resource.id_property] = current.get(resource.id_property)
        self.state.store(resource, self._scope(plan, params)).put(key, record)
        return self._record_answer(plan, record)

    def _delete(self, plan: _Plan, params: Params, _body: Any) -> Response:
        resource, key, current = self._existing(plan, params)
        self.state.store(resource, self._scope(plan, params)).delete(key)
        return self._record_answer(plan, current)

    def _collection_replace(self, plan: _Plan, params: Params, body: Any) -> Response:
        resource = self._resource(plan, params)
        given = unwrap_body(plan.request_envelope, body)
        prop = resource.id_property
        value = given.get(prop) if isinstance(given, dict) and prop else None
        store = self.state.store(resource, self._scope(plan, params))
        if value is None or store.get(str(value)) is None:
            raise unknown(plan.info, resource.name, value)
        record = plan.complete_item(self.state.samples, given)
        store.put(str(value), record)
        return self._record_answer(plan, record)

    def _static(self, plan: _Plan, _params: Params, _body: Any) -> Response:
        status, media_type, value = self._made_up(plan.info)
        return _response(status, media_type, value, self._declared_headers(plan))

    # -- helpers --------------------------------------------------------------------

    def _plan(self, info: OperationInfo) -> _Plan:
        """What an operation's answers depend on in the document alone: worked out on
        its first request and kept."""
        document = self.model.document
        status_key = success_status(info.operation)
        media = _media(document, info, status_key)
        resource = info.resource
        schema = self._schema(info)
        shape = _RecordShape()
        if resource is not None and schema is not None and info.kind not in ("list", "static"):
            envelope = resource.item_envelopes.get(info.operation_id)
            key = envelope.key if envelope is not None else None
            inner = flatten(document, schema)["properties"][key] if key is not None else None
            shape = _RecordShape(
                fits_item=_fits_item(document, schema, resource),
                outer=self.compiled.completed(schema),
                envelope_key=key if inner is not None else None,
                inner=self.compiled.completed(inner) if inner is not None else None,
            )
        item_schema = resource.item_schema if resource is not None else {}
        plan = _Plan(
            info=info,
            status=_status_number(status_key),
            media=media,
            media_type=media[0] if media else None,
            headers=self._header_plan(status_key, info),
            shape=shape,
            show_item=self.compiled.shown(item_schema),
            complete_item=self.compiled.completed(item_schema),
            request_envelope=(
                resource.request_envelopes.get(info.operation_id) if resource else None
            ),
            query_defaults=_query_defaults(document, info) if info.kind == "list" else {},
        )
        self._plans[info.operation_id] = plan
        return plan

    def _resource(self, plan: _Plan, params: Params) -> Any:
        resource = plan.info.resource
        assert resource is not None
        if resource.parent is not None and not self.state.parent_exists(resource, params):
            parent = resource.parent
            missing = params.get(parent.id_param or "")
            raise unknown(plan.info, parent.name, missing)
        return resource

    def _scope(self, plan: _Plan, params: Params) -> Scope:
        resource = plan.info.resource
        assert resource is not None
        return tuple(str(params[name]) for name in resource.scope_params)

    def _existing(self, plan: _Plan, params: Params) -> tuple[Any, str, dict[str, Any]]:
        resource = self._resource(plan, params)
        key = str(params.get(resource.id_param or "", ""))
        record = self.state.store(resource, self._scope(plan, params)).get(key)
        if record is None:
            raise unknown(plan.info, resource.name, key)
        return resource, key, record

    def _item_path(self, plan: _Plan, params: Params, key: str) -> str:
        """The item's path, its values percent-encoded (it is a Location header)."""
        resource = plan.info.resource
        assert resource is not None
        if resource.item is None:
            return plan.info.template
        path = resource.item.replace("{" + (resource.id_param or "") + "}", quote(key, safe=""))
        for name, value in params.items():
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        return path

    def _schema(self, info: OperationInfo) -> dict[str, Any] | None:
        status = success_status(info.operation)
        if status is None:
            return None
        media = _media(self.model.document, info, status)
        return (
            resolve(self.model.document, media[1]["schema"])
            if media and "schema" in media[1]
            else None
        )

    def _record_answer(
        self, plan: _Plan, record: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Response:
        answer = self._declared_headers(plan)
        if headers:
            answer.update(headers)
        status, shape = plan.status, plan.shape
        if status in NO_BODY or plan.media is None:
            return _response(status, None, None, answer)
        if not shape.fits_item:
            _, media_type, value = self._made_up(plan.info)
            return _response(status, media_type, value, answer)
        shown = plan.show_item(record)
        samples = self.state.samples
        if shape.outer is not None and shape.inner is not None:
            value = shape.outer(samples, {shape.envelope_key: shape.inner(samples, shown)})
        elif shape.outer is not None:
            value = shape.outer(samples, shown)
        else:
            value = shown
        return _response(status, plan.media_type, value, answer)

    def _header_plan(self, status_key: str | None, info: OperationInfo) -> tuple[_Header, ...]:
        """The required headers the success response declares (framing ones left out)."""
        if status_key is None:
            return ()
        response = resolve(self.model.document, info.operation["responses"][status_key])
        planned = []
        for name, header in (response.get("headers") or {}).items():
            header = resolve(self.model.document, header)
            if header.get("required") and name.lower() not in _FRAMING:
                schema = header.get("schema") or {"type": "string"}
                given = _text(header["example"]) if "example" in header else None
                planned.append(_Header(name, given, schema))
        return tuple(planned)

    def _declared_headers(self, plan: _Plan) -> dict[str, str]:
        """Values for the required headers the success response declares."""
        if not plan.headers:
            return {}
        samples = self.state.samples
        return {
            header.name: header.value
            if header.value is not None
            else _text(samples.make(header.schema, header.name))
            for header in plan.headers
        }

    def _made_up(self, info: OperationInfo) -> tuple[int, str | None, Any]:
        """The operation's documented success answer (fixed by the document and the
        seed: worked out once and kept)."""
        answer = self._made_up_answers.get(info.operation_id)
        if answer is None:
            answer = self._made_up_answers[info.operation_id] = self._make_up(info)
        return answer

    def _make_up(self, info: OperationInfo) -> tuple[int, str | None, Any]:
        """The operation's documented success answer: its example, else a made-up body."""
        status_key = success_status(info.operation)
        status = _status_number(status_key)
        media = _media(self.model.document, info, status_key) if status_key else None
        if media is None or status in NO_BODY:
            return status, None, None
        media_type, content = media
        holder = resolve(self.model.document, info.operation["responses"][status_key])
        for example in media_examples(self.model.document, holder):
            if "schema" not in content or self.model.check.valid(content["schema"], example):
                return status, media_type, example
        if "example" in content and "json" not in media_type:
            return status, media_type, content["example"]
        if "schema" not in content:  # nothing to check an example against: the first
            for named in (content.get("examples") or {}).values():
                named = resolve(self.model.document, named)
                if isinstance(named, dict) and "value" in named:
                    return status, media_type, named["value"]
        seed = self.runtime.settings.seed ^ zlib.crc32(info.operation_id.encode())
        maker = SampleMaker(self.model.document, random.Random(seed))
        value = (
            maker.make(content.get("schema") or {"type": "object"})
            if "schema" in content or "json" in media_type
            else ""
        )
        return status, media_type, value


@dataclass(frozen=True)
class _Header:
    """A required response header: its example as text, else its schema to make one."""

    name: str
    value: str | None
    schema: dict[str, Any]


@dataclass(frozen=True)
class _RecordShape:
    """How a record is shown in one operation's success body: completed against the
    response schema (``outer``), under ``envelope_key`` (completed by ``inner``) when
    the record is enveloped; not ``fits_item``: the operation answers something else."""

    fits_item: bool = True
    outer: Complete | None = None
    envelope_key: str | None = None
    inner: Complete | None = None


@dataclass(frozen=True)
class _Plan:
    """One operation's answer, as far as the document decides it (see ``_plan``)."""

    info: OperationInfo
    status: int
    media: tuple[str, dict[str, Any]] | None
    media_type: str | None
    headers: tuple[_Header, ...]
    shape: _RecordShape
    show_item: Show
    complete_item: Complete
    request_envelope: Envelope | None
    query_defaults: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def unknown(info: OperationInfo, what: str, key: object) -> ApiError:
    """An unknown id: 404, or the client error the operation documents instead."""
    error = not_found(what, key)
    status = unknown_id_status(info.operation)
    if status != 404:
        error.status = status
    return error


def _fits_item(document: dict[str, Any], schema: dict[str, Any], resource: Any) -> bool:
    """Whether a response schema is the record (or its envelope) rather than something else
    (e.g. a delete that answers `{"deleted": true}`)."""
    inner = schema
    flat = flatten(document, schema)
    properties = flat.get("properties") or {}
    if len(properties) == 1:
        only = resolve(document, next(iter(properties.values())))
        if flatten(document, only).get("properties"):
            inner = only
    item_props = set(flatten(document, resource.item_schema).get("properties") or {})
    inner_props = set(flatten(document, inner).get("properties") or {})
    return inner is resource.item_schema or bool(item_props & inner_props) or not inner_props


def _media(
    document: dict[str, Any], info: OperationInfo, status_key: str | None
) -> tuple[str, dict[str, Any]] | None:
    if status_key is None:
        return None
    response = resolve(document, info.operation["responses"][status_key])
    content = response.get("content") or {}
    if not content:
        return None
    chosen = next((m for m in content if "json" in m), next(iter(content)))
    return chosen, content[chosen] or {}


def _status_number(status_key: str | None) -> int:
    if status_key is None or not status_key.isdigit():
        return 200
    return int(status_key)


def _response(
    status: int, media_type: str | None, value: Any, headers: dict[str, str] | None = None
) -> Response:
    """The answer as the Starlette response Connexion would build from it (handed back
    as it is, so Connexion's conversion is skipped)."""
    if media_type is None or status in NO_BODY:
        return Response(content=b"", status_code=status, headers=headers)
    if "json" in media_type:
        body = _json(value)
        media_type = media_type.split(";")[0] if "*" not in media_type else "application/json"
    else:
        body = (
            value if isinstance(value, bytes) else str(value if value is not None else "").encode()
        )
        if "*" in media_type:
            media_type = "application/octet-stream"
    return Response(content=body, status_code=status, media_type=media_type, headers=headers)


def _json(value: Any) -> bytes:
    """``value`` as compact JSON: by orjson (UTF-8 rather than ``\\u`` escapes, the same
    JSON values), else by the standard library (integers beyond 64 bits, lone
    surrogates: what orjson refuses)."""
    try:
        return orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError):
        return _JSON.encode(value).encode()


def _merged(current: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """A JSON merge patch (RFC 7396) of ``change`` over ``current``."""
    merged = copy.deepcopy(current)
    for key, value in change.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _query_defaults(document: dict[str, Any], info: OperationInfo) -> dict[str, Any]:
    item = (document.get("paths") or {}).get(info.template) or {}
    defaults = {}
    for parameter in list(item.get("parameters") or []) + list(
        info.operation.get("parameters") or []
    ):
        parameter = resolve(document, parameter)
        schema = resolve(document, parameter.get("schema") or {})
        if parameter.get("in") == "query" and "default" in schema:
            defaults[str(parameter["name"])] = schema["default"]
    return defaults
