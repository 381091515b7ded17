"""`understudy mock`: settings from the command line, a banner, uvicorn."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from mockserver.apis import available, definitions
from mockserver.core.ratelimit import RateLimit, parse_rate_limit
from mockserver.core.runtime import ApiDefinition
from mockserver.settings import Settings


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
    parser.add_argument(
        "--key-rate-limit",
        action="append",
        default=[],
        metavar="API:KEY=LIMIT",
        help="a custom limit for one API key instead of its plan's, "
        "e.g. tw:tw_enterprise_demo=50/1s+100 (TW's Enterprise 'Custom')",
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
    parser.set_defaults(run=run)


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, RateLimit] = {}
    for item in args.rate_limit:
        key, _, value = item.partition("=")
        if "." not in key or not value:
            raise SystemExit(f"--rate-limit expects API.PLAN=LIMIT, got {item!r}")
        overrides[key] = _limit("--rate-limit", value)
    key_limits: dict[str, RateLimit] = {}
    for item in args.key_rate_limit:
        key, _, value = item.rpartition("=")
        api, _, api_key = key.partition(":")
        if not api or not api_key or not value:
            raise SystemExit(f"--key-rate-limit expects API:KEY=LIMIT, got {item!r}")
        if api not in available():
            raise SystemExit(f"--key-rate-limit: unknown API {api!r} in {item!r}")
        key_limits[key] = _limit("--key-rate-limit", value)
    return replace(
        Settings(),
        host=args.host,
        port=args.port,
        seed=args.seed,
        fixture_volume=args.fixture_volume,
        rate_limit_overrides=overrides,
        key_rate_limits=key_limits,
        rate_limits_enabled=not args.no_rate_limits,
        validate_responses=args.validate_responses,
        max_body_bytes=args.max_body_bytes,
        webhook_any_host=args.webhook_any_host,
        access_log=args.access_log,
    )


def _limit(option: str, text: str) -> RateLimit:
    try:
        return parse_rate_limit(text)
    except ValueError as exc:
        raise SystemExit(f"{option}: {exc}") from None


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
    for key, limit in settings.key_rate_limits.items():
        lines.append(f"\n  custom rate limit for {key} = {limit}")
    lines.append(
        f"\n  admin: {origin}/__admin/health | POST /__admin/reset | "
        "/__admin/requests | /__admin/webhooks"
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from mockserver.app import create_app

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
    )
    return 0
