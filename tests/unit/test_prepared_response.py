"""The prepared response decorator decides as Connexion's does (core/prepared/handlers.py)."""

from __future__ import annotations

import itertools
import typing as t
from types import SimpleNamespace

import pytest
from connexion.context import _operation
from connexion.decorators.response import AsyncResponseDecorator
from connexion.exceptions import NonConformingResponseHeaders
from connexion.frameworks.starlette import Starlette
from connexion.jsonifier import Jsonifier

from mockserver.core.prepared.handlers import _PreparedResponseDecorator

PRODUCES = [
    [],
    ["application/json"],
    ["application/xml"],
    ["application/json", "text/plain"],
    ["application/json", "application/octet-stream"],
    ["application/json", "application/xml"],
]
DATA: list[t.Any] = [None, {"a": 1}, [1], "text", b"bytes", iter([b"x"])]
HEADERS: list[t.Any] = [
    {},
    {"Location": "/x"},
    {"Content-Type": "application/json"},
    {"content-type": "text/plain"},
    [(b"content-type", b"application/xml")],
]


def _decision(decorator: AsyncResponseDecorator, data: t.Any, headers: t.Any) -> t.Any:
    try:
        content_type = decorator._infer_content_type(data, headers)
    except NonConformingResponseHeaders as error:
        return ("refused", str(error))
    try:
        serialised = decorator._serialize_data(data, content_type=content_type)
    except TypeError as error:  # bytes as JSON: both refuse alike
        return content_type, ("unserialisable", str(error))
    return content_type, serialised if isinstance(serialised, (str, bytes, type(None))) else "kept"


@pytest.mark.parametrize("produces", PRODUCES, ids=lambda p: ",".join(p) or "none")
def test_content_type_and_serialisation_are_connexions(produces: list[str]) -> None:
    token = _operation.set(SimpleNamespace(produces=produces))
    try:
        for data, headers in itertools.product(DATA, HEADERS):
            theirs = AsyncResponseDecorator(framework=Starlette, jsonifier=Jsonifier())
            ours = _PreparedResponseDecorator(framework=Starlette, jsonifier=Jsonifier())
            for _ in range(2):  # the second call reads the remembered media types
                assert _decision(ours, data, headers) == _decision(theirs, data, headers), (
                    data,
                    headers,
                )
    finally:
        _operation.reset(token)
