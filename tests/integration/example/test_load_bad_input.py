"""Every bad command line of `understudy load` gets one clear line and an exit code that
cannot be mistaken for "limit violated" (1): 2 usage, 3 server unreachable, 4 tool failure."""

from __future__ import annotations

import pytest

from loadtests.exitcodes import ExitCode
from tests.support.load import load_command, read_verdict, run
from tests.support.server import MockServer, free_port

pytestmark = pytest.mark.load


def closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"


def assert_one_clear_line(output: str, *words: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if line.startswith("understudy load:")]
    assert len(lines) == 1, output[-3000:]
    assert all(word in lines[0] for word in words), lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--processes", "0"], ["--processes", "at least 1"]),
        (["--limit", "20/5x"], ["not a rate limit", "COUNT/PERIOD"]),
        (["--limit", "4/1s+8"], ["fixed windows", "+8"]),
        (["--plan", "gold"], ["unknown plan", "free"]),
    ],
    ids=["processes 0", "limit does not parse", "burst on a fixed window", "unknown plan"],
)
def test_a_bad_command_line_is_a_usage_error(args, words):
    result = run(load_command("example", "--url", closed_url(), *args))
    assert result.returncode == ExitCode.USAGE
    assert_one_clear_line(result.stderr, *words)


def test_an_unreachable_server_is_not_a_violation():
    result = run(load_command("example", "--url", closed_url(), "--limit", "10/3s"))
    assert result.returncode == ExitCode.UNREACHABLE
    assert_one_clear_line(result.stderr, "cannot reach")


def test_an_unreachable_master_is_a_tool_failure():
    port = free_port()
    command = load_command(
        "example", "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)
    )
    result = run([*command, "--master-wait", "1"])
    assert result.returncode == ExitCode.TOOL_FAILURE
    assert_one_clear_line(result.stderr, "cannot reach the Locust master", str(port))


def test_a_master_no_worker_joins_gives_up_in_bounded_time_as_a_tool_failure(tmp_path):
    with MockServer(["example"], standalone=True) as mock:
        result = run(
            load_command(
                "example", "--url", f"{mock.origin}/v1", "--master", "--expect-workers", "2",
                "--worker-wait", "3", "--master-bind-port", str(free_port()),
                "--json", str(tmp_path / "v.json"),
            ),
            timeout=90,
        )  # fmt: skip
    assert result.returncode == ExitCode.TOOL_FAILURE, result.stdout[-2000:] + result.stderr
    verdict = read_verdict(tmp_path / "v.json")
    assert verdict["verdict"] == "TOOL FAILURE"
    assert "no worker joined within 3s: 0 of 2" in verdict["reasons"][0]
    assert "TOOL FAILURE" in result.stdout and "LIMIT VIOLATED" not in result.stdout


def test_help_documents_every_exit_code():
    result = run([*load_command("example"), "--help"])
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for code, meaning in (
        (0, "limit holds"),
        (1, "limit violated"),
        (2, "bad command line"),
        (3, "server unreachable"),
        (4, "tool failure"),
    ):
        assert f"{code} {meaning}" in text, text[-800:]
