"""`understudy`: mock, conform, load, lint — one command, four verbs.

The front door knows each verb's name, one-line help and module, nothing more: the
chosen verb's module is imported to add its flags and run, the others never are, so
``understudy conform --help`` does not import Connexion and ``understudy mock`` does
not import Schemathesis.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from understudy import __version__

EXIT_USAGE = 2
"""Exit code of a bad command line or configuration (every verb)."""


@dataclass(frozen=True)
class Verb:
    """A subcommand: the module whose ``register(commands)`` adds its parser."""

    module: str
    help: str
    register: str = "register"


VERBS = {
    "mock": Verb("mockserver.serve", "serve the mock APIs (all five, one, or your own spec)"),
    "conform": Verb("conformance.cli", "check a server at a URL against an API's contract"),
    "load": Verb("loadtests.cli", "drive a server at and above its documented rate limits"),
    "lint": Verb("conformance.cli", "validate every contract", register="register_lint"),
}


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions as written; every flag's help ends with its default, when it has one."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        shown = default not in (None, False, "", [], argparse.SUPPRESS)
        if "%(default)" not in text and action.option_strings and shown:
            text += " (default: %(default)s)"
        return text


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line: ``understudy VERB: error: ...``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def chosen_verb(argv: Sequence[str]) -> str | None:
    """The verb named on the command line (the first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in VERBS else None
    return None


def build_parser(verb: str | None) -> Parser:
    """The top parser, with the full flags of ``verb`` only (others as one-line stubs)."""
    parser = Parser(
        prog="understudy",
        description="Contract-first mock server, conformance gate and rate-limit load tests.",
        epilog="Exit codes: 0 ok, 1 does not conform / limit violated, 2 usage or "
        "configuration error, 3 target unreachable (conform, load).",
    )
    parser.add_argument("--version", action="version", version=f"understudy {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{" + ",".join(VERBS) + "}", parser_class=Parser
    )
    for name, spec in VERBS.items():
        if name == verb:
            getattr(importlib.import_module(spec.module), spec.register)(commands)
        else:
            commands.add_parser(name, help=spec.help, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    verb = chosen_verb(words)
    parser = build_parser(verb)
    args = parser.parse_args(words)
    try:
        return int(args.run(args) or 0)
    except argparse.ArgumentTypeError as exc:  # a flag value a verb refused after parsing
        parser.exit(EXIT_USAGE, f"understudy {verb}: error: {exc}\n")
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
