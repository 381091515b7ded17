"""`understudy mock --spec` refuses what it cannot serve: one clear line, exit 2, no
traceback (the real CLI in its own process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[3]

PETS = """
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: OPERATION
      responses: {"201": {description: created}}
components:
  schemas:
    Pet: {type: object, properties: {id: {type: integer}}}
"""


def mock(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "understudy", "mock", "--port", str(free_port()), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_not_openapi(tmp_path: Path) -> None:
    spec = tmp_path / "notes.yaml"
    spec.write_text("title: my shopping list\nitems: [milk, eggs]\n")
    line = refused(mock("--spec", str(spec)))
    assert str(spec) in line and "not an OpenAPI document" in line


def test_not_yaml_names_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: x\npaths: {}\n")
    line = refused(mock("--spec", str(spec)))
    assert f"{spec}:3:" in line and "not valid YAML" in line


def test_unresolvable_ref(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(PETS.replace("OPERATION", "createPet").replace('schemas/Pet"', 'schemas/Dog"'))
    line = refused(mock("--spec", str(spec)))
    assert "unresolvable $ref '#/components/schemas/Dog'" in line
    assert f"{spec}:13:" in line


def test_external_ref_says_to_bundle(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(
        PETS.replace("OPERATION", "createPet").replace("#/components/schemas/Pet", "pet.yaml")
    )
    line = refused(mock("--spec", str(spec)))
    assert "unresolvable $ref 'pet.yaml'" in line and "bundle" in line


def test_duplicate_operation_id(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(PETS.replace("OPERATION", "listPets"))
    line = refused(mock("--spec", str(spec)))
    assert "operationId 'listPets' is used twice (GET /pets and POST /pets)" in line
    assert f"{spec}:15:" in line


def test_unconvertible_openapi_31(tmp_path: Path) -> None:
    spec = tmp_path / "tuple.yaml"
    spec.write_text(
        PETS.replace("3.0.3", "3.1.0")
        .replace("OPERATION", "createPet")
        .replace("properties: {id: {type: integer}}", "prefixItems: [{type: integer}]")
    )
    line = refused(mock("--spec", str(spec)))
    assert "OpenAPI 3.1 keyword 'prefixItems' at #/components/schemas/Pet" in line


def test_swagger_2(tmp_path: Path) -> None:
    spec = tmp_path / "old.yaml"
    spec.write_text("swagger: '2.0'\nopenapi: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n")
    assert "OpenAPI 2.0 is not supported" in refused(mock("--spec", str(spec)))


def test_fifty_megabytes(tmp_path: Path) -> None:
    spec = tmp_path / "huge.yaml"
    with spec.open("w") as handle:
        handle.write(PETS.replace("OPERATION", "createPet"))
        handle.write(("# " + "x" * 1022 + "\n") * 50 * 1024)
    line = refused(mock("--spec", str(spec)))
    assert "50.0 MB is over the 20 MB limit" in line


def test_missing_file(tmp_path: Path) -> None:
    line = refused(mock("--spec", str(tmp_path / "nope.yaml")))
    assert "cannot read" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--accept", "token:abc"), "--accept expects bearer:TOKEN"),
        (("--base-path", "/a", "--base-path", "/b"), "--base-path: give one per --spec"),
        (("--api", "tw"), "--api and --spec: give one"),
    ],
)
def test_bad_command_lines(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(PETS.replace("OPERATION", "createPet"))
    assert message in refused(mock("--spec", str(spec), *args))
