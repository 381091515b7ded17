"""The gate for any OpenAPI document (`understudy conform --spec FILE --url URL`).

A :class:`Profile` made from the document alone: Schemathesis with all phases and
checks, plus scenarios derived from the same path analysis the mock uses
(:mod:`contract.paths`): create -> read back -> update -> read -> delete -> 404, the
list contains what was created, pages do not overlap.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from conformance.observed import Observed
from conformance.profile import Profile, Scenario, ScenarioContext
from conformance.scenarios import expect_status
from contract import load_openapi, unknown_id_status
from contract.paths import Envelope, Resource, request_schema, resources, success_status
from contract.samples import SampleMaker

SPEC_ENV = "UNDERSTUDY_CONFORM_SPEC"
"""How the runner names the document to the hooks in the Schemathesis process."""
PAGE_SIZE = 2


def check_error_body(observed: Observed) -> None:
    """An error from a server of any document: a JSON body (its schema, where the
    document declares one, is Schemathesis' response_schema_conformance)."""
    if observed.status >= 400 and observed.content:
        if "json" not in observed.media_type:
            raise AssertionError(
                f"{observed.status} error is {observed.media_type or 'untyped'}, not JSON "
                "(the document's error schema or application/problem+json)"
            )
        observed.json()


def generic_profile(path: Path, *, for_hooks: bool = False) -> Profile:
    """The gate's profile for the document at ``path`` (SpecError when unreadable);
    ``for_hooks``: the copy in the Schemathesis process, which writes no config."""
    document = load_openapi(path)
    scenarios: list[Scenario] = []
    for resource in resources(document):
        if resource.create_op and resource.item and not resource.scope_params:
            scenarios.append(_scenario("crud", resource, document, _crud))
            if resource.list_op:
                scenarios.append(_scenario("list_contains", resource, document, _list_contains))
        paged = resource.pagination is not None and resource.pagination.style != "limit"
        if resource.list_op and paged and not resource.scope_params:
            scenarios.append(_scenario("pages", resource, document, _pages))
    title = str((document.get("info") or {}).get("title") or Path(path).stem)
    silent = _silent_operations(document)
    if silent:
        scenarios.append(_lenience_note("invalid input", silent, UNDOCUMENTED_NOTE))
    ambiguous = _ambiguous_forms(document)
    if ambiguous:
        shown = [(m, f"{t} ({', '.join(c)})") for (m, t), c in ambiguous.items()]
        scenarios.append(_lenience_note("form bodies", shown, FORMS_NOTE))
    substitutes = _unknown_id_substitutes(document)
    if substitutes:
        scenarios.append(_lenience_note("unknown ids", list(substitutes), SUBSTITUTE_NOTE))
    switched_off: dict[tuple[str, str], list[str]] = {}
    for op in silent:
        switched_off.setdefault(op, []).append("checks.status_code_conformance.enabled = false")
    for op, checks in ambiguous.items():
        switched_off.setdefault(op, []).extend(f"checks.{c}.enabled = false" for c in checks)
    for op, status in substitutes.items():
        accepted = json.dumps([*POSITIVE_ACCEPTED, str(status)])
        switched_off.setdefault(op, []).append(
            f"checks.positive_data_acceptance.expected-statuses = {accepted}"
        )
    return Profile(
        name=title,
        spec_file=str(Path(path).resolve()),
        check_error_body=check_error_body,
        scenarios=scenarios,
        schemathesis_config=None if for_hooks else _schemathesis_config(switched_off),
        extra={
            "schemathesis_env": {SPEC_ENV: str(Path(path).resolve())},
            # all checks are Schemathesis' default; `--checks all` on the command line
            # would override the config's per-operation switch
            "checks_in_config": bool(switched_off),
        },
    )


UNDOCUMENTED_NOTE = "no answer to invalid input documented, undocumented-status check off for: "
FORMS_NOTE = (
    "urlencoded bodies with array or object fields (a one-item array and its item are "
    "the same on the wire; objects have no 3.0 form encoding), checks off for: "
)
FORM = "application/x-www-form-urlencoded"
SUBSTITUTE_NOTE = (
    "no 404 documented, an unknown id answers the documented client error instead, "
    "accepted for valid input of: "
)
POSITIVE_ACCEPTED = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")
"""Schemathesis' default expected statuses of positive_data_acceptance (4.32)."""


def _unknown_id_substitutes(document: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(METHOD, path) -> status, of the operations on a path with parameters that answer
    an unknown id with a documented client error (422, 400...) because they document no
    404: Schemathesis' valid random ids name nothing, and get that status there."""
    from contract import operations

    found = {}
    for method, template, operation in operations(document):
        status = unknown_id_status(operation)
        if "{" in template and status != 404:
            found[(method.upper(), template)] = status
    return found


def _ambiguous_forms(document: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(METHOD, path) -> the checks no server can pass for its urlencoded body: with an
    array field, negative_data_rejection (a string for an array encodes exactly like a
    one-item array); with an object field or an array of objects, which OpenAPI 3.0's
    form encoding cannot carry, positive_data_acceptance too."""
    from contract import operations
    from contract.paths import flatten
    from contract.refs import resolve

    found: dict[tuple[str, str], list[str]] = {}
    for method, template, operation in operations(document):
        body = resolve(document, operation.get("requestBody") or {})
        media = (body.get("content") or {}).get(FORM)
        if not isinstance(media, dict):
            continue
        schema = flatten(document, resolve(document, media.get("schema") or {}))
        fields = [resolve(document, p) for p in (schema.get("properties") or {}).values()]
        kinds = {f.get("type") for f in fields if isinstance(f, dict)}
        items = {
            resolve(document, f.get("items") or {}).get("type")
            for f in fields
            if isinstance(f, dict) and f.get("type") == "array"
        }
        checks = ["negative_data_rejection"] if kinds & {"array", "object"} else []
        if "object" in kinds or items & {"object", "array", None}:
            checks.append("positive_data_acceptance")
        if checks:
            found[(method.upper(), template)] = checks
    return found


def _silent_operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(METHOD, path) of the operations that document no answer to invalid input (no
    400, 422, 4XX or `default`): any server must answer their invalid requests with an
    undocumented status, so Schemathesis' status_code_conformance cannot hold there."""
    from contract import operations

    return [
        (method.upper(), template)
        for method, template, operation in operations(document)
        if not {str(code).upper() for code in operation.get("responses") or {}}
        & {"400", "422", "4XX", "DEFAULT"}
    ]


def _schemathesis_config(switched_off: dict[tuple[str, str], list[str]]) -> str | None:
    """A Schemathesis config with the given check settings for those operations only
    (every other check stays as it is for them); None when there are none."""
    if not switched_off:
        return None
    lines = ["# written by `understudy conform --spec`: checks no server can pass there"]
    for (method, template), checks in switched_off.items():
        lines += [
            "[[operations]]",
            f"include-method = {json.dumps(method)}",
            f"include-path = {json.dumps(template)}",
            *checks,
            "",
        ]
    config = Path(tempfile.mkdtemp(prefix="understudy-conform-")) / "schemathesis.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return str(config)


def _lenience_note(name: str, operations: list[tuple[str, str]], note: str) -> Scenario:
    def run(ctx: ScenarioContext) -> None:
        ctx.note(note + ", ".join(f"{m} {t}" for m, t in operations))

    return Scenario(name, run, "checks the spec leaves no server able to pass")


Step = Callable[[ScenarioContext, Resource, dict[str, Any]], None]


def _scenario(kind: str, resource: Resource, document: dict[str, Any], step: Step) -> Scenario:
    def run(ctx: ScenarioContext) -> None:
        step(ctx, resource, document)

    return Scenario(f"{kind} {resource.collection}", run, resource.chain)


def _body(document: dict[str, Any], operation_id: str, seed: int) -> Any:
    operation = _operation(document, operation_id)
    maker = SampleMaker(document, random.Random(seed), optional_rate=1.0)
    return maker.make(request_schema(document, operation) or {}, None, "request")


def _operation(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    from contract import operations
    from contract.paths import operation_key

    for method, template, operation in operations(document):
        if operation_key(method, template, operation) == operation_id:
            return operation
    raise KeyError(operation_id)


def _inner(envelope: Envelope | None, body: Any) -> Any:
    if envelope is not None and envelope.key and isinstance(body, dict):
        return body.get(envelope.key)
    return body


def _documented(document: dict[str, Any], operation_id: str) -> list[int]:
    responses = _operation(document, operation_id).get("responses") or {}
    codes = [int(c) for c in responses if str(c).isdigit() and str(c).startswith("2")]
    return codes or [int(success_status(_operation(document, operation_id)) or 200)]


def _create(
    ctx: ScenarioContext, resource: Resource, document: dict[str, Any], seed: int
) -> tuple[Any, str, dict[str, Any]]:
    """POST a new record; (its id, its item path, the fields sent)."""
    operation_id = resource.create_op or ""
    sent = _body(document, operation_id, seed)
    made = ctx.client.post(resource.collection.lstrip("/"), json=sent)
    expect_status(made, *_documented(document, operation_id))
    sent_record = _inner(resource.request_envelopes.get(operation_id), sent)
    if made.content and "json" in made.headers.get("content-type", ""):
        record = _inner(resource.item_envelopes.get(operation_id), made.json())
    else:
        location = made.headers.get("location")
        if not location:
            raise AssertionError(f"POST {resource.collection}: no body and no Location header")
        located = ctx.client.get(_item_url(ctx, location))
        expect_status(located, 200)
        record = _inner(resource.item_envelopes.get(resource.read_op or ""), located.json())
    if not isinstance(record, dict) or resource.id_property not in record:
        raise AssertionError(
            f"POST {resource.collection}: the created record has no "
            f"'{resource.id_property}': {str(record)[:200]}"
        )
    item_id = record[resource.id_property or "id"]
    path = (resource.item or "").replace("{" + (resource.id_param or "") + "}", str(item_id))
    return item_id, path.lstrip("/"), sent_record if isinstance(sent_record, dict) else {}


def _item_url(ctx: ScenarioContext, location: str) -> str:
    if location.startswith("http"):
        return location
    base = httpx.URL(ctx.base_url)
    return str(base.copy_with(path=location))


def _expect_fields(sent: dict[str, Any], stored: Any, where: str, skip: str | None) -> None:
    if not isinstance(stored, dict):
        raise AssertionError(f"{where}: expected the record, got {str(stored)[:200]}")
    for key, value in sent.items():
        if key == skip:
            continue
        if key not in stored:
            raise AssertionError(f"{where}: field {key!r} was not stored")
        if stored[key] != value:
            raise AssertionError(f"{where}: field {key!r} is {stored[key]!r}, sent {value!r}")


def _crud(ctx: ScenarioContext, resource: Resource, document: dict[str, Any]) -> None:
    item_id, path, sent = _create(ctx, resource, document, 1)
    if resource.read_op is None:
        ctx.note("no GET on the item: create only")
        return
    read = ctx.client.get(path)
    expect_status(read, 200)
    stored = _inner(resource.item_envelopes.get(resource.read_op), read.json())
    _expect_fields(sent, stored, f"GET /{path} after create", resource.id_property)
    update = resource.replace_op or resource.merge_op
    if update is not None:
        change = _inner(resource.request_envelopes.get(update), _body(document, update, 2))
        wrapped = _body(document, update, 2)
        changed = ctx.client.request("PUT" if resource.replace_op else "PATCH", path, json=wrapped)
        expect_status(changed, *_documented(document, update))
        reread = ctx.client.get(path)
        expect_status(reread, 200)
        stored = _inner(resource.item_envelopes.get(resource.read_op), reread.json())
        _expect_fields(change or {}, stored, f"GET /{path} after update", resource.id_property)
    if resource.delete_op is None:
        ctx.note("no DELETE on the item")
        return
    expect_status(ctx.client.delete(path), *_documented(document, resource.delete_op))
    gone = ctx.client.get(path)
    expect_status(gone, unknown_id_status(_operation(document, resource.read_op)))
    check_error_body(Observed.from_httpx(gone))
    del item_id


def _listed_ids(ctx: ScenarioContext, resource: Resource, params: dict[str, Any]) -> list[Any]:
    listed = ctx.client.get(resource.collection.lstrip("/"), params=params)
    expect_status(listed, 200)
    items = _inner(resource.list_envelope, listed.json())
    if not isinstance(items, list):
        raise AssertionError(f"GET {resource.collection}: expected a list, got {str(items)[:200]}")
    return [item.get(resource.id_property) for item in items if isinstance(item, dict)]


def _walk(ctx: ScenarioContext, resource: Resource, size: int, pages: int) -> list[list[Any]]:
    """The ids of up to ``pages`` consecutive pages of ``size`` records."""
    paging = resource.pagination
    assert paging is not None
    found: list[list[Any]] = []
    cursor: str | None = None
    for number in range(pages):
        params: dict[str, Any] = {paging.limit: size} if paging.limit else {}
        if paging.style == "offset":
            params[paging.offset or "offset"] = number * size
        elif paging.style == "page":
            params[paging.page or "page"] = paging.first_page + number
        elif paging.style == "cursor" and number:
            if cursor is None:
                break
            params[paging.cursor or "cursor"] = cursor
        listed = ctx.client.get(resource.collection.lstrip("/"), params=params)
        expect_status(listed, 200)
        body = listed.json()
        items = _inner(resource.list_envelope, body)
        found.append([_identity(resource, i) for i in items if isinstance(i, dict)])
        cursor = _next_cursor(body)
        if not items:
            break
    return found


def _identity(resource: Resource, item: dict[str, Any]) -> Any:
    """A record's id, or the whole record where the document names no id property."""
    if resource.id_property:
        return item.get(resource.id_property)
    return json.dumps(item, sort_keys=True)


def _next_cursor(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    for key, value in body.items():
        if isinstance(value, str) and key.lower() in (
            "next",
            "nextcursor",
            "next_cursor",
            "cursor",
            "nextpagetoken",
            "next_page_token",
        ):
            return value
    return None


def _list_contains(ctx: ScenarioContext, resource: Resource, document: dict[str, Any]) -> None:
    item_id, _path, _sent = _create(ctx, resource, document, 3)
    paging = resource.pagination
    if paging is None or paging.style == "limit":
        params = {paging.limit: 100} if paging and paging.limit else {}
        ids = _listed_ids(ctx, resource, params)
    else:
        ids = [i for page in _walk(ctx, resource, 50, 20) for i in page]
    if item_id not in ids:
        raise AssertionError(f"GET {resource.collection} does not list the created {item_id!r}")


def _pages(ctx: ScenarioContext, resource: Resource, document: dict[str, Any]) -> None:
    if resource.create_op:
        for seed in (4, 5, 6):
            _create(ctx, resource, document, seed)
    pages = _walk(ctx, resource, PAGE_SIZE, 3)
    seen: set[str] = set()
    for number, ids in enumerate(pages, 1):
        if len(ids) > PAGE_SIZE:
            raise AssertionError(f"page {number} has {len(ids)} records, asked for {PAGE_SIZE}")
        overlap = seen & {repr(i) for i in ids}
        if overlap:
            raise AssertionError(f"page {number} repeats records of earlier pages: {overlap}")
        seen |= {repr(i) for i in ids}
    if len(pages) > 1 and not pages[1] and len(pages[0]) == PAGE_SIZE:
        ctx.note("only one page of records")
