"""`understudy mock --latency/--fault`: a bad rule is one clear line and exit code 2."""

from __future__ import annotations

import argparse

import pytest

from mockserver import serve


def parser() -> argparse.ArgumentParser:
    built = argparse.ArgumentParser(prog="understudy")
    serve.register(built.add_subparsers(dest="command", required=True))
    return built


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--latency", "-1"], "cannot be negative"),
        (["--latency", "10h"], "above the maximum of 60s"),
        (["--latency", "lognormal:200ms"], "lognormal:MEDIAN:SIGMA"),
        (["--fault", "tw=reset@1.5"], "rate must be from 0 to 1"),
        (["--fault", "explode"], "unknown fault"),
    ],
)
def test_a_bad_rule_syntax_exits_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parser().parse_args(["mock", *argv])
    assert exited.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("understudy mock: error: argument") and message in last


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--api", "tw", "--fault", "tw.no_such_operation=reset"], "unknown operationId"),
        (["--api", "wrgl", "--latency", "nope=5ms"], "unknown api 'nope'"),
        (["--api", "wrgl", "--latency", "tw=5ms"], "unknown api 'tw'"),
    ],
)
def test_an_unknown_scope_exits_2_before_serving(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parser().parse_args(["mock", "--port", "0", *argv])
    assert args.run(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"understudy mock: error: {message}") and "\n" not in err


def test_rules_and_reload_are_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["mock", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for fragment in (
        "--latency [SCOPE=]DIST[@RATE]",
        "lognormal:MEDIAN:SIGMA",
        "--fault",
        "--reload",
    ):
        assert fragment in text
