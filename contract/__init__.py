"""The contracts Understudy serves, checks and loads: one OpenAPI document per API,
shipped as package data, and the facts every pillar reads from them.

This package imports nothing of the mock, the gate or the load tests; they import it.
"""

from contract._specs import SPEC_DIR, SpecError, load, load_file, names, spec_path
from contract.documents import base_path, load_openapi, operations, unknown_id_status
from contract.patterns import ecma_regex, matches
from contract.ratelimit import (
    LimitedAnswer,
    RateLimit,
    RateLimitFacts,
    RateLimitSyntaxError,
    parse_rate_limit,
    rate_limit_facts,
)

__all__ = [
    "SPEC_DIR",
    "LimitedAnswer",
    "RateLimit",
    "RateLimitFacts",
    "RateLimitSyntaxError",
    "SpecError",
    "base_path",
    "ecma_regex",
    "limits",
    "load",
    "load_file",
    "load_openapi",
    "matches",
    "names",
    "operations",
    "parse_rate_limit",
    "rate_limit_facts",
    "spec_path",
    "unknown_id_status",
]


def limits(name: str) -> RateLimitFacts | None:
    """The documented rate limits of API ``name`` (its spec's ``x-rate-limits``)."""
    return rate_limit_facts(load(name))
