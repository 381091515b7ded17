"""The `understudy` command as a user runs it: a process, its exit code, its one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from understudy import __version__


def understudy(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "understudy", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_version():
    result = understudy("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"understudy {__version__}")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["bogus"], "invalid choice: 'bogus'"),
        (["mock", "--rate-limit", "exampel.free=2/1s"], "'exampel' has no documented rate limit"),
        (["mock", "--rate-limit", "example.gold=2/1s"], "example has no plan 'gold'"),
        (["mock", "--rate-limit", "example.free=2/1x"], "not a rate limit: '2/1x'"),
        (["mock", "--rate-limit", "example.free"], "expected API.PLAN=LIMIT"),
        (["mock", "--api", "nope"], "invalid choice: 'nope'"),
        (["mock", "--port", "eighty"], "invalid int value: 'eighty'"),
    ],
)
def test_a_bad_command_line_is_one_line_and_exit_2(args, says):
    result = understudy(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "Traceback" not in result.stderr


IMPORTS = """
import sys
from understudy.cli import build_parser
build_parser({verb!r}).parse_args({argv!r})
{extra}
heavy = sorted(m for m in {forbidden!r} if m in sys.modules)
print(",".join(heavy))
"""


@pytest.mark.parametrize(
    ("verb", "argv", "extra", "forbidden"),
    [
        ("conform", ["conform", "--api", "example", "--url", "http://h/v1"], "", ["connexion"]),
        ("lint", ["lint"], "", ["connexion", "locust"]),
        ("load", ["load", "--api", "example", "--url", "http://h/v1"], "", ["connexion"]),
        (
            "mock",
            ["mock"],
            "from mockserver.app import create_app\n"
            "from mockserver.apis import definitions\n"
            "from mockserver.settings import Settings\n"
            "create_app(definitions(), Settings())",
            ["schemathesis", "locust"],
        ),
    ],
)
def test_each_verb_imports_only_its_own_pillar(verb, argv, extra, forbidden):
    code = IMPORTS.format(verb=verb, argv=argv, extra=extra, forbidden=forbidden)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
