"""The TeamWork Live API (seed: teamworklive.txt): project collaboration and time
tracking in JSON or XML, Basic auth with email + API key, 6000 requests/hour/user."""

from __future__ import annotations

import contract
from mockserver.apis.teamworklive.admin import password_routes
from mockserver.apis.teamworklive.auth import TeamWorkAuthenticator
from mockserver.apis.teamworklive.errors import TEAMWORKLIVE_ERRORS
from mockserver.apis.teamworklive.handlers import Handlers
from mockserver.apis.teamworklive.seed import (
    DEMO_EMAIL,
    DEMO_KEY,
    MEMBER_EMAIL,
    MEMBER_KEY,
    OTHER_EMAIL,
    OTHER_KEY,
    seed,
)
from mockserver.core.formats import Format
from mockserver.core.responses import WithoutFormatParam
from mockserver.core.runtime import ApiDefinition, Credential, RateLimitPolicy
from mockserver.core.unicode import UnicodeBodies

_LIMITS = contract.limits("teamworklive")
assert _LIMITS is not None, "contract/specs/teamworklive.yaml declares x-rate-limits"
MAX_BODY_BYTES = 1024 * 1024

DEFINITION = ApiDefinition(
    name="teamworklive",
    title="TeamWork Live",
    spec_file="teamworklive.yaml",
    prefix="/teamworklive",
    base_path="/",
    errors=TEAMWORKLIVE_ERRORS,
    build_state=seed,
    build_handlers=lambda runtime: WithoutFormatParam(UnicodeBodies(Handlers(runtime))),
    build_authenticator=TeamWorkAuthenticator,
    rate_limits=RateLimitPolicy(
        plans=_LIMITS.plans, headers=lambda _decision: {}, message="Rate Limit Exceeded"
    ),
    format_from_suffix=True,
    default_format=Format.JSON,
    max_body_bytes=MAX_BODY_BYTES,
    admin_routes=password_routes,
    credentials=(
        Credential(f"Basic {DEMO_EMAIL} / {DEMO_KEY}", "administrator of the demo account"),
        Credential(f"Basic {MEMBER_EMAIL} / {MEMBER_KEY}", "member of the demo account (403s)"),
        Credential(f"Basic {OTHER_EMAIL} / {OTHER_KEY}", "a second account (isolation tests)"),
    ),
)
