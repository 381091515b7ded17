"""`understudy lint` runs Spectral, and a spec regression fails it.

That the five contracts pass Spectral with no error or warning is `make test`'s first
step (`understudy lint --require-spectral`), not repeated here: it takes Node ~20-50 s.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import contract
from conformance.lint import lint_all
from conformance.spectral import SpectralError, find_cli, lint_with_spectral
from conformance.xmlshape import OpenApiDocument, xml_to_json


@pytest.fixture(scope="module")
def spectral() -> Path:
    cli = find_cli(contract.SPEC_DIR)
    assert cli is not None, "the Spectral CLI is missing: `make spectral` installs it"
    return cli


def test_an_example_that_breaks_its_schema_fails_the_lint(spectral: Path, tmp_path: Path) -> None:
    spec = contract.load("wrgl")
    spec["components"]["responses"]["NotFound"]["content"]["application/json"]["example"] = {
        "message": 404
    }
    (tmp_path / "wrgl.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    problems = lint_all(tmp_path, spectral)[tmp_path / "wrgl.yaml"]
    assert any("error oas3-valid-media-example" in problem for problem in problems), problems


def test_a_spectral_that_cannot_run_is_an_error_not_a_pass(tmp_path: Path) -> None:
    broken = tmp_path / "spectral"
    broken.write_text("#!/bin/sh\necho 'Error running Spectral!' >&2\nexit 2\n")
    broken.chmod(0o755)
    with pytest.raises(SpectralError, match="exit 2"):
        lint_with_spectral(broken, [contract.spec_path("wrgl")], None)


XML_BLOCK = re.compile(r"```xml\n(.*?)\n```", re.DOTALL)


def _xml_examples(node: object, found: list[dict]) -> list[dict]:
    if isinstance(node, dict):
        media = node.get("application/xml")
        if isinstance(media, dict) and "examples" in media:
            found.append(media)
        for value in node.values():
            _xml_examples(value, found)
    elif isinstance(node, list):
        for value in node:
            _xml_examples(value, found)
    return found


@pytest.mark.parametrize("api", ["teamworklive", "tweetworks"])
def test_xml_examples_show_the_wire_document_their_value_stands_for(api: str) -> None:
    spec = contract.load(api)
    document = OpenApiDocument(spec)
    medias = _xml_examples(spec, [])
    assert len(medias) >= 19
    for media in medias:
        assert "example" not in media
        for example in media["examples"].values():
            wire = XML_BLOCK.search(example["description"])
            assert wire is not None, example["description"]
            read = xml_to_json(wire.group(1).encode(), media["schema"], document)
            assert read == example["value"]
