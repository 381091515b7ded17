"""``/__admin/rules``: read, add and clear latency and fault rules at run time.

- ``GET /__admin/rules``: the rules in force
- ``POST /__admin/rules``: add one rule (a JSON object) or several (an array, all or
  none), e.g. ``{"latency": "lognormal:200ms:0.5", "api": "example", "rate": 0.5}``
  or ``{"fault": "reset", "api": "tw", "operation": "list_datasets"}``; 201 with the
  stored rules and their ids
- ``DELETE /__admin/rules``: clear every rule; ``DELETE /__admin/rules/{id}``: one

A body that does not parse, an unknown field, API, operationId or path template, a
latency out of bounds or a rate outside 0..1 is a 400 ``{"message": ...}`` and changes
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mockserver.core.operations import Operations
from mockserver.core.rules import Rule, RuleBook, RuleError, rule_from_json, rule_from_text
from mockserver.settings import Settings

MAX_RULE_BODY = 64 * 1024


def rule_book(operations: Mapping[str, Operations], settings: Settings) -> RuleBook:
    """The rules of a new server over the APIs' ``operations``: those the settings start
    with (RuleError if one is bad)."""
    book = RuleBook(operations, settings.seed)
    for text in settings.latency_rules:
        book.add(rule_from_text(text, "latency"))
    for text in settings.fault_rules:
        book.add(rule_from_text(text, "fault"))
    return book


def rule_routes(book: RuleBook) -> list[Route]:
    async def listing(_: Request) -> JSONResponse:
        return JSONResponse({"rules": [rule.as_json() for rule in book.rules]})

    async def add(request: Request) -> JSONResponse:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_RULE_BODY:
                return _problem(f"a rules body is at most {MAX_RULE_BODY} bytes", 413)
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            return _problem(f"the body is not JSON: {exc}")
        items = parsed if isinstance(parsed, list) else [parsed]
        try:
            rules: list[Rule] = [rule_from_json(item) for item in items]
            for rule in rules:
                book.check_scope(rule.scope)
            book.check_room(len(rules))
        except RuleError as exc:
            return _problem(str(exc))
        stored = [book.add(rule) for rule in rules]
        return JSONResponse({"rules": [rule.as_json() for rule in stored]}, status_code=201)

    async def clear(_: Request) -> JSONResponse:
        removed = len(book.rules)
        book.clear()
        return JSONResponse({"removed": removed})

    async def remove(request: Request) -> Response:
        text = request.path_params["rule_id"]
        if not (text.isascii() and text.isdigit() and len(text) < 10):
            return _problem(f"a rule id is a number, got {text[:20]!r}")
        if not book.remove(int(text)):
            return _problem(f"no rule {text}", 404)
        return Response(status_code=204)

    by_method = {"GET": listing, "POST": add, "DELETE": clear}

    async def rules(request: Request) -> Response:
        return await by_method["GET" if request.method == "HEAD" else request.method](request)

    return [
        Route("/__admin/rules", rules, methods=list(by_method)),
        Route("/__admin/rules/{rule_id}", remove, methods=["DELETE"]),
    ]


def _problem(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)
