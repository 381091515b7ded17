"""`understudy conform` and `understudy lint`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conformance.errors import GateError, UsageError
from conformance.lint import lint_all
from conformance.options import ALL_PHASES, GateOptions
from conformance.profile import SPEC_DIR
from conformance.runner import run_gate
from conformance.spectral import SpectralError, find_cli
from contract import RateLimitSyntaxError, parse_rate_limit

EXIT_CODES = """exit codes:
  0  the server conforms
  1  it does not conform (a check failed; with --strict, also a check that could not run)
  2  usage or configuration error (a bad flag value, unknown API, unreadable spec,
     a credential the target needs but was not given), nothing was tested
  3  the target is unreachable (refused, timed out, or not an HTTP server)"""


def register(commands: Any) -> None:
    from conformance.apis import names

    parser = commands.add_parser(
        "conform",
        help="check a server at a URL against an API's spec",
        description="Schemathesis (all phases, all checks) plus Understudy's own checks.\n"
        "Exit 0 only if the server conforms. Against the local Understudy mock the demo\n"
        "credentials are the defaults; against any other server give its own.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--api", choices=names(), help="the API whose contract to check")
    parser.add_argument(
        "--spec",
        type=Path,
        metavar="FILE",
        help="gate any OpenAPI 3.0/3.1 document instead of a built-in API",
    )
    parser.add_argument(
        "--url", required=True, help="the API's base URL, e.g. http://127.0.0.1:8000/example/v1"
    )
    parser.add_argument(
        "--header",
        "-H",
        action="append",
        default=[],
        metavar="'K: V'",
        help="a header for every request (e.g. the Authorization header)",
    )
    parser.add_argument(
        "--credentials",
        metavar="USER:PASSWORD",
        help="log in with these instead of a header (APIs with a login flow; "
        "Tweetworks: the Basic credentials); default on the local mock: a demo account",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help="the deployment's API key, in place of the demo key (APIs whose requests "
        "carry a key beside the credentials; Tweetworks: data[key])",
    )
    parser.add_argument(
        "--second-credentials",
        metavar="USER:PASSWORD",
        help="another account of the deployment, for the checks that one account cannot "
        "read, change or delete another's data (TeamWork Live: EMAIL:API_KEY); "
        "without it those checks are SKIPPED",
    )
    parser.add_argument(
        "--plan",
        help="the rate-limit plan of the credentials (see the spec's x-rate-limits); "
        "default: any documented plan",
    )
    parser.add_argument(
        "--limit",
        dest="rate_limit",
        metavar="LIMIT",
        help="the limit the deployment applies to the credentials when it is not a "
        "documented plan's (COUNT/PERIOD[+BURST], e.g. 60/1m)",
    )
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write a JUnit XML report here")
    parser.add_argument(
        "--phases",
        default=",".join(ALL_PHASES),
        help="Schemathesis phases, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--max-examples", default="25", help="examples per operation (default: %(default)s)"
    )
    parser.add_argument("--seed", default="1", help="Schemathesis' seed (default: %(default)s)")
    parser.add_argument(
        "--workers", default="1", help="concurrent Schemathesis workers (default: %(default)s)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail when any check or scenario could not run (SKIPPED), e.g. in a release "
        "gate that must cover account isolation",
    )
    parser.add_argument(
        "--scenarios-only",
        action="store_true",
        help="skip Schemathesis; run only Understudy's scenario checks",
    )
    parser.set_defaults(run=run_conform)


def run_conform(args: argparse.Namespace) -> int:
    try:
        return 0 if run_gate(options_from(args)).passed else 1
    except GateError as exc:
        print(f"understudy conform: {exc}", file=sys.stderr)
        return exc.exit_code


def options_from(args: argparse.Namespace) -> GateOptions:
    """The command line as options; every value's syntax checked (UsageError)."""
    headers = {}
    for item in args.header:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise UsageError(f"--header expects 'Name: value', got {item!r}")
        headers[name.strip()] = value.strip()
    if (args.api is None) == (args.spec is None):
        raise UsageError("give --api NAME or --spec FILE (one of them)")
    profile = None
    if args.spec is not None:
        from conformance.generic import generic_profile
        from contract import SpecError

        try:
            profile = generic_profile(args.spec)
        except SpecError as exc:
            raise UsageError(str(exc)) from None
    rate_limit = None
    if args.rate_limit is not None:
        try:
            rate_limit = parse_rate_limit(args.rate_limit)
        except RateLimitSyntaxError as exc:
            raise UsageError(f"--limit: {exc}") from None
    return GateOptions(
        api=args.api or (profile.name if profile else ""),
        profile=profile,
        url=args.url,
        headers=headers,
        credentials=_pair(args.credentials, "--credentials"),
        api_key=args.api_key,
        second_credentials=_pair(args.second_credentials, "--second-credentials"),
        junit=args.junit,
        phases=tuple(p.strip() for p in args.phases.split(",") if p.strip()),
        max_examples=_integer(args.max_examples, "--max-examples"),
        seed=_integer(args.seed, "--seed"),
        workers=_integer(args.workers, "--workers"),
        run_schemathesis=not args.scenarios_only,
        strict=args.strict,
        plan=args.plan,
        rate_limit=rate_limit,
    )


def _integer(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"{option} expects a whole number, got {text!r}") from None


def _pair(text: str | None, option: str) -> tuple[str, str] | None:
    """``USER:PASSWORD`` as a pair (the password may contain colons)."""
    if text is None:
        return None
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise UsageError(f"{option} expects USER:PASSWORD, got {text!r}")
    return user, password


def register_lint(commands: Any) -> None:
    parser = commands.add_parser(
        "lint", help="validate every spec (openapi-spec-validator, and Spectral where available)"
    )
    parser.add_argument(
        "--spec-dir", type=Path, default=SPEC_DIR, help="lint the *.yaml documents in this folder"
    )
    parser.add_argument(
        "--spectral",
        type=Path,
        metavar="PATH",
        help="the Spectral CLI (default: .tools/node_modules/.bin/spectral, then PATH)",
    )
    parser.add_argument(
        "--require-spectral",
        action="store_true",
        help="fail when the Spectral CLI is not found instead of skipping it",
    )
    parser.set_defaults(run=run_lint)


def run_lint(args: argparse.Namespace) -> int:
    spectral = find_cli(args.spec_dir, args.spectral)
    if spectral is None and (args.require_spectral or args.spectral is not None):
        where = args.spectral or "in .tools/node_modules/.bin or on PATH (make spectral)"
        print(f"understudy lint: Spectral CLI not found: {where}", file=sys.stderr)
        return 2
    if spectral is None:
        print("Spectral CLI not found: skipped (make spectral installs it)")
    else:
        print(f"Spectral: {spectral}")
    try:
        results = lint_all(args.spec_dir, spectral)
    except SpectralError as exc:
        print(f"understudy lint: {exc}", file=sys.stderr)
        return 2
    if not results:
        print(f"no specs in {args.spec_dir}")
        return 1
    for path, problems in results.items():
        print(f"{'ok  ' if not problems else 'FAIL'} {path.name}")
        for problem in problems:
            print(f"       {problem}")
    return 0 if not any(results.values()) else 1
