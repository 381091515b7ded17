"""Schemathesis hooks: the project's own checks, run on every generated request.

Loaded by the Schemathesis CLI through ``SCHEMATHESIS_HOOKS=conformance.hooks``;
the API under test is named by ``UNDERSTUDY_CONFORM_API`` (set by the runner). The
profile may add response deserializers (e.g. XML, JSONP), checks of its own and a
``before_call`` edit of every request; they are registered here for that API only.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import unquote, urlsplit

import schemathesis

from conformance.apis import profile
from conformance.observed import Observed

PROFILE = profile(os.environ.get("UNDERSTUDY_CONFORM_API", ""))
_CONTROL = re.compile("[\x00-\x1f\x7f]")

for _media_type, _deserializer in PROFILE.deserializers.items():
    schemathesis.deserializer(_media_type)(_deserializer)

for _check in PROFILE.checks:
    schemathesis.check(_check)

if PROFILE.before_call is not None:
    _before_call = PROFILE.before_call

    @schemathesis.hook
    def before_call(context: Any, case: Any, **kwargs: Any) -> None:
        """The profile's edit of every generated request (e.g. the API key field)."""
        _before_call(context, case)


def _requires_auth(case: Any) -> bool:
    operation = case.operation
    raw = operation.definition.raw
    security = raw.get("security")
    if security is None:
        security = operation.schema.raw_schema.get("security", [])
    return bool(security) and all(requirement for requirement in security)


def _sent_credentials(response: Any) -> bool:
    names = {name.lower() for name in response.request.headers}
    return "authorization" in names


@schemathesis.check
def error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx is in the API's own error format, never problem+json."""
    if response.status_code >= 400:
        PROFILE.check_error_body(Observed.from_schemathesis(response))
    return None


@schemathesis.check
def rate_limit_headers(ctx: Any, response: Any, case: Any) -> bool | None:
    """Responses to authenticated requests carry the documented rate-limit headers."""
    if not PROFILE.rate_limit_headers or response.status_code == 401:
        return None
    if not (_requires_auth(case) and _sent_credentials(response)):
        return None
    if str(response.request.method).upper() != case.operation.method.upper():
        return None  # an undeclared method (405) never reaches an operation
    if _CONTROL.search(unquote(urlsplit(str(response.request.url)).path)):
        return None  # a path with control characters cannot be routed to an operation
    present = {name.lower() for name in response.headers}
    missing = [h for h in PROFILE.rate_limit_headers if h.lower() not in present]
    if missing:
        raise AssertionError(
            f"Missing rate-limit headers {missing} on a "
            f"{response.status_code} to an authenticated request"
        )
    return None
