"""`understudy mock --spec` as a user runs it: a real process, alone or beside the five."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.generic import DATA
from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def running(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    command = [sys.executable, "-m", "understudy", "mock", "--port", str(port), *args]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{origin}/__admin/health", timeout=1)
                break
            except httpx.HTTPError:
                assert process.poll() is None, "the mock exited"
                assert time.monotonic() < deadline, "the mock did not start"
                time.sleep(0.2)
        yield origin, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_one_spec_is_served_at_its_base_path_and_the_banner_says_what_it_accepts() -> None:
    with running("--spec", str(DATA / "realworld-conduit.yaml")) as (origin, process):
        assert httpx.get(f"{origin}/api/tags").status_code == 200
        assert httpx.get(f"{origin}/api/user").status_code == 401
        process.terminate()
        banner = process.communicate(timeout=10)[0]
    assert f"RealWorld Conduit API: {origin}/api" in banner
    assert "any well-formed credential is accepted" in banner


def test_specs_beside_the_five_apis_and_a_chosen_base_path() -> None:
    pets, conduit = DATA / "petstore-expanded.yaml", DATA / "realworld-conduit.yaml"
    args = (
        "--spec",
        str(pets),
        "--spec",
        str(conduit),
        "--with-apis",
        "--base-path",
        "/p",
        "--base-path",
        "/c",
    )
    with running(*args) as (origin, _):
        apis = httpx.get(f"{origin}/__admin/health").json()["apis"]
        assert {"example", "tw", "wrgl", "teamworklive", "tweetworks"} <= set(apis)
        assert apis["petstore-expanded"]["mount"] == "/petstore-expanded/p"
        assert httpx.get(f"{origin}/petstore-expanded/p/pets/1").json()["id"] == 1
        assert httpx.get(f"{origin}/realworld-conduit/c/tags").status_code == 200
        assert httpx.get(f"{origin}/example/v1/openapi.json").status_code == 200
