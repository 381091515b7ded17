"""`POST /batch`: each operation is a real request through the app, in process."""

from __future__ import annotations

import json
import re
from typing import Any, cast
from urllib.parse import unquote

from connexion.context import scope as current_scope

from mockserver.apis.tw.auth import TwAuthenticator
from mockserver.apis.tw.base import Response, TwHandlerBase
from mockserver.apis.tw.batch import BatchExecutor, Operation, Outcome
from mockserver.apis.tw.errors import TW_ERRORS
from mockserver.core import loopback
from mockserver.core.errors import ApiError, ErrorKind, FieldError

NESTED = re.compile(r"^/batch/?(\?|$)")
TRIGGER = re.compile(r"^/integrations/[^/?]+/trigger/?(\?|$)")
BODILESS = ("GET", "DELETE")


class BatchHandlers(TwHandlerBase):
    async def execute_batch(self, user: str, body: dict[str, Any]) -> Response:
        self.account(user)
        operations = [
            Operation(i, op["method"], op["path"], op.get("body"))
            for i, op in enumerate(body["operations"])
        ]
        authenticator = cast(TwAuthenticator, self.runtime.authenticator)
        parent = dict(current_scope)
        app = parent["app"]
        with authenticator.delegate(user) as token:

            async def dispatch(operation: Operation) -> Outcome:
                payload = b""
                headers = {"authorization": f"Bearer {token}"}
                if operation.method not in BODILESS:
                    payload = json.dumps(
                        operation.body if operation.body is not None else {}
                    ).encode()
                    headers["content-type"] = "application/json"
                response = await loopback.call(
                    app,
                    parent,
                    operation.method,
                    self.runtime.mount_path + operation.path,
                    headers,
                    payload,
                )
                return Outcome(response.status, response.json())

            outcomes = await BatchExecutor(dispatch, _refuse).run(
                operations, atomic=bool(body.get("atomic", False))
            )
        return {"results": [o.view() for o in outcomes]}, 200


def _refuse(operation: Operation, atomic: bool) -> Outcome | None:
    """Nested batches never run; a trigger cannot be undone, so no atomic batch sends one."""
    path = unquote(operation.path)
    if NESTED.match(path):
        return _failure("A batch cannot contain another batch", operation)
    if atomic and operation.method == "POST" and TRIGGER.match(path):
        return _failure(
            "An atomic batch cannot trigger an integration: a sent message cannot be undone",
            operation,
        )
    return None


def _failure(message: str, operation: Operation) -> Outcome:
    field = FieldError(f"operations[{operation.index}].path", message)
    error = ApiError(ErrorKind.VALIDATION, message, (field,))
    rendered = TW_ERRORS.render(error)
    return Outcome(rendered.status, json.loads(rendered.body))
