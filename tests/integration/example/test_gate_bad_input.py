"""`understudy conform` with bad input: every flag value is checked before any request
(exit 2), an unreachable or non-HTTP target is exit 3, each as one line on stderr and
no traceback (the real CLI in its own process)."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from conformance.errors import GateError
from conformance.options import GateOptions
from conformance.runner import run_gate
from mockserver.apis import definitions
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.support.gate import conform
from tests.support.server import LiveServer, free_port

DEAD = f"http://127.0.0.1:{free_port()}/v1"
"""Nothing listens here: a flag error must be found before this is ever called."""

USAGE_ERRORS = {
    "phase": (("--url", DEAD, "--phases", "exampels"), "unknown phase 'exampels'"),
    "empty phases": (("--url", DEAD, "--phases", ","), "--phases is empty"),
    "max examples": (("--url", DEAD, "--max-examples", "many"), "--max-examples"),
    "zero examples": (("--url", DEAD, "--max-examples", "0"), "at least 1"),
    "workers": (("--url", DEAD, "--workers", "0"), "--workers"),
    "seed": (("--url", DEAD, "--seed", "x"), "--seed"),
    "no scheme": (("--url", DEAD.removeprefix("http://")), "no http:// or https:// scheme"),
    "other scheme": (("--url", DEAD.replace("http", "ftp")), "scheme"),
    "no host": (("--url", "http:///v1"), "names no host"),
    "bad port": (("--url", "http://127.0.0.1:99999/v1"), "invalid port"),
    "query": (("--url", DEAD + "?x=1"), "without a query"),
    "not the base path": (("--url", DEAD.replace("/v1", "/v2")), "base path '/v1'"),
    "an operation's path": (("--url", DEAD + "/resources"), "base path '/v1'"),
    "header": (("--url", DEAD, "--header", "no colon"), "--header expects"),
    "credentials": (("--url", DEAD, "--credentials", "nopassword"), "--credentials expects"),
    "second": (("--url", DEAD, "--second-credentials", ":x"), "--second-credentials"),
    "api key": (("--url", DEAD, "--api-key", "k"), "example has no API key"),
    "plan": (("--url", DEAD, "--plan", "gold"), "unknown plan 'gold'"),
    "rate limit": (("--url", DEAD, "--limit", "fast"), "--limit: not a rate limit"),
    "junit is a folder": (("--url", DEAD, "--junit", "/tmp"), "is a directory"),
}


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("case", list(USAGE_ERRORS))
def test_a_bad_flag_value_is_exit_2_in_one_line(case):
    args, evidence = USAGE_ERRORS[case]
    _, url, *rest = args
    result = conform("example", url, *rest)
    assert result.returncode == 2, result.stdout + result.stderr
    line = one_line(result.stderr)
    assert line.startswith("understudy conform: ") and evidence in line, line
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_plan_for_an_api_without_limits_is_refused():
    result = conform("wrgl", "http://127.0.0.1:9/", "--plan", "free")
    assert result.returncode == 2
    assert "wrgl documents no rate limit" in one_line(result.stderr)


def test_a_path_of_an_operation_is_not_a_base_url():
    result = conform("wrgl", "http://127.0.0.1:9/repos")
    assert result.returncode == 2
    assert "ends in the path of the operation /repos" in one_line(result.stderr)


def test_an_unknown_api_is_exit_2():
    result = conform("exampel", DEAD)
    assert result.returncode == 2 and "invalid choice: 'exampel'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dead_port_is_exit_3_in_one_line():
    result = conform("example", DEAD)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "cannot connect to" in one_line(result.stderr) and result.stdout == ""


def serve_once(reply: bytes | None) -> Iterator[str]:
    """A TCP server on loopback that answers every connection with ``reply`` (not HTTP)
    or, when None, reads and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(connection)
            if reply is not None:
                # read the request first: closing on unread data would be a reset, not
                # the non-HTTP answer this server stands for
                connection.settimeout(2)
                with contextlib.suppress(OSError):
                    connection.recv(65536)
                connection.sendall(reply)
                connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


@pytest.fixture()
def not_http() -> Iterator[str]:
    yield from serve_once(b"SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n")


@pytest.fixture()
def silent() -> Iterator[str]:
    yield from serve_once(None)


def test_a_server_that_is_not_http_is_exit_3_in_one_line(not_http):
    result = conform("example", not_http)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "does not speak HTTP" in one_line(result.stderr)


def test_a_server_that_never_answers_is_exit_3_in_one_line(silent):
    result = conform("example", silent)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "did not answer within" in one_line(result.stderr)


def test_help_documents_the_exit_codes():
    result = conform("example", DEAD, "--help")
    assert result.returncode == 0
    for line in ("0  the server conforms", "2  usage or configuration", "3  the target is"):
        assert line in result.stdout


def test_schemathesis_usage_text_never_reaches_the_user():
    """Were Schemathesis to refuse its command line, the gate says so in one line."""
    app = create_app(definitions(["example"]), Settings(), standalone=True)
    printed = io.StringIO()
    options = GateOptions("example", "", phases=("examples",), extra_args=("--no-such-option",))
    with LiveServer(app) as server:
        options = replace(options, url=f"{server.origin}/v1")
        with pytest.raises(GateError) as refused:
            run_gate(options, out=printed)
    assert refused.value.exit_code == 2
    message = str(refused.value)
    assert message.startswith("Schemathesis refused the command line: No such option")
    assert "\n" not in message
    assert "Usage:" not in printed.getvalue() and "Try '" not in printed.getvalue()
