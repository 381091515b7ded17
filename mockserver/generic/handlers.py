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
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from connexion.context import request as current_request
from connexion.lifecycle import ConnexionResponse

from contract import unknown_id_status
from contract.paths import flatten, success_status
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.core.errors import ApiError, not_found
from mockserver.core.runtime import ApiRuntime
from mockserver.generic.model import OperationInfo, SpecModel
from mockserver.generic.paging import page_of
from mockserver.generic.seeding import assign_id, media_examples
from mockserver.generic.shaping import list_body, unwrap_body, visible
from mockserver.generic.state import GenericState, Scope

Handler = Callable[..., Awaitable[ConnexionResponse]]
NO_BODY = {204, 205, 304}
_FRAMING = ("content-type", "content-length", "transfer-encoding", "content-encoding")


class GenericHandlers:
    """Every operation of one document, as an async handler taking Connexion's kwargs."""

    def __init__(self, runtime: ApiRuntime, model: SpecModel) -> None:
        self.runtime = runtime
        self.model = model
        self._static_answers: dict[str, tuple[int, str | None, Any]] = {}
        self._handlers: dict[str, Handler] = {}
        self._plans: dict[str, _AnswerPlan] = {}

    @property
    def state(self) -> GenericState:
        return self.runtime.state  # type: ignore[no-any-return]

    def __getattr__(self, operation_id: str) -> Handler:
        if operation_id.startswith("_") or operation_id not in self.model.operations:
            raise AttributeError(operation_id)
        if operation_id not in self._handlers:
            info = self.model.operations[operation_id]
            act = getattr(self, f"_{info.kind}")

            async def handle(**kwargs: Any) -> ConnexionResponse:
                return act(info, kwargs.get("body"))  # type: ignore[no-any-return]

            handle.__name__ = operation_id
            self._handlers[operation_id] = handle
        return self._handlers[operation_id]

    # -- the parts an operation plays -------------------------------------------------

    def _list(self, info: OperationInfo, _body: Any) -> ConnexionResponse:
        resource = self._resource(info)
        store = self.state.store(resource, self._scope(info))
        query = dict(current_request.query_params)
        defaults = _query_defaults(self.model.document, info)
        page = page_of(list(store.values()), resource.pagination, query, defaults)
        schema = self._schema(info)
        item = resource.item_schema
        records = [visible(self.model.document, item, r) for r in page.records]
        shaped = type(page)(records, page.total, page.next_cursor)
        value = list_body(self.state.samples, schema, resource.list_envelope, shaped)
        status_key = success_status(info.operation)
        media = _media(self.model.document, info, status_key)
        headers = self._declared_headers(info)
        return _response(_status_number(status_key), media[0] if media else None, value, headers)

    def _create(self, info: OperationInfo, body: Any) -> ConnexionResponse:
        resource = self._resource(info)
        scope = self._scope(info)
        given = unwrap_body(resource.request_envelopes.get(info.operation_id), body)
        record = self.state.samples.complete(
            resource.item_schema, copy.deepcopy(given) if isinstance(given, dict) else {}
        )
        if resource.id_property and not (isinstance(given, dict) and resource.id_property in given):
            record.pop(resource.id_property, None)  # made up by complete(): the store picks
        store = self.state.store(resource, scope)
        key = assign_id(self.state, resource, scope, record)
        store.put(key, record)
        location = f"{self.runtime.mount_path}{self._item_path(info, key)}"
        return self._record_answer(info, record, {"Location": location})

    def _read(self, info: OperationInfo, _body: Any) -> ConnexionResponse:
        return self._record_answer(info, self._existing(info)[2])

    def _replace(self, info: OperationInfo, body: Any) -> ConnexionResponse:
        resource, key, current = self._existing(info)
        given = unwrap_body(resource.request_envelopes.get(info.operation_id), body)
        record = self.state.samples.complete(
            resource.item_schema, copy.deepcopy(given) if isinstance(given, dict) else {}
        )
        if resource.id_property:
            record[resource.id_property] = current.get(resource.id_property)
        self.state.store(resource, self._scope(info)).put(key, record)
        return self._record_answer(info, record)

    def _merge(self, info: OperationInfo, body: Any) -> ConnexionResponse:
        resource, key, current = self._existing(info)
        given = unwrap_body(resource.request_envelopes.get(info.operation_id), body)
        record = self.state.samples.complete(
            resource.item_schema, _merged(current, given if isinstance(given, dict) else {})
        )
        if resource.id_property:
            record[resource.id_property] = current.get(resource.id_property)
        self.state.store(resource, self._scope(info)).put(key, record)
        return self._record_answer(info, record)

    def _delete(self, info: OperationInfo, _body: Any) -> ConnexionResponse:
        resource, key, current = self._existing(info)
        self.state.store(resource, self._scope(info)).delete(key)
        return self._record_answer(info, current)

    def _collection_replace(self, info: OperationInfo, body: Any) -> ConnexionResponse:
        resource = self._resource(info)
        given = unwrap_body(resource.request_envelopes.get(info.operation_id), body)
        prop = resource.id_property
        value = given.get(prop) if isinstance(given, dict) and prop else None
        store = self.state.store(resource, self._scope(info))
        if value is None or store.get(str(value)) is None:
            raise unknown(info, resource.name, value)
        record = self.state.samples.complete(resource.item_schema, copy.deepcopy(given))
        store.put(str(value), record)
        return self._record_answer(info, record)

    def _static(self, info: OperationInfo, _body: Any) -> ConnexionResponse:
        if info.operation_id not in self._static_answers:
            self._static_answers[info.operation_id] = self._made_up(info)
        status, media_type, value = self._static_answers[info.operation_id]
        return _response(status, media_type, value, self._declared_headers(info))

    # -- helpers --------------------------------------------------------------------

    def _resource(self, info: OperationInfo) -> Any:
        resource = info.resource
        assert resource is not None
        if not self.state.parent_exists(resource, dict(current_request.path_params)):
            parent = resource.parent
            assert parent is not None
            missing = current_request.path_params.get(parent.id_param or "")
            raise unknown(info, parent.name, missing)
        return resource

    def _scope(self, info: OperationInfo) -> Scope:
        assert info.resource is not None
        params = current_request.path_params
        return tuple(str(params[name]) for name in info.resource.scope_params)

    def _existing(self, info: OperationInfo) -> tuple[Any, str, dict[str, Any]]:
        resource = self._resource(info)
        key = str(current_request.path_params.get(resource.id_param or "", ""))
        record = self.state.store(resource, self._scope(info)).get(key)
        if record is None:
            raise unknown(info, resource.name, key)
        return resource, key, record

    def _item_path(self, info: OperationInfo, key: str) -> str:
        """The item's path, its values percent-encoded (it is a Location header)."""
        resource = info.resource
        assert resource is not None
        if resource.item is None:
            return info.template
        path = resource.item.replace("{" + (resource.id_param or "") + "}", quote(key, safe=""))
        for name, value in current_request.path_params.items():
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
        self, info: OperationInfo, record: dict[str, Any], headers: dict[str, str] | None = None
    ) -> ConnexionResponse:
        resource = info.resource
        assert resource is not None
        plan = self._answer_plan(info)
        headers = {**self._declared_headers(info), **(headers or {})}
        if plan.status in NO_BODY or plan.media is None:
            return _response(plan.status, None, None, headers)
        media, schema = plan.media, plan.schema
        status = plan.status
        if not plan.fits_item:
            _, media_type, value = self._made_up(info)
            return _response(status, media_type, value, headers)
        shown = visible(self.model.document, resource.item_schema, record)
        samples = self.state.samples
        if schema is not None and plan.envelope_key is not None and plan.inner is not None:
            value = samples.complete(
                schema, {plan.envelope_key: samples.complete(plan.inner, shown)}
            )
        elif schema is not None:
            value = samples.complete(schema, shown)
        else:
            value = shown
        return _response(status, media[0], value, headers)

    def _answer_plan(self, info: OperationInfo) -> _AnswerPlan:
        """What a record's answer looks like for this operation: fixed by the document,
        so worked out on the operation's first answer and kept."""
        plan = self._plans.get(info.operation_id)
        if plan is None:
            resource = info.resource
            assert resource is not None
            status_key = success_status(info.operation)
            media = _media(self.model.document, info, status_key) if status_key else None
            schema = self._schema(info)
            envelope = resource.item_envelopes.get(info.operation_id)
            key = envelope.key if envelope is not None else None
            plan = _AnswerPlan(
                status=_status_number(status_key),
                media=media,
                schema=schema,
                fits_item=schema is None or _fits_item(self.model.document, schema, resource),
                envelope_key=key,
                inner=(
                    flatten(self.model.document, schema)["properties"][key]
                    if schema is not None and key is not None
                    else None
                ),
            )
            self._plans[info.operation_id] = plan
        return plan

    def _declared_headers(self, info: OperationInfo) -> dict[str, str]:
        """Values for the required headers the success response declares."""
        status_key = success_status(info.operation)
        if status_key is None:
            return {}
        response = resolve(self.model.document, info.operation["responses"][status_key])
        headers = {}
        for name, header in (response.get("headers") or {}).items():
            header = resolve(self.model.document, header)
            if header.get("required") and name.lower() not in _FRAMING:
                schema = header.get("schema") or {"type": "string"}
                value = header.get("example", self.state.samples.make(schema, name))
                headers[name] = str(value).lower() if isinstance(value, bool) else str(value)
        return headers

    def _made_up(self, info: OperationInfo) -> tuple[int, str | None, Any]:
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
class _AnswerPlan:
    """The shape of one operation's record answer (see ``_answer_plan``)."""

    status: int
    media: tuple[str, dict[str, Any]] | None
    schema: dict[str, Any] | None
    fits_item: bool
    envelope_key: str | None
    inner: dict[str, Any] | None


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
) -> ConnexionResponse:
    if media_type is None or status in NO_BODY:
        return ConnexionResponse(status_code=status, body=b"", headers=dict(headers or {}))
    if "json" in media_type:
        body = json.dumps(value, separators=(",", ":")).encode()
        media_type = media_type.split(";")[0] if "*" not in media_type else "application/json"
    else:
        body = (
            value if isinstance(value, bytes) else str(value if value is not None else "").encode()
        )
        if "*" in media_type:
            media_type = "application/octet-stream"
    return ConnexionResponse(
        status_code=status, content_type=media_type, body=body, headers=dict(headers or {})
    )


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
