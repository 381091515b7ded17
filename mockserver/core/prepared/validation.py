"""Request validation with its parser and validators built once per operation.

Connexion's ``RequestValidationOperation`` builds a URI parser, a parameter validator
and a body validator on every request. This one builds them when the operation is
first validated and keeps them (body validators per media type); the validators are
the app's own (``validator_map``), so every accept and every refusal is unchanged.
"""

from __future__ import annotations

import functools
import typing as t

from connexion import utils
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.operations import AbstractOperation
from starlette.types import Receive, Scope, Send

_NO_VALIDATOR = object()
_MEMO_SIZE = 64
"""Distinct Content-Type values (and media types) remembered per operation: they come
from requests, so the memo is bounded."""


class PreparedValidationOperation(RequestValidationOperation):
    """One operation's request validation, prepared once."""

    @functools.cached_property
    def parameters(self) -> t.Any:
        """The operation's parameter validator (``.validate(scope)`` raises on refusal)."""
        operation = self._operation
        uri_parser = operation._uri_parser_class(operation.parameters, operation.body_definition())
        return self._validator_map["parameter"](
            operation.parameters,
            uri_parser=uri_parser,
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )

    @functools.cached_property
    def _body_validators(self) -> dict[tuple[str, str], t.Any]:
        return {}

    @functools.cached_property
    def _content_types(self) -> dict[bytes | None, tuple[str, str]]:
        return {}

    @functools.cached_property
    def _accepted_mime_types(self) -> set[str]:
        return set()

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        """Connexion's reading of the Content-Type header, remembered per header value."""
        value = next((v for k, v in headers if k.lower() == b"content-type"), None)
        known = self._content_types.get(value)
        if known is None:
            known = super().extract_content_type(
                [] if value is None else [(b"content-type", value)]
            )
            if len(self._content_types) < _MEMO_SIZE:  # header values come from requests
                self._content_types[value] = known
        return known

    def validate_mime_type(self, mime_type: str) -> None:
        """Connexion's check (raising its 415), remembering the media types it passed."""
        accepted = self._accepted_mime_types
        if mime_type in accepted:
            return
        super().validate_mime_type(mime_type)
        if len(accepted) < _MEMO_SIZE:
            accepted.add(mime_type)

    def body_validator(self, mime_type: str, encoding: str) -> t.Any:
        """The body validator for a media type, or a marker when there is none."""
        key = (mime_type, encoding)
        known = self._body_validators.get(key)
        if known is None:
            known = self._build_body_validator(mime_type, encoding)
            if len(self._body_validators) < _MEMO_SIZE:  # media types come from requests
                self._body_validators[key] = known
        return known

    def _build_body_validator(self, mime_type: str, encoding: str) -> t.Any:
        operation = self._operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return _NO_VALIDATOR
        try:
            body_validator = self._validator_map["body"][mime_type]
        except KeyError:
            return _NO_VALIDATOR
        return body_validator(
            schema=schema,
            required=operation.request_body.get("required", False),
            nullable=utils.is_nullable(operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=self.strict_validation,
            uri_parser=operation.uri_parser_class(
                operation.parameters, operation.body_definition()
            ),
        )

    async def validated_body(self, scope: Scope, receive: Receive) -> tuple[Receive, Scope]:
        """Checks the media type and validates the body as Connexion's middleware does
        (raising its problems); the receive channel to read the validated body from and
        the scope to go on with (a filled-in body gets a new Content-Length)."""
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        validator = self.body_validator(mime_type, encoding)
        if validator is not _NO_VALIDATOR:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        return receive, scope

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.parameters.validate(scope)
        receive, scope = await self.validated_body(scope, receive)
        await self.next_app(scope, receive, send)


class _PreparedValidationApi(RequestValidationAPI):
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        return PreparedValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class PreparedRequestValidation(RequestValidationMiddleware):
    """Connexion's request-validation middleware with prepared operations."""

    api_cls = _PreparedValidationApi
