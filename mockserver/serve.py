"""`understudy mock`: settings from the command line, a banner, uvicorn."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from mockserver.apis import available, definitions
from mockserver.core.faults import GRAMMAR as FAULT_GRAMMAR
from mockserver.core.latency import GRAMMAR as LATENCY_GRAMMAR
from mockserver.core.ratelimit import RateLimit, parse_rate_limit
from mockserver.core.rules import RuleError, rule_from_text
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
        "--latency",
        action="append",
        default=[],
        type=_rule_text("latency"),
        metavar="[SCOPE=]DIST[@RATE]",
        help=f"delay matching requests; DIST: {LATENCY_GRAMMAR}; SCOPE: API, "
        "API.OPERATION_ID or API:/path/{template} (default: every API); RATE: probability "
        "0..1 (default 1). E.g. --latency example=lognormal:200ms:0.5 --latency 100-300ms",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        type=_rule_text("fault"),
        metavar="[SCOPE=]KIND[@RATE]",
        help=f"break matching requests; KIND: {FAULT_GRAMMAR}; SCOPE and RATE as for "
        "--latency. E.g. --fault tw=reset@0.1 --fault 'teamworklive:/projects.{format}=503@0.5'",
    )
    parser.add_argument(
        "--reload",
        action="store_true",
        help="serve edited specs and API packages without a restart (a spec that no longer "
        "loads keeps the last good version serving; see /__admin/health)",
    )
    parser.set_defaults(run=run)


def _rule_text(kind: str) -> Callable[[str], str]:
    """An argparse type: the rule text, once it parses (scopes are checked at start)."""

    def check(text: str) -> str:
        try:
            rule_from_text(text, kind)
        except RuleError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return check


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
        latency_rules=tuple(args.latency),
        fault_rules=tuple(args.fault),
    )


def reloading_app(apis: list[ApiDefinition], settings: Settings, standalone: bool) -> Any:
    """The mock behind :class:`~mockserver.reload.ReloadingApp`."""
    from mockserver.app import create_app
    from mockserver.reload import ReloadingApp, ReloadStatus

    def build(definitions: Sequence[ApiDefinition], status: ReloadStatus) -> Any:
        return create_app(
            definitions, settings, standalone=standalone, reload_status=status.as_json
        )

    return ReloadingApp(apis, settings, build)


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
    for text in settings.latency_rules:
        lines.append(f"\n  latency {text}")
    for text in settings.fault_rules:
        lines.append(f"\n  fault {text}")
    lines.append(
        f"\n  admin: {origin}/__admin/health | POST /__admin/reset | "
        "/__admin/requests | /__admin/webhooks | /__admin/rules"
    )
    lines.append(
        f"  index of every API: {origin}/   force a response: `Prefer: code=404`, "
        "`Prefer: latency=300ms`, `Prefer: fault=reset` (README)"
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from mockserver.app import create_app, load_spec
    from mockserver.core.admin_rules import rule_book
    from mockserver.core.operations import Operations

    settings = settings_from_args(args)
    apis = definitions([args.api] if args.api else None)
    standalone = args.api is not None
    try:
        # Rules are checked against the contracts before any state is seeded.
        rule_book(
            {a.name: Operations(load_spec(settings.spec_dir / a.spec_file)) for a in apis}, settings
        )
        app: Any = (
            reloading_app(apis, settings, standalone)
            if args.reload
            else create_app(apis, settings, standalone=standalone)
        )
    except RuleError as exc:
        print(f"understudy mock: error: {exc}", file=sys.stderr)
        return 2
    print(banner(apis, settings, standalone), flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=settings.access_log,
    )
    return 0
