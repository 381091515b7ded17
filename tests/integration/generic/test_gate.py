"""`understudy conform --spec`: passes against `understudy mock --spec` and fails against
servers that get one thing wrong (each a near-miss a real implementation could make)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.support.generic import DATA, SpecServer
from tests.support.generic_gate import ROOT, conform
from tests.support.server import LiveServer
from tests.support.tamper import Rewrite, Tamper

PETS = DATA / "petstore-expanded.yaml"
CONDUIT = DATA / "realworld-conduit.yaml"


@pytest.fixture()
def pets() -> Iterator[SpecServer]:
    with SpecServer(PETS) as server:
        yield server


def test_scenarios_pass_with_nested_resources_and_pages() -> None:
    with SpecServer(CONDUIT) as server:
        result = conform(CONDUIT, server.url, "--scenarios-only", "-H", "Authorization: Token t")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "ok   pages /articles" in result.stdout


def _served(server: SpecServer, wrapper: Any) -> LiveServer:
    return LiveServer(wrapper(server.app))


def _pets_gate(wrapped: LiveServer) -> subprocess.CompletedProcess[str]:
    with wrapped:
        return conform(PETS, wrapped.origin + "/v2", "--scenarios-only")


def test_fails_when_a_field_is_dropped(pets: SpecServer) -> None:
    def drop_tag(scope: Scope, status: int, body: Any) -> tuple[int, Any, None]:
        if scope["method"] == "GET" and isinstance(body, dict):
            body.pop("tag", None)
        return status, body, None

    result = _pets_gate(_served(pets, lambda app: Tamper(app, drop_tag)))
    assert result.returncode == 1
    assert "field 'tag' was not stored" in result.stdout


def test_fails_on_an_undocumented_status(pets: SpecServer) -> None:
    def created(scope: Scope, status: int, body: Any) -> tuple[int, Any, None]:
        return (201 if scope["method"] == "POST" and status == 200 else status), body, None

    result = _pets_gate(_served(pets, lambda app: Tamper(app, created)))
    assert result.returncode == 1
    assert "POST /v2/pets: expected 200, got 201" in result.stdout


class ForgetfulCreate:
    """Answers POST on the collection as if created, but stores nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.runtimes = getattr(app, "runtimes", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/v2/pets":
            body = json.dumps({"id": 987654, "name": "doggie", "tag": "dog"}).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def test_fails_when_a_create_cannot_be_read_back(pets: SpecServer) -> None:
    result = _pets_gate(_served(pets, ForgetfulCreate))
    assert result.returncode == 1
    assert "GET /v2/pets/987654: expected 200, got 404" in result.stdout
    assert "does not list the created 987654" in result.stdout


def test_fails_when_pages_overlap() -> None:
    def ignore_offset(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, v) for k, v in pairs if k != "offset"]

    with SpecServer(CONDUIT) as server:
        wrapped = LiveServer(Rewrite(server.app, query=ignore_offset))
        with wrapped:
            result = conform(
                CONDUIT, wrapped.origin + "/api", "--scenarios-only", "-H", "Authorization: Token t"
            )
    assert result.returncode == 1
    assert "FAIL pages /articles" in result.stdout and "repeats records" in result.stdout


def test_a_bad_spec_or_command_line_is_exit_2(tmp_path: Path) -> None:
    spec = tmp_path / "x.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n"
        "components: {schemas: {A: {$ref: '#/nowhere'}}}\n"
    )
    bad = conform(spec, "http://127.0.0.1:9")
    assert bad.returncode == 2 and "unresolvable $ref '#/nowhere'" in bad.stderr
    assert "Traceback" not in bad.stderr
    both = subprocess.run(
        [sys.executable, "-m", "understudy", "conform", "--url", "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert both.returncode == 2 and "give --api NAME or --spec FILE" in both.stderr
