"""Understudy as a CI job meets it: a wheel built from the checkout, installed into a
fresh virtualenv, run from a directory that is not the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import contract
from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {".git", ".venv", ".tools", "node_modules", "build", "dist", "out"}


def run(*command: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel` builds from a copy of the checkout (as from a clean clone)."""
    source = tmp_path_factory.mktemp("source") / "understudy"
    shutil.copytree(
        ROOT,
        source,
        ignore=lambda _dir, names: [
            n for n in names if n in NOT_SHIPPED or n.endswith((".egg-info", "__pycache__"))
        ],
    )
    dist = tmp_path_factory.mktemp("dist")
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ".", cwd=source
    )
    assert built.returncode == 0, built.stderr
    (found,) = dist.glob("understudy-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with only the wheel (and what it depends on) installed.

    The venv is made without a pip of its own: this checkout's pip installs into it
    (`pip --python`), as a seeded pip would, without bootstrapping one (ensurepip) first.
    `--no-compile`: the interpreter compiles what the tool imports when it runs; pip
    byte-compiling every module of every dependency up front was most of the install."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    pip = run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile", wheel,
        cwd=venv.parent,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv / "bin" / "understudy"


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory with nothing of the checkout in it."""
    return tmp_path_factory.mktemp("elsewhere")


@pytest.fixture(scope="module")
def served(installed: Path, elsewhere: Path) -> Iterator[str]:
    """`understudy mock --api example` from the installed tool, with a scaled-down limit."""
    port = free_port()
    process = subprocess.Popen(
        [
            installed,
            "mock",
            "--api",
            "example",
            "--port",
            str(port),
            "--rate-limit",
            "example.free=5/2s",
        ],
        cwd=elsewhere,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(f"{origin}/__admin/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the installed mock did not start"
            time.sleep(0.2)
        yield f"{origin}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_wheel_ships_every_contract(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        files = archive.namelist()
    specs = sorted(Path(f).stem for f in files if f.startswith("contract/specs/"))
    assert specs == contract.names()
    for package in ("understudy", "contract", "mockserver", "conformance", "loadtests"):
        assert f"{package}/__init__.py" in files
    assert not any(f.startswith("tests/") for f in files)


def test_lint_from_elsewhere(installed: Path, elsewhere: Path):
    result = run(installed, "lint", cwd=elsewhere)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in contract.names():
        assert f"{name}.yaml" in result.stdout


def test_conform_passes_against_the_installed_mock(installed: Path, elsewhere: Path, served: str):
    junit = elsewhere / "reports" / "example.xml"
    result = run(
        installed,
        "conform",
        "--api",
        "example",
        "--url",
        served,
        "--phases",
        "examples",
        "--max-examples",
        "2",
        "--junit",
        junit,
        cwd=elsewhere,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "CONFORMS" in result.stdout
    assert junit.exists() and str(junit) in result.stdout


def test_conform_against_a_dead_port_is_exit_3_in_one_line(installed: Path, elsewhere: Path):
    started = time.monotonic()
    result = run(
        installed,
        "conform",
        "--api",
        "example",
        "--url",
        f"http://127.0.0.1:{free_port()}/v1",
        cwd=elsewhere,
        timeout=60,
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert time.monotonic() - started < 30
    said = (result.stdout + result.stderr).strip().splitlines()
    assert len(said) == 1 and "Traceback" not in said[0], said


def test_conform_with_bad_phases_is_exit_2(installed: Path, elsewhere: Path, served: str):
    result = run(
        installed,
        "conform",
        "--api",
        "example",
        "--url",
        served,
        "--phases",
        "exampels",
        cwd=elsewhere,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    said = (result.stdout + result.stderr).strip().splitlines()
    assert len(said) == 1 and "exampels" in said[0], said


def test_load_holds_against_the_installed_mock(installed: Path, elsewhere: Path, served: str):
    result = run(
        installed,
        "load",
        "--api",
        "example",
        "--url",
        served,
        "--limit",
        "5/2s",
        "--duration",
        "7",
        cwd=elsewhere,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "LIMIT HOLDS" in result.stdout + result.stderr
