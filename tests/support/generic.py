"""The generic mode under test: a user's spec served on a real port, and valid requests
made for any of its operations from the spec alone."""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import contract
from contract.paths import operation_key, request_schema
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.app import create_app
from mockserver.generic import AcceptRule, generic_definition
from mockserver.settings import Settings
from tests.support.server import LiveServer

DATA = Path(__file__).resolve().parents[1] / "data" / "openapi"
THIRD_PARTY = sorted(p for p in DATA.glob("*.yaml"))
OWN = [contract.spec_path(name) for name in contract.names()]


class SpecServer(LiveServer):
    """One document served alone at its base path, responses validated against it."""

    def __init__(self, path: Path, *, accept: tuple[str, ...] = (), **settings: Any) -> None:
        self.definition = generic_definition(
            path, accept=tuple(AcceptRule.parse(rule) for rule in accept)
        )
        self.settings = replace(Settings(validate_responses=True), **settings)
        super().__init__(create_app([self.definition], self.settings, standalone=True))

    @property
    def model(self) -> Any:
        return self.definition.extra["model"]

    @property
    def url(self) -> str:
        return self.origin + self.definition.base_path.rstrip("/")

    @property
    def state(self) -> Any:
        return self.app.runtimes[0].state


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    content: bytes | None = None


def credentials(document: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, query) carrying a well-formed credential for every scheme."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    cookies: list[str] = []
    for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values():
        kind = scheme.get("type")
        if kind == "http" and str(scheme.get("scheme")).lower() == "basic":
            headers["Authorization"] = "Basic " + base64.b64encode(b"user:pass").decode()
        elif kind in ("http", "oauth2", "openIdConnect"):
            headers.setdefault("Authorization", "Bearer token123")
        elif kind == "apiKey":
            where, name = scheme.get("in"), str(scheme.get("name"))
            if where == "header":
                headers.setdefault(name, "key123")
            elif where == "query":
                query[name] = "key123"
            else:
                cookies.append(f"{name}=key123")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return headers, query


def valid_call(server: SpecServer, method: str, template: str, operation: dict[str, Any]) -> Call:
    """A request the operation's spec allows, with ids of seeded records in its path."""
    model = server.model
    document = model.document
    maker = SampleMaker(document, random.Random(7), optional_rate=0.0)
    headers, query = credentials(document)
    path_item = document["paths"][template]
    path_values = _seeded_path_values(server, operation_key(method, template, operation))
    path = template
    for parameter in list(path_item.get("parameters") or []) + list(
        operation.get("parameters") or []
    ):
        parameter = resolve(document, parameter)
        schema = resolve(document, parameter.get("schema") or {"type": "string"})
        name, where = str(parameter["name"]), parameter.get("in")
        if where == "path":
            value = path_values.get(name)
            if value is None:
                value = _text(maker.make(schema, name, "request"))
            path = path.replace("{" + name + "}", value)
        elif parameter.get("required") and where == "query":
            query[name] = _text(maker.make(schema, name, "request"))
        elif parameter.get("required") and where == "header":
            headers[name] = _text(maker.make(schema, name, "request"))
    body = operation.get("requestBody")
    if body is None:
        return Call(method.upper(), path, query, headers)
    schema = request_schema(document, operation)
    content = resolve(document, body).get("content") or {}
    if schema is not None:
        value = maker.make(schema, None, "request")
        return Call(method.upper(), path, query, headers, json=value)
    media_type = next(iter(content), "application/octet-stream")
    form_schema = resolve(document, (content.get(media_type) or {}).get("schema") or {})
    if "form" in media_type and form_schema:
        fields = maker.make(form_schema, None, "request")
        encoded = "&".join(f"{k}={_text(v)}" for k, v in fields.items())
        form_headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        return Call(method.upper(), path, query, form_headers, content=encoded.encode())
    return Call(method.upper(), path, query, {**headers, "Content-Type": media_type}, content=b"x")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(_text, value))
    return str(value)


def _seeded_path_values(server: SpecServer, operation_id: str) -> dict[str, str]:
    """Path values naming seeded records: the item's id and its parents' ids."""
    info = server.model.operations[operation_id]
    state = server.state
    values: dict[str, str] = {}
    resource = info.resource
    if resource is None:
        resource = next(
            (r for r in server.model.resources if r.item and info.template.startswith(r.item)),
            None,
        )
    if resource is None or resource.shares:
        return values
    if resource.scope_params and resource.parent is None:
        state.store(resource, tuple("x1" for _ in resource.scope_params))  # seeded on use
    for scope, store in state.stores.get(resource.name, {}).items():
        keys = list(store._records)
        if keys:
            values.update(zip(resource.scope_params, scope, strict=True))
            if resource.id_param:
                values[resource.id_param] = keys[0]
            break
    return values


def documented(operation: dict[str, Any], status: int) -> bool:
    responses = {str(code).upper() for code in operation.get("responses") or {}}
    return str(status) in responses or f"{str(status)[0]}XX" in responses or "DEFAULT" in responses
