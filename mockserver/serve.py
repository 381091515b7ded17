"""`understudy mock`: settings from the command line, a banner, uvicorn."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import contract
from contract.ratelimit import GRAMMAR, RateLimit, RateLimitSyntaxError, parse_rate_limit
from mockserver.apis import available, definitions
from mockserver.settings import Settings

if TYPE_CHECKING:
    from mockserver.core.runtime import ApiDefinition


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
    parser.add_argument("--host", default=defaults.host, help="address to listen on")
    parser.add_argument("--port", type=int, default=defaults.port, help="port to listen on")
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
        type=rate_limit_override,
        metavar="API.PLAN=LIMIT",
        help=f"override a plan's limit, e.g. example.free=5/1m or tw.starter=2/1s+4 ({GRAMMAR})",
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


def rate_limit_override(item: str) -> tuple[str, RateLimit]:
    """``API.PLAN=LIMIT`` as a settings key and limit; the API and plan must be documented."""
    key, sep, value = item.partition("=")
    api, dot, plan = key.partition(".")
    if not sep or not dot or not value:
        raise argparse.ArgumentTypeError(f"expected API.PLAN=LIMIT, got {item!r}")
    limited = [name for name in contract.names() if contract.limits(name) is not None]
    if api not in limited:
        raise argparse.ArgumentTypeError(
            f"{api!r} has no documented rate limit; APIs with one: {', '.join(limited)}"
        )
    facts = contract.limits(api)
    assert facts is not None
    if plan not in facts.plans:
        raise argparse.ArgumentTypeError(
            f"{api} has no plan {plan!r}; its plans: {', '.join(facts.plans)}"
        )
    try:
        return key, parse_rate_limit(value)
    except RateLimitSyntaxError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, RateLimit] = dict(args.rate_limit)
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
        lines.extend(limits_in_force(api, settings))
    lines.append(
        f"\n  admin: {origin}/__admin/health | POST /__admin/reset | "
        "/__admin/requests | /__admin/webhooks"
    )
    return "\n".join(lines)


def limits_in_force(api: ApiDefinition, settings: Settings) -> list[str]:
    """Banner lines: each documented plan's limit as this process enforces it."""
    facts = contract.limits(api.name) if api.name in contract.names() else None
    if facts is None:
        return []
    if not settings.rate_limits_enabled:
        return ["    rate limits: off (--no-rate-limits)"]
    shown = []
    for plan, documented in facts.plans.items():
        key = f"{api.name}.{plan}"
        limit = settings.rate_limit_overrides.get(key, documented)
        text = str(limit) if limit is not None else "no limit"
        shown.append(
            f"{plan} {text}" + (" (override)" if key in settings.rate_limit_overrides else "")
        )
    return [f"    rate limits in force: {', '.join(shown)}"]


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
