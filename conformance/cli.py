"""`understudy conform` and `understudy lint`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conformance.lint import lint_all
from conformance.profile import SPEC_DIR
from conformance.runner import ALL_PHASES, GateOptions, run_gate
from conformance.spectral import SpectralError, find_cli


def register(commands: Any) -> None:
    from conformance.apis import PROFILES

    parser = commands.add_parser(
        "conform",
        help="check a server at a URL against an API's spec",
        description="Schemathesis (all phases, all checks) plus Understudy's own checks. "
        "Exit 0 only if the server conforms.",
    )
    parser.add_argument("--api", required=True, choices=sorted(PROFILES))
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
        "Tweetworks: the Basic credentials)",
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
        "read, change or delete another's data (TeamWork Live: EMAIL:API_KEY)",
    )
    parser.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    parser.add_argument("--phases", default=",".join(ALL_PHASES))
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--scenarios-only",
        action="store_true",
        help="skip Schemathesis; run only Understudy's scenario checks",
    )
    parser.set_defaults(run=run_conform)


def run_conform(args: argparse.Namespace) -> int:
    from conformance.apis import PROFILES

    headers = {}
    for item in args.header:
        name, sep, value = item.partition(":")
        if not sep:
            raise SystemExit(f"--header expects 'Name: value', got {item!r}")
        headers[name.strip()] = value.strip()
    credentials = _pair(args.credentials, "--credentials")
    second_credentials = _pair(args.second_credentials, "--second-credentials")
    if args.api_key is not None and PROFILES[args.api].default_api_key is None:
        raise SystemExit(f"--api-key: {args.api} has no API key beside its credentials")
    options = GateOptions(
        api=args.api,
        url=args.url,
        headers=headers,
        credentials=credentials,
        api_key=args.api_key,
        second_credentials=second_credentials,
        junit=args.junit,
        phases=tuple(p for p in args.phases.split(",") if p),
        max_examples=args.max_examples,
        seed=args.seed,
        workers=args.workers,
        run_schemathesis=not args.scenarios_only,
    )
    return 0 if run_gate(options).passed else 1


def _pair(text: str | None, option: str) -> tuple[str, str] | None:
    """``USER:PASSWORD`` as a pair (the password may contain colons)."""
    if not text:
        return None
    user, sep, password = text.partition(":")
    if not sep:
        raise SystemExit(f"{option} expects USER:PASSWORD")
    return user, password


def register_lint(commands: Any) -> None:
    parser = commands.add_parser(
        "lint", help="validate every spec (openapi-spec-validator, and Spectral where available)"
    )
    parser.add_argument("--spec-dir", type=Path, default=SPEC_DIR)
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
