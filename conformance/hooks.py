"""Schemathesis hooks: the project's own checks, run on every generated request.

Loaded by the Schemathesis CLI through ``SCHEMATHESIS_HOOKS=conformance.hooks``;
the API under test is named by ``UNDERSTUDY_CONFORM_API`` (set by the runner). The
profile may add response deserializers (e.g. XML, JSONP), checks of its own and a
``before_call`` edit of every request; they are registered here for that API only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import schemathesis

from conformance.apis import profile
from conformance.generic import SPEC_ENV, generic_profile
from conformance.observed import Observed
from conformance.ratelimits import header_problems
from conformance.target import current as current_target

if os.environ.get(SPEC_ENV):
    PROFILE = generic_profile(Path(os.environ[SPEC_ENV]), for_hooks=True)
else:
    PROFILE = profile(os.environ.get("UNDERSTUDY_CONFORM_API", ""))
LIMITS = PROFILE.rate_limit_facts()
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


def _counted(response: Any, case: Any) -> bool:
    """Whether a response answers a credentialed request routed to the operation, i.e.
    one the server counts against the caller's limit."""
    if response.status_code == 401:
        return False
    if not (_requires_auth(case) and _sent_credentials(response)):
        return False
    if str(response.request.method).upper() != case.operation.method.upper():
        return False  # an undeclared method (405) never reaches an operation
    # a path with control characters cannot be routed to an operation
    return not _CONTROL.search(unquote(urlsplit(str(response.request.url)).path))


@schemathesis.check
def rate_limit_headers(ctx: Any, response: Any, case: Any) -> bool | None:
    """Responses to authenticated requests carry the contract's rate-limit headers, and
    they mean what they say (conformance.ratelimits): the plan's limit, Remaining within
    it, Reset inside the window, Retry-After agreeing with Reset."""
    if LIMITS is None or not _counted(response, case):
        return None
    headers = Observed.from_schemathesis(response).headers
    problems = header_problems(LIMITS, current_target().rate_limits, response.status_code, headers)
    if problems:
        raise AssertionError("; ".join(problems) + " (an authenticated request)")
    return None
