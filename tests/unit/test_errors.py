"""Every exception reaching the edge becomes a typed error, rendered in the API's style."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from connexion import exceptions as cx
from starlette.exceptions import HTTPException

from mockserver.core.errors import ApiError, ErrorKind, FieldError, to_api_error
from mockserver.core.formats import Format
from mockserver.core.rendering import ErrorStyle


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (cx.BadRequestProblem(detail="'name' is a required property"), ErrorKind.VALIDATION),
        (cx.OAuthProblem(detail="No authorization token provided"), ErrorKind.UNAUTHENTICATED),
        (cx.Forbidden(), ErrorKind.FORBIDDEN),
        (cx.UnsupportedMediaTypeProblem(detail="x"), ErrorKind.UNSUPPORTED_MEDIA_TYPE),
        (HTTPException(404), ErrorKind.NOT_FOUND),
        (HTTPException(405), ErrorKind.METHOD_NOT_ALLOWED),
        (RuntimeError("boom"), ErrorKind.INTERNAL),
    ],
)
def test_exceptions_map_to_kinds(exc, kind):
    assert to_api_error(exc).kind is kind


def test_validation_messages_keep_the_field_name():
    error = to_api_error(cx.BadRequestProblem(detail="5 is not of type 'string' - 'name'"))
    assert error.details == (FieldError("name", "5 is not of type 'string'"),)
    required = to_api_error(cx.BadRequestProblem(detail="'type' is a required property"))
    assert required.details[0].field == "type"


def test_internal_errors_do_not_leak_the_exception_text():
    assert "secret" not in to_api_error(RuntimeError("secret detail")).message


STYLE = ErrorStyle(
    build=lambda e, status: {"message": e.message, "errors": [d.message for d in e.details]},
    xml_root="error",
    statuses={ErrorKind.RATE_LIMITED: 503},
    www_authenticate='Basic realm="Test"',
)


def test_style_overrides_status_and_adds_protocol_headers():
    limited = STYLE.render(ApiError(ErrorKind.RATE_LIMITED, "Rate Limit Exceeded", retry_after=42))
    assert limited.status == 503 and limited.headers["Retry-After"] == "42"
    unauthorized = STYLE.render(ApiError(ErrorKind.UNAUTHENTICATED, "no"))
    assert unauthorized.headers["WWW-Authenticate"] == 'Basic realm="Test"'


def test_style_renders_xml_under_its_root():
    rendered = STYLE.render(
        ApiError(ErrorKind.VALIDATION, "bad", (FieldError("a", "x < y"),)), Format.XML
    )
    root = ElementTree.fromstring(rendered.body)
    assert rendered.media_type == "application/xml"
    assert root.tag == "error" and root.find("message").text == "bad"
    assert [e.text for e in root.find("errors")] == ["x < y"]


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:9/x", True),
        ("http://127.8.9.1/x", True),
        ("http://[::1]:80/", True),
        ("http://localhost:3000/hook", True),
        ("https://api.localhost/x", True),
        ("https://hooks.slack.com/services/x", False),
        ("http://10.0.0.1/x", False),
        ("http://127.0.0.1.evil.example/x", False),
        ("not a url", False),
    ],
)
def test_only_loopback_webhook_targets_are_called_by_default(url, loopback):
    from mockserver.core.webhooks import is_loopback_url

    assert is_loopback_url(url) is loopback
