"""`understudy mock`: settings from the command line, a banner, uvicorn."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import contract
from contract.ratelimit import GRAMMAR, RateLimit, RateLimitSyntaxError, parse_rate_limit
from mockserver.apis import available, definitions
from mockserver.core.faults import GRAMMAR as FAULT_GRAMMAR
from mockserver.core.ietf_ratelimit import STYLES as IETF_STYLES
from mockserver.core.latency import GRAMMAR as LATENCY_GRAMMAR
from mockserver.core.rules import RuleError, rule_from_text
from mockserver.settings import Settings

if TYPE_CHECKING:
    from mockserver.core.runtime import ApiDefinition


class UsageError(Exception):
    """A command line or spec the mock cannot serve: one line, exit 2."""


def own_specs(args: argparse.Namespace) -> tuple[list[ApiDefinition], bool]:
    """The definitions for `--spec` (beside the five with `--with-apis`), and whether
    they are served standalone (one spec, at its base path)."""
    from contract import SpecError
    from mockserver.generic import AcceptRule, AcceptRuleError, generic_definition

    if args.api:
        raise UsageError("--api and --spec: give one (use --with-apis to add the five)")
    if args.base_path and len(args.base_path) != len(args.spec):
        raise UsageError(f"--base-path: give one per --spec ({len(args.spec)}), or none")
    try:
        rules = tuple(AcceptRule.parse(rule) for rule in args.accept)
    except AcceptRuleError as exc:
        raise UsageError(str(exc)) from None
    own: list[ApiDefinition] = []
    names: set[str] = set(available()) if args.with_apis else set()
    for index, path in enumerate(args.spec):
        base = args.base_path[index] if args.base_path else None
        try:
            made = generic_definition(path, base_path=base, accept=rules)
        except SpecError as exc:
            raise UsageError(str(exc)) from None
        name, suffix = made.name, 2
        while name in names:
            name, suffix = f"{made.name}-{suffix}", suffix + 1
        names.add(name)
        prefix = f"/{name}{made.base_path.rstrip('/')}"
        own.append(replace(made, name=name, prefix=prefix))
    if args.with_apis:
        return definitions(None) + own, False
    if len(own) == 1:
        return own, True
    mounts = [d.base_path.rstrip("/") for d in own]
    if len(set(mounts)) != len(mounts) or "" in mounts:
        raise UsageError("several --spec share a base path: give each its own --base-path")
    return [replace(d, prefix=d.base_path) for d in own], False


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
    parser.add_argument(
        "--spec",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="serve your own OpenAPI 3.0/3.1 document, stateful (repeatable)",
    )
    parser.add_argument(
        "--base-path",
        action="append",
        default=[],
        metavar="PATH",
        help="where a --spec is served (default: its servers URL's path); one per --spec",
    )
    parser.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="RULE",
        help="a credential the --spec mocks accept: bearer:TOKEN, basic:USER:PASSWORD or "
        "apikey:NAME=VALUE (default: any well-formed credential)",
    )
    parser.add_argument(
        "--with-apis",
        action="store_true",
        help="serve the five built-in APIs too, under their prefixes (--spec ones under "
        "/<file name><base path>)",
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
    parser.add_argument(
        "--key-rate-limit",
        action="append",
        default=[],
        type=key_rate_limit,
        metavar="API:KEY=LIMIT",
        help="a custom limit for one API key instead of its plan's, "
        "e.g. tw:tw_enterprise_demo=50/1s+100 (TW's Enterprise 'Custom')",
    )
    parser.add_argument("--no-rate-limits", action="store_true", help="disable every rate limit")
    parser.add_argument(
        "--ratelimit-headers",
        choices=IETF_STYLES,
        default=defaults.rate_limit_headers,
        help="x: each API's documented X-RateLimit-* headers; ietf: the IETF RateLimit-Policy "
        "and RateLimit fields instead (draft-ietf-httpapi-ratelimit-headers)",
    )
    parser.add_argument(
        "--validate-responses",
        action="store_true",
        help="check every response against the spec (a mismatch becomes a 500)",
    )
    parser.add_argument(
        "--no-express-lane",
        action="store_true",
        help="walk Connexion's whole middleware stack for every request (slower, same answers)",
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


def _rule_text(kind: str) -> Callable[[str], str]:
    """An argparse type: the rule text, once it parses (scopes are checked at start)."""

    def check(text: str) -> str:
        try:
            rule_from_text(text, kind)
        except RuleError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return check


def key_rate_limit(item: str) -> tuple[str, RateLimit]:
    """``API:KEY=LIMIT``: a custom limit for one API key (TW's Enterprise 'Custom')."""
    key, _, value = item.rpartition("=")
    api, _, api_key = key.partition(":")
    if not api or not api_key or not value:
        raise argparse.ArgumentTypeError(f"expected API:KEY=LIMIT, got {item!r}")
    if api not in available():
        raise argparse.ArgumentTypeError(f"unknown API {api!r}; known: {', '.join(available())}")
    try:
        return key, parse_rate_limit(value)
    except RateLimitSyntaxError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, RateLimit] = dict(args.rate_limit)
    key_limits: dict[str, RateLimit] = dict(args.key_rate_limit)
    return replace(
        Settings(),
        host=args.host,
        port=args.port,
        seed=args.seed,
        fixture_volume=args.fixture_volume,
        rate_limit_overrides=overrides,
        key_rate_limits=key_limits,
        rate_limits_enabled=not args.no_rate_limits,
        rate_limit_headers=args.ratelimit_headers,
        validate_responses=args.validate_responses,
        express_lane=not args.no_express_lane,
        max_body_bytes=args.max_body_bytes,
        webhook_any_host=args.webhook_any_host,
        access_log=args.access_log,
        settle_heap=True,
        **({"token_secret": args.token_secret} if args.token_secret else {}),
        **{name: getattr(args, name) for name, _, _ in LIMIT_FLAGS},
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
        lines.extend(limits_in_force(api, settings))
    for key, limit in settings.key_rate_limits.items():
        lines.append(f"\n  custom rate limit for {key} = {limit}")
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
    from connexion.exceptions import InvalidSpecification

    from mockserver.app import create_app

    settings = settings_from_args(args)
    try:
        if args.spec:
            apis, standalone = own_specs(args)
        else:
            apis = definitions([args.api] if args.api else None)
            standalone = args.api is not None
        # create_app reads each spec once and checks --latency/--fault against it (RuleError).
        app: Any = (
            reloading_app(apis, settings, standalone)
            if args.reload
            else create_app(apis, settings, standalone=standalone)
        )
    except (UsageError, RuleError, contract.SpecError) as exc:
        print(f"understudy mock: error: {exc}", file=sys.stderr)
        return 2
    except InvalidSpecification as exc:
        detail = str(exc.message if hasattr(exc, "message") else exc).splitlines()[0]
        print(f"understudy mock: error: not a valid OpenAPI document: {detail}", file=sys.stderr)
        return 2
    print(banner(apis, settings, standalone), flush=True)
    serve_app(app, settings)
    return 0


def serve_app(app: Any, settings: Settings) -> None:
    """Serves ``app`` with uvicorn as ``understudy mock`` does, until interrupted."""
    import uvicorn

    from mockserver.http_limits import uvicorn_options

    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=settings.access_log,
        timeout_keep_alive=5,
        **uvicorn_options(settings),
    )
