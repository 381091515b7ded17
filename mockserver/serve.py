"""`understudy mock`: settings from the command line, a banner, uvicorn."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from mockserver.apis import available, definitions
from mockserver.core.ratelimit import RateLimit, parse_rate_limit
from mockserver.core.runtime import ApiDefinition
from mockserver.settings import Settings

LIMIT_FLAGS: tuple[tuple[str, type, str], ...] = (
    ("webhook_queue_capacity", int, "deliveries waiting over all targets (then: dropped)"),
    ("webhook_target_queue_capacity", int, "deliveries waiting for one target"),
    ("webhook_concurrency", int, "delivery attempts in flight over all targets"),
    ("webhook_target_concurrency", int, "delivery attempts in flight to one target"),
    ("webhook_connect_timeout", float, "seconds to connect to a webhook target"),
    ("webhook_read_timeout", float, "seconds to wait for a webhook target's answer"),
    ("webhook_pool_timeout", float, "seconds to wait for a free delivery connection"),
    ("webhook_failure_threshold", int, "failed attempts in a row before a target backs off"),
    ("webhook_cooldown", float, "first back-off of a failing target, in seconds"),
    ("max_stored_upload_bytes_per_user", int, "stored upload data per user (WRGL)"),
    ("max_stored_upload_bytes", int, "stored upload data in the process (WRGL)"),
    ("max_decompressing_bytes", int, "bytes all concurrent gunzips may hold"),
    ("journal_max_bytes", int, "size bound of the request journal"),
    ("refresh_tokens_per_user", int, "live refresh tokens per user (Example)"),
    ("max_url_bytes", int, "longest request target (414 beyond)"),
    ("max_head_bytes", int, "request line and headers (431 beyond)"),
    ("max_headers", int, "headers per request (431 beyond)"),
    ("head_timeout", float, "seconds for a request head to arrive (408 after)"),
    ("body_timeout", float, "seconds a request body may stall (408 after)"),
)
"""Caps settable from the command line: (Settings field, type, help)."""


def _positive(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text!r}")
        return value

    return parse


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "mock",
        help="serve the mock APIs",
        description="Serve every API under its prefix, or one API (--api) at its real base path.",
    )
    defaults = Settings()
    parser.add_argument(
        "--api", choices=available(), help="serve only this API, at its real base path"
    )
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument(
        "--seed", type=int, default=defaults.seed, help="fixture seed: same seed, same data"
    )
    parser.add_argument(
        "--fixture-volume",
        type=int,
        default=defaults.fixture_volume,
        help="records seeded per main collection",
    )
    parser.add_argument(
        "--rate-limit",
        action="append",
        default=[],
        metavar="API.PLAN=LIMIT",
        help="override a plan's limit, e.g. example.free=5/60s or tw.starter=2/1s+4",
    )
    parser.add_argument("--no-rate-limits", action="store_true", help="disable every rate limit")
    parser.add_argument(
        "--validate-responses",
        action="store_true",
        help="check every response against the spec (a mismatch becomes a 500)",
    )
    parser.add_argument(
        "--max-body-bytes", type=int, default=None, help="override every API's request body limit"
    )
    parser.add_argument("--access-log", action="store_true", help="log every request")
    parser.add_argument(
        "--webhook-any-host",
        action="store_true",
        help="deliver webhooks to any host (default: loopback targets only)",
    )
    parser.add_argument(
        "--token-secret",
        default=None,
        help="key signing tokens and cursors (default: a new one per process)",
    )
    limits = parser.add_argument_group("limits and safety (see README)")
    for name, kind, text in LIMIT_FLAGS:
        default = getattr(defaults, name)
        limits.add_argument(
            "--" + name.replace("_", "-"),
            type=_positive(kind),
            default=default,
            metavar="SECONDS" if kind is float else "N",
            help=f"{text} (default {default})",
        )
    parser.set_defaults(run=run)


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, RateLimit] = {}
    for item in args.rate_limit:
        key, _, value = item.partition("=")
        if "." not in key or not value:
            raise SystemExit(f"--rate-limit expects API.PLAN=LIMIT, got {item!r}")
        overrides[key] = parse_rate_limit(value)
    return replace(
        Settings(),
        host=args.host,
        port=args.port,
        seed=args.seed,
        fixture_volume=args.fixture_volume,
        rate_limit_overrides=overrides,
        rate_limits_enabled=not args.no_rate_limits,
        validate_responses=args.validate_responses,
        max_body_bytes=args.max_body_bytes,
        webhook_any_host=args.webhook_any_host,
        access_log=args.access_log,
        **({"token_secret": args.token_secret} if args.token_secret else {}),
        **{name: getattr(args, name) for name, _, _ in LIMIT_FLAGS},
    )


def banner(apis: list[ApiDefinition], settings: Settings, standalone: bool) -> str:
    origin = f"http://{settings.host}:{settings.port}"
    lines = [
        f"Understudy mock on {origin}  (seed {settings.seed}, "
        f"rate limits {'on' if settings.rate_limits_enabled else 'off'})"
    ]
    for api in apis:
        mount = api.base_path if standalone else api.prefix
        lines.append(
            f"\n  {api.title}: {origin}{mount.rstrip('/')}   "
            f"(docs: {origin}{mount.rstrip('/')}/ui/)"
        )
        for credential in api.credentials:
            lines.append(f"    {credential.how}  — {credential.meaning}")
    for key, limit in settings.rate_limit_overrides.items():
        lines.append(f"\n  rate limit override {key} = {limit}")
    lines.append(
        f"\n  admin: {origin}/__admin/health | POST /__admin/reset | "
        "/__admin/requests | /__admin/webhooks"
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from mockserver.app import create_app
    from mockserver.http_limits import uvicorn_options

    settings = settings_from_args(args)
    apis = definitions([args.api] if args.api else None)
    standalone = args.api is not None
    app = create_app(apis, settings, standalone=standalone)
    print(banner(apis, settings, standalone), flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=settings.access_log,
        timeout_keep_alive=5,
        **uvicorn_options(settings),
    )
    return 0
