"""`understudy lint`: every spec is valid OpenAPI 3.0.x, keeps the project's rules and,
where the Spectral CLI is available, passes Spectral (conformance/spectral.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from conformance.spectral import find_ruleset, lint_with_spectral

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def spec_files(spec_dir: Path) -> list[Path]:
    return sorted(spec_dir.glob("*.yaml"))


def lint_spec(path: Path) -> list[str]:
    """Problems in one spec; an empty list means it is fine."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"not YAML: {exc}"]
    if not isinstance(spec, dict):
        return ["not an OpenAPI document"]
    problems: list[str] = []
    version = str(spec.get("openapi", ""))
    if not version.startswith("3.0."):
        problems.append(f"openapi is {version!r}: Connexion 3.3 needs 3.0.x")
    try:
        validate(spec)
    except OpenAPIValidationError as exc:
        problems.append(f"invalid OpenAPI: {exc.message}")
    seen: dict[str, str] = {}
    for where, operation in _operations(spec):
        operation_id = operation.get("operationId")
        if not operation_id:
            problems.append(f"{where}: no operationId")
        elif not operation_id.isidentifier():
            problems.append(f"{where}: operationId {operation_id!r} is not a Python identifier")
        elif operation_id in seen:
            problems.append(
                f"{where}: operationId {operation_id!r} also used by {seen[operation_id]}"
            )
        else:
            seen[operation_id] = where
        for status, response in operation.get("responses", {}).items():
            if str(status) == "429" and "Retry-After" not in _headers(spec, response):
                problems.append(f"{where}: 429 response does not declare Retry-After")
    return problems


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def _headers(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    ref = response.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        response = spec.get("components", {}).get("responses", {}).get(name, {})
    return response.get("headers", {}) or {}


def lint_all(spec_dir: Path, spectral: Path | None = None) -> dict[Path, list[str]]:
    """Problems per spec; with ``spectral`` (its CLI) Spectral's findings are added."""
    results = {path: lint_spec(path) for path in spec_files(spec_dir)}
    if spectral is not None and results:
        found = lint_with_spectral(spectral, list(results), find_ruleset(spec_dir))
        for path, problems in results.items():
            problems.extend(found.get(path.resolve(), []))
    return results
