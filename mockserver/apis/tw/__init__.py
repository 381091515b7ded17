"""The TW data-platform API (seed: tw.txt): datasets and rows, policies, integrations,
webhooks and batches, behind per-key token-bucket rate limits."""

from __future__ import annotations

import contract
from mockserver.apis.tw.admin import admin_routes
from mockserver.apis.tw.auth import BATCH_PLAN, DEMO_KEYS, TwAuthenticator
from mockserver.apis.tw.errors import TW_ERRORS
from mockserver.apis.tw.handlers import Handlers
from mockserver.apis.tw.seed import seed
from mockserver.apis.tw.sortparam import TwURIParser
from mockserver.core.ratelimit import Decision
from mockserver.core.runtime import ApiDefinition, RateLimitPolicy

MAX_BODY = 10 * 1024 * 1024


def rate_limit_headers(decision: Decision) -> dict[str, str]:
    """TW documents the bucket size and the whole tokens left; a bucket has no reset."""
    return {
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
    }


_LIMITS = contract.limits("tw")
assert _LIMITS is not None, "contract/specs/tw.yaml declares x-rate-limits"

DEFINITION = ApiDefinition(
    name="tw",
    title="TW API",
    spec_file="tw.yaml",
    prefix="/tw/v1",
    base_path="/v1",
    errors=TW_ERRORS,
    build_state=seed,
    build_handlers=Handlers,
    build_authenticator=TwAuthenticator,
    rate_limits=RateLimitPolicy(
        plans={**_LIMITS.plans, BATCH_PLAN: None},
        headers=rate_limit_headers,
        message="Rate limit exceeded",
    ),
    max_body_bytes=MAX_BODY,
    strict_validation=True,
    uri_parser_class=TwURIParser,
    credentials=tuple(demo.credential for demo in DEMO_KEYS),
    admin_routes=admin_routes,
)
