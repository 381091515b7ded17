"""Forced responses: ``Prefer: code=N`` / ``example=NAME`` / ``dynamic=true`` answered
as the contract documents them, in the API's own format, without running the handler.

The middleware runs after routing, security, the rate limiter and request validation
(as in Prism, an invalid request gets its real error, not the forced one), and before
the handler, so a forced answer changes no state. An error status is raised as an
:class:`ApiError` and rendered by the API's own renderer (format suffix, realm,
``Retry-After`` and the rate-limit headers as a real refusal has them); a success
status answers the operation's example, or a body generated from its schema.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.context import SCOPE_KEY, RequestContext
from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import (
    JSON_MEDIA_TYPE,
    XML_MEDIA_TYPE,
    Format,
    XmlWriter,
    render_json,
    render_jsonp,
    valid_callback,
)
from mockserver.core.operations import Operation, Operations
from mockserver.core.preferences import Preferences
from mockserver.core.ratelimit import exhausted
from mockserver.core.rendering import ErrorStyle
from mockserver.core.runtime import ApiRuntime
from mockserver.core.schemagen import SchemaGenerator

NO_BODY = frozenset({204, 205, 304})


class ForcedResponseMiddleware:
    """Answers a request whose preferences force its response; see the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        context: RequestContext | None = scope.get(SCOPE_KEY)
        preferences = context.preferences if context is not None else None
        if preferences is None or not preferences.forces_response or context is None:
            await self.app(scope, receive, send)
            return
        runtime = context.runtime
        extensions = scope.get("extensions", {})
        operation_id = extensions.get("connexion_routing", {}).get("operation_id")
        operation = runtime.operations.by_id.get(operation_id) if runtime else None
        if runtime is None or operation is None:
            await self.app(scope, receive, send)
            return
        status, response = _documented_response(runtime.operations, operation, preferences)
        media = _media(runtime.operations, response, context.format)
        if status >= 400 and not (preferences.example or preferences.dynamic):
            token_info = extensions.get("connexion_context", {}).get("token_info")
            error = forced_error(
                runtime, status, token_info if isinstance(token_info, dict) else {}
            )
            if error.kind is ErrorKind.UNAUTHENTICATED:
                # A real 401 is refused before the limiter counts it: no limit headers.
                context.response_headers.clear()
            _mark(context, preferences)
            raise error
        body, media_type = _success_body(runtime, operation, status, media, preferences, scope)
        _mark(context, preferences)
        headers = [(b"content-type", media_type.encode())] if body else []
        headers.append((b"content-length", str(len(body)).encode()))
        for name, value in _required_headers(runtime.operations, response, context).items():
            headers.append((name.lower().encode(), value.encode("latin-1", "replace")))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _mark(context: RequestContext, preferences: Preferences) -> None:
    """Name the applied preferences on the response and in the journal."""
    context.forced = preferences.applied()
    context.response_headers["Preference-Applied"] = context.forced


def _required_headers(
    operations: Operations, response: Mapping[str, Any], context: RequestContext
) -> dict[str, str]:
    """The response's required headers the stack does not add itself, from their examples."""
    found: dict[str, str] = {}
    for name, header in (response.get("headers") or {}).items():
        header = operations.resolve(header)
        if not isinstance(header, Mapping) or not header.get("required"):
            continue
        if name in context.response_headers:
            continue
        schema = operations.resolve(header.get("schema", {}))
        example = header.get(
            "example", schema.get("example") if isinstance(schema, Mapping) else None
        )
        if example is None:
            example = SchemaGenerator(operations.resolve, random.Random(0)).value(schema)
        found[name] = str(example if example is not None else "")
    return found


def _documented_response(
    operations: Operations, operation: Operation, preferences: Preferences
) -> tuple[int, Mapping[str, Any]]:
    """The status to answer and the response object the contract documents for it."""
    responses = operation.raw.get("responses", {})
    documented = [str(code) for code in responses]
    if preferences.code is None:
        successes = sorted(int(c) for c in documented if c.isdigit() and 200 <= int(c) < 300)
        if not successes:
            raise ApiError(
                ErrorKind.VALIDATION, f"{operation.operation_id} documents no success response"
            )
        status = successes[0]
    else:
        status = preferences.code
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in responses:
            return status, operations.resolve(responses[key])
    raise ApiError(
        ErrorKind.VALIDATION,
        f"Prefer code={status}: {operation.operation_id} documents no {status} response "
        f"(it documents {', '.join(documented)})",
    )


def _media(
    operations: Operations, response: Mapping[str, Any], fmt: Format
) -> tuple[str, Mapping[str, Any]] | None:
    """The response's media type entry for the request's format (JSON when the format has
    none), or None when the response has no body."""
    content = response.get("content") or {}
    wanted = XML_MEDIA_TYPE if fmt is Format.XML else JSON_MEDIA_TYPE
    for media_type in (wanted, JSON_MEDIA_TYPE, *content):
        if media_type in content:
            return media_type, operations.resolve(content[media_type]) or {}
    return None


