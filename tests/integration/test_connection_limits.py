"""What a connection may send before a request reaches the app is bounded: a long
target is 414, a huge or crowded head is 431 (cut as it arrives), a stalled head or
body is 408 and the connection is closed — on a raw socket, over real TCP."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import MockServer


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(["example"], head_timeout=0.5, body_timeout=0.5) as running:
        yield running


def exchange(server: MockServer, *chunks: bytes) -> bytes:
    """Send ``chunks`` and read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed early: read what it said
        received = b""
        while True:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                return received
            if not piece:
                return received
            received += piece


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_a_long_request_target_is_414(server):
    answer = exchange(
        server, b"GET /example/v1/resources?q=" + b"x" * 20_000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"
    )
    assert status_of(answer) == 414
    assert b'"message"' in answer


def test_an_unterminated_huge_header_is_cut_at_the_limit_with_431(server):
    head = b"GET /__admin/health HTTP/1.1\r\nHost: a\r\nX-Big: "
    answer = exchange(server, head, *[b"y" * 65536 for _ in range(8)])
    assert status_of(answer) == 431


def test_too_many_headers_is_431(server):
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(150))
    answer = exchange(server, b"GET /__admin/health HTTP/1.1\r\nHost: a\r\n" + headers + b"\r\n")
    assert status_of(answer) == 431


def test_a_stalled_head_is_408_and_closed(server):
    answer = exchange(server, b"GET /__admin/health HTTP/1.1\r\nHost: a\r\n")
    assert status_of(answer) == 408


def test_a_stalled_body_is_408_and_closed(server):
    head = (
        b"POST /example/v1/auth/login HTTP/1.1\r\nHost: a\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    answer = exchange(server, head, b'{"email": ')
    assert status_of(answer) == 408


def test_malformed_framing_is_a_json_400(server):
    answer = exchange(server, b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n")
    assert status_of(answer) == 400
    assert answer.rstrip().endswith(b'"message": "Invalid HTTP request (malformed framing)"}')


def test_ordinary_requests_still_pass(server):
    assert httpx.get(f"{server.origin}/__admin/health").status_code == 200
    with httpx.Client() as client:  # keep-alive: several requests on one connection
        for _ in range(3):
            assert client.get(f"{server.origin}/__admin/health").status_code == 200


@pytest.fixture(scope="module")
def patient_bodies() -> Iterator[MockServer]:
    with MockServer(["example"], head_timeout=0.5, body_timeout=3.0) as running:
        yield running


HEALTH = b"GET /__admin/health HTTP/1.1\r\nHost: a\r\n\r\n"


def _until(sock: socket.socket, marker: bytes) -> bytes:
    """What arrives until ``marker`` has (failing if the server closes first)."""
    received = b""
    while marker not in received:
        piece = sock.recv(65536)
        assert piece, f"closed before {marker!r}: {received!r}"
        received += piece
    return received


def _read_answer(sock: socket.socket) -> bytes:
    """One whole answer to a health check (a small JSON body with Content-Length)."""
    received = _until(sock, b"\r\n\r\n")
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(
        next(
            line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        ).split(b":")[1]
    )
    while len(body) < length:
        piece = sock.recv(65536)
        assert piece, "closed mid-body"
        body += piece
    return head


def test_a_keep_alive_connection_outlives_the_head_timeout(patient_bodies):
    """Each request's head deadline is its own: requests spread over more than the head
    timeout on one connection are all answered."""
    with socket.create_connection(("127.0.0.1", patient_bodies.port), timeout=5) as sock:
        for _ in range(4):
            sock.sendall(HEALTH)
            assert status_of(_read_answer(sock)) == 200
            time.sleep(0.2)


def test_a_stalled_head_after_a_body_waits_for_the_head_timeout_not_the_body_one(
    patient_bodies,
):
    """After a request whose body took longer than the head timeout (body timeout 3 s),
    a stalled head on the same
    connection is cut at the head timeout (0.5 s), with a 408 (the answered request
    before it does not turn it into a silent close): the answer arrives well before
    the socket's 2 s read timeout."""
    login = b'{"email": "enterprise@example.com", "password": "demo-password"}'
    with socket.create_connection(("127.0.0.1", patient_bodies.port), timeout=5) as sock:
        sock.sendall(
            b"POST /example/v1/auth/login HTTP/1.1\r\nHost: a\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % len(login)
            + login[:10]
        )
        time.sleep(0.8)  # past the head timeout, within the body's
        sock.sendall(login[10:])
        assert status_of(_until(sock, b"access_token")) == 200
        sock.settimeout(2.0)
        sock.sendall(b"GET /__admin/health HTTP/1.1\r\nHost: a\r\n")
        assert status_of(_until(sock, b"\r\n\r\n")) == 408
