"""Every knob of the mock in one typed place, built once (from the CLI) and passed down."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from contract import SPEC_DIR as DEFAULT_SPEC_DIR
from contract import RateLimit


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
    validate_responses: bool = False
    max_body_bytes: int | None = None
    """Overrides every API's own request-body limit when set."""
    journal_size: int = 1000
    webhook_attempts: int = 3
    webhook_backoff: float = 0.5
    webhook_timeout: float = 5.0
    webhook_any_host: bool = False
    """Deliver webhooks to any host; by default only loopback targets are called, so
    fuzzed or mistyped URLs never send traffic off the machine."""
    token_secret: str = "understudy-local-signing-key-not-for-production"
    """Signs the mock's JWTs and pagination cursors (not a production secret)."""
    reference_time: datetime = datetime(2025, 1, 15, 10, 0, 0, tzinfo=UTC)
    """Seeded timestamps are relative to this, so fixtures do not drift by day."""
    api_keys: Mapping[str, str] = field(default_factory=dict)
    """API name -> the key its mock accepts instead of the demo key (APIs whose requests
    carry an API key beside the user's credentials, e.g. Tweetworks' `data[key]`)."""
    spec_dir: Path = DEFAULT_SPEC_DIR
    access_log: bool = False

    def rate_limit(self, api: str, plan: str, documented: RateLimit | None) -> RateLimit | None:
        """The limit in force for a plan: an override, else the documented one."""
        return self.rate_limit_overrides.get(f"{api}.{plan}", documented)
