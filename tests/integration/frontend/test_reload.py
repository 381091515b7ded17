"""`--reload`: an edited spec is served without a restart; a spec that no longer loads
keeps the last good version serving and says why at /__admin/health."""

from __future__ import annotations

import importlib
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract import SPEC_DIR
from mockserver.apis import definitions
from mockserver.serve import reloading_app
from mockserver.settings import Settings
from tests.support.server import LiveServer

OLD_MESSAGE = "Initial import of product prices"
AUTH = {"Authorization": "APIKEY wrgl_demo_key", "Prefer": "example=withoutContent"}


@pytest.fixture()
def specs(tmp_path: Path) -> Path:
    for spec in SPEC_DIR.glob("*.yaml"):
        shutil.copy(spec, tmp_path / spec.name)
    return tmp_path


@pytest.fixture()
def server(specs: Path) -> Iterator[LiveServer]:
    settings = Settings(spec_dir=specs, validate_responses=True)
    app = reloading_app(definitions(["wrgl"]), settings, standalone=False)
    app._poll = 0.05
    with LiveServer(app) as running:
        yield running


def wait_for(check: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll ``check`` until it returns something truthy (the reload runs in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def example_message(server: LiveServer) -> str:
    response = httpx.get(f"{server.origin}/wrgl/repos/product-prices/commits/latest", headers=AUTH)
    assert response.status_code == 200, response.text
    return str(response.json()["message"])


def health(server: LiveServer) -> dict[str, Any]:
    return dict(httpx.get(f"{server.origin}/__admin/health").json()["reload"])


def test_an_edited_spec_is_served_without_a_restart(server: LiveServer, specs: Path) -> None:
    assert example_message(server) == OLD_MESSAGE
    spec = specs / "wrgl.yaml"
    spec.write_text(spec.read_text().replace(OLD_MESSAGE, "Edited while serving"))
    wait_for(lambda: example_message(server) == "Edited while serving")
    assert health(server)["reloads"] == 1
    assert health(server)["status"] == "ok"


@pytest.mark.parametrize(
    "breakage",
    [
        lambda text: text + "\n  : [unbalanced\n",
        lambda text: text.replace("operationId: list_repos", "operationId: no_such_handler"),
        lambda text: text.replace("openapi: 3.0.3", "openapi: 9.9.9"),
    ],
    ids=["not-yaml", "missing-handler", "not-openapi"],
)
def test_a_broken_spec_keeps_the_last_good_version(
    server: LiveServer, specs: Path, breakage: Callable[[str], str]
) -> None:
    spec = specs / "wrgl.yaml"
    good = spec.read_text()
    spec.write_text(breakage(good))
    status = wait_for(lambda: (h := health(server))["status"] == "error" and h)
    assert status["error"]
    assert example_message(server) == OLD_MESSAGE  # still serving the last good contract
    spec.write_text(good.replace(OLD_MESSAGE, "Fixed again"))
    wait_for(lambda: health(server)["status"] == "ok")
    assert example_message(server) == "Fixed again"


def test_rules_survive_a_reload(server: LiveServer, specs: Path) -> None:
    added = httpx.post(
        f"{server.origin}/__admin/rules",
        json={"fault": "500", "api": "wrgl", "operation": "list_repos"},
    )
    assert added.status_code == 201
    spec = specs / "wrgl.yaml"
    spec.write_text(spec.read_text().replace(OLD_MESSAGE, "Edited"))
    wait_for(lambda: health(server)["reloads"] == 1)
    repos = httpx.get(
        f"{server.origin}/wrgl/repos", headers={"Authorization": AUTH["Authorization"]}
    )
    assert repos.status_code == 500


PROBE = "understudy_reload_probe"
PROBE_INIT = f"""
from dataclasses import replace

from mockserver.apis import definition
from {PROBE}.errors import ERRORS

DEFINITION = replace(definition("wrgl"), errors=ERRORS)
"""
PROBE_ERRORS = """
from mockserver.core.rendering import ErrorStyle

ERRORS = ErrorStyle(build=lambda error, _status: {{"message": "{tag}: " + error.message}})
"""


@pytest.fixture()
def probe_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throwaway API package (WRGL with its own error module) on sys.path."""
    package = tmp_path / "pkgs" / PROBE
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PROBE_INIT)
    (package / "errors.py").write_text(PROBE_ERRORS.format(tag="first"))
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))
    yield package
    for name in [m for m in sys.modules if m == PROBE or m.startswith(PROBE + ".")]:
        del sys.modules[name]


def test_an_edited_api_package_is_served_without_a_restart(probe_package: Path) -> None:
    probe = importlib.import_module(PROBE)
    app = reloading_app([probe.DEFINITION], Settings(), standalone=False)
    app._poll = 0.05

    def unauthenticated_message() -> str:
        return str(httpx.get(f"{running.origin}/wrgl/repos").json()["message"])

    with LiveServer(app) as running:
        assert unauthenticated_message().startswith("first: ")
        errors = probe_package / "errors.py"
        errors.write_text(PROBE_ERRORS.format(tag="edited while serving"))
        wait_for(lambda: unauthenticated_message().startswith("edited while serving: "))
        errors.write_text("this is not python (")
        status = wait_for(lambda: (h := health(running))["status"] == "error" and h)
        assert "SyntaxError" in status["error"]
        assert unauthenticated_message().startswith("edited while serving: ")
