"""Every knob of the mock in one typed place, built once (from the CLI) and passed down."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from contract import SPEC_DIR as DEFAULT_SPEC_DIR
from contract import RateLimit

PROCESS_SECRET = secrets.token_urlsafe(32)
"""This process's signing key, unless one is configured."""


@dataclass(frozen=True)
class Settings:
    """Configuration of one mock server process."""

    host: str = "127.0.0.1"
    port: int = 8000
    seed: int = 1234
    fixture_volume: int = 40
    """How many records the seeds create per main collection."""
    rate_limits_enabled: bool = True
    rate_limit_overrides: Mapping[str, RateLimit] = field(default_factory=dict)
    """`"<api>.<plan>"` -> limit, replacing the documented limit of that plan."""
    key_rate_limits: Mapping[str, RateLimit] = field(default_factory=dict)
    """`"<api>:<key>"` -> a custom limit for one caller (its API key, the token's `sub`),
    in force instead of its plan's (TW's Enterprise "Custom" limits)."""
    rate_limit_headers: str = "x"
    """``x``: each API's documented rate-limit headers; ``ietf``: the IETF
    ``RateLimit-Policy`` / ``RateLimit`` fields instead (core/ietf_ratelimit.py)."""
    validate_responses: bool = False
    express_lane: bool = True
    """Serve ordinary requests by the prepared express lane (core/prepared/lane.py);
    off, every request walks Connexion's whole stack. Same answers either way."""
    max_body_bytes: int | None = None
    """Overrides every API's own request-body limit when set."""
    max_decompressing_bytes: int = 256 * 1024 * 1024
    """Decompressed bytes all concurrent gunzips of the process may hold at once (WRGL
    uploads); beyond it an upload is a 503 with Retry-After."""
    max_stored_upload_bytes_per_user: int = 128 * 1024 * 1024
    """Decompressed upload data (WRGL CSV files) one user may keep stored."""
    max_stored_upload_bytes: int = 512 * 1024 * 1024
    """Decompressed upload data the whole process keeps stored (all users)."""
    refresh_tokens_per_user: int = 10
    """Live refresh tokens one user keeps (Example): a new login past it retires the
    oldest; expired ones are pruned as new ones are issued."""
    max_url_bytes: int = 16 * 1024
    """Longest request target (path and query): 414 beyond."""
    max_head_bytes: int = 64 * 1024
    """Request line and headers together: 431 beyond."""
    max_headers: int = 100
    """Request headers per request: 431 beyond."""
    head_timeout: float = 10.0
    """Seconds a request head may take to arrive: 408 (connection closed) after."""
    body_timeout: float = 30.0
    """Seconds a request body may stall between two reads: 408 after."""
    journal_size: int = 1000
    journal_max_bytes: int = 8 * 1024 * 1024
    """The journal's size bound, besides its entry count (paths and queries counted)."""
    journal_value_chars: int = 2048
    """Longest path or query a journal entry keeps (longer ones are cut, length noted)."""
    webhook_attempts: int = 3
    webhook_backoff: float = 0.5
    webhook_queue_capacity: int = 1000
    """Deliveries waiting over all targets; a delivery beyond it is logged `dropped`."""
    webhook_target_queue_capacity: int = 200
    """Deliveries waiting for one target (scheme, host, port)."""
    webhook_concurrency: int = 16
    """Delivery attempts in flight at once, over all targets."""
    webhook_target_concurrency: int = 4
    """Delivery attempts in flight at once to one target."""
    webhook_connect_timeout: float = 2.0
    webhook_read_timeout: float = 5.0
    webhook_pool_timeout: float = 2.0
    webhook_failure_threshold: int = 5
    """Failed attempts in a row after which a target is backed off."""
    webhook_cooldown: float = 2.0
    """First back-off of a failing target in seconds (doubles, up to a minute)."""
    webhook_any_host: bool = False
    """Deliver webhooks to any host; by default only loopback targets are called, so
    fuzzed or mistyped URLs never send traffic off the machine."""
    token_secret: str = PROCESS_SECRET
    """Signs the mock's JWTs, pagination cursors and derived keys: generated per process
    unless configured (`--token-secret`), so tokens from one run never work on another."""
    reference_time: datetime = datetime(2025, 1, 15, 10, 0, 0, tzinfo=UTC)
    """Seeded timestamps are relative to this, so fixtures do not drift by day."""
    api_keys: Mapping[str, str] = field(default_factory=dict)
    """API name -> the key its mock accepts instead of the demo key (APIs whose requests
    carry an API key beside the user's credentials, e.g. Tweetworks' `data[key]`)."""
    spec_dir: Path = DEFAULT_SPEC_DIR
    access_log: bool = False
    settle_heap: bool = False
    """Freeze the start-up heap out of the garbage collector's walks (core/heap.py): set
    for a served mock (one app per process), not for apps built in a test process."""
    latency_rules: tuple[str, ...] = ()
    """Latency rules in force from the start, `[SCOPE=]DIST[@RATE]` (core/rules.py)."""
    fault_rules: tuple[str, ...] = ()
    """Fault rules in force from the start, `[SCOPE=]KIND[@RATE]` (core/rules.py)."""

    def rate_limit(self, api: str, plan: str, documented: RateLimit | None) -> RateLimit | None:
        """The limit in force for a plan: an override, else the documented one."""
        return self.rate_limit_overrides.get(f"{api}.{plan}", documented)