def kind_for_status(style: ErrorStyle, status: int) -> tuple[ErrorKind, int | None]:
    """The error kind an API renders with ``status`` (and a status override when no kind
    of that API has it): its rate-limit refusal first, then the kind of that code."""
    if style.status_of_kind(ErrorKind.RATE_LIMITED) == status:
        return ErrorKind.RATE_LIMITED, None
    matching = [kind for kind in ErrorKind if style.status_of_kind(kind) == status]
    for kind in matching:
        if kind.value == status:
            return kind, None
    if matching:
        return matching[0], None
    return (ErrorKind.INTERNAL if status >= 500 else ErrorKind.VALIDATION), status


def forced_error(runtime: ApiRuntime, status: int, token_info: Mapping[str, Any]) -> ApiError:
    """The API's own error for ``status``; a rate-limit refusal carries ``Retry-After``
    and the API's rate-limit headers as an exhausted limit has them now."""
    kind, override = kind_for_status(runtime.definition.errors, status)
    message = _phrase(status)
    policy = runtime.definition.rate_limits
    if kind is ErrorKind.RATE_LIMITED or status == 503:
        retry_after, headers = 1, {}
        if policy is not None:
            message = policy.message if kind is ErrorKind.RATE_LIMITED else message
            plan = str(token_info.get("plan") or policy.default_plan or "")
            limit = runtime.settings.rate_limit(runtime.name, plan, policy.plans.get(plan))
            if limit is None and policy.default_plan is not None:
                limit = policy.plans.get(policy.default_plan)
            if limit is not None:
                decision = exhausted(limit)
                retry_after = decision.retry_after
                headers = runtime.rate_limit_headers(plan, limit, decision)
        return ApiError(kind, message, headers=headers, retry_after=retry_after, status=override)
    return ApiError(kind, message, status=override)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _success_body(
    runtime: ApiRuntime,
    operation: Operation,
    status: int,
    media: tuple[str, Mapping[str, Any]] | None,
    preferences: Preferences,
    scope: Scope,
) -> tuple[bytes, str]:
    if media is None or status in NO_BODY:
        if preferences.example is not None:
            raise _no_example(operation, status, preferences.example, [])
        return b"", ""
    media_type, entry = media
    operations = runtime.operations
    schema = operations.resolve(entry.get("schema", {}))
    if preferences.dynamic:
        seed = f"{runtime.settings.seed}:{operation.operation_id}:{status}:{_request_key(scope)}"
        value = SchemaGenerator(operations.resolve, random.Random(seed)).value(schema)
    else:
        value = _example(operations, operation, status, entry, preferences.example)
        if value is None:
            value = SchemaGenerator(operations.resolve, random.Random(0)).value(schema)
    if media_type == XML_MEDIA_TYPE:
        if isinstance(value, str):
            return value.encode(), XML_MEDIA_TYPE
        root = (schema.get("xml") or {}).get("name") if isinstance(schema, Mapping) else None
        if root is None and isinstance(value, Mapping) and len(value) == 1:
            ((root, value),) = value.items()
        return XmlWriter().document(str(root or "response"), value), XML_MEDIA_TYPE
    jsonp = runtime.definition.jsonp
    if jsonp is not None and media_type == JSON_MEDIA_TYPE:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        callback = query.get(jsonp.callback, [None])[0]
        if callback is not None and valid_callback(callback):
            return render_jsonp(callback, value, script=jsonp.script in query)
    return render_json(value), media_type


def _example(
    operations: Operations,
    operation: Operation,
    status: int,
    entry: Mapping[str, Any],
    name: str | None,
) -> Any:
    examples = entry.get("examples") or {}
    if name is not None:
        if name not in examples:
            raise _no_example(operation, status, name, list(examples))
        return operations.resolve(examples[name]).get("value")
    if "example" in entry:
        return entry["example"]
    if examples:
        return operations.resolve(next(iter(examples.values()))).get("value")
    schema = operations.resolve(entry.get("schema", {}))
    return schema.get("example") if isinstance(schema, Mapping) else None


def _no_example(operation: Operation, status: int, name: str, names: list[str]) -> ApiError:
    known = f"its examples: {', '.join(names)}" if names else "it has no named examples"
    return ApiError(
        ErrorKind.VALIDATION,
        f"Prefer example={name}: the {status} response of {operation.operation_id} "
        f"has no such example ({known})",
    )


def _request_key(scope: Scope) -> str:
    return f"{scope['method']} {scope['path']}?{scope.get('query_string', b'').decode('latin-1')}"
