"""`understudy`: mock, conform, load, lint — one command, four verbs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mockserver import serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="understudy",
        description="Contract-first mock server, conformance gate and rate-limit load tests.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve.register(commands)
    from conformance import cli as conformance_cli
    from loadtests import cli as load_cli

    conformance_cli.register(commands)
    load_cli.register(commands)
    conformance_cli.register_lint(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
