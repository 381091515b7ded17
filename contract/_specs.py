"""Where the contracts live and how they are read: the one loader."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (the same documents, several times faster
than the pure-Python one: every mock, gate and load process parses its spec once)."""

SPEC_DIR = Path(__file__).resolve().parent / "specs"
"""The installed specs: ``<name>.yaml``, one per API, shipped as package data."""


class SpecError(ValueError):
    """A spec that cannot be read: missing, not YAML, or not an OpenAPI document."""


def names() -> list[str]:
    """Every API with a contract, sorted (the registry every pillar starts from)."""
    return sorted(path.stem for path in SPEC_DIR.glob("*.yaml"))


def spec_path(name: str) -> Path:
    """The file of API ``name``'s contract; SpecError for an API that has none."""
    path = SPEC_DIR / f"{name}.yaml"
    if not path.is_file():
        raise SpecError(f"unknown API {name!r}; known: {', '.join(names())}")
    return path


def load(name: str) -> dict[str, Any]:
    """API ``name``'s contract as a fresh dict (callers may change their copy)."""
    return load_file(spec_path(name))


def load_file(path: Path) -> dict[str, Any]:
    """Any OpenAPI document on disk as a fresh dict, with a one-line SpecError naming file
    and line. Parsed once per version of the file: an edit (a new modification time or
    size, what ``--reload`` watches) is read afresh."""
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise SpecError(f"{resolved}: cannot read: {exc}") from None
    return copy.deepcopy(_parsed(resolved, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _parsed(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    try:
        document = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SpecError(f"{path}{where}: not valid YAML: {problem}") from None
    if not isinstance(document, dict) or "openapi" not in document:
        raise SpecError(f"{path}: not an OpenAPI document (no 'openapi' field)")
    return document
