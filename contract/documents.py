"""Any user's OpenAPI document, read once and checked before a mock or gate uses it.

Everything that would otherwise surface later as a traceback (a 3.1 document, a
dangling `$ref`, two operations sharing an operationId, a file too big to serve) is
a one-line :class:`SpecError` here, naming the file and, where it helps, the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contract._specs import SpecError, load_file
from contract.openapi31 import Unconvertible, downgrade
from contract.refs import unresolved

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""The largest spec served: far above any real API's (GitHub's is ~12 MB)."""
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path template, operation object) of every operation, in document order."""
    for template, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method, template, operation


def base_path(document: dict[str, Any]) -> str:
    """The path of the document's first server URL (`/v1` of `https://x.io/v1`, also of
    `{scheme}://x.io/v1`: server variables never change the path here), or `/`."""
    servers = document.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = re.sub(r"\{[^}]*\}", "x", str(servers[0].get("url") or ""))
        path = urlsplit(url).path if "://" in url else url
        return "/" + path.strip("/") if path.strip("/") else "/"
    return "/"


def unknown_id_status(operation: dict[str, Any]) -> int:
    """What an operation answers for an id that names nothing: 404, or, where it documents
    no 404 (nor 4XX, default), the client error it does document (RealWorld's 422
    GenericError), so the answer stays documented; 404 where it documents neither."""
    codes = {str(code).upper() for code in operation.get("responses") or {}}
    if codes & {"404", "4XX", "DEFAULT"}:
        return 404
    return next((int(code) for code in ("422", "400", "410", "409") if code in codes), 404)


def load_openapi(path: Path) -> dict[str, Any]:
    """``path`` as an OpenAPI 3.0 document (3.1 converted); SpecError when it cannot be."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SpecError(f"{path}: cannot read: {exc.strerror}") from None
    if size > MAX_DOCUMENT_BYTES:
        raise SpecError(
            f"{path}: {size / 1024 / 1024:.1f} MB is over the "
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB limit for a spec"
        )
    document = load_file(path)
    version = str(document.get("openapi"))
    if version.startswith("3.1."):
        try:
            document = downgrade(document)
        except Unconvertible as exc:
            raise SpecError(
                f"{path}:{_line_of(path, exc.keyword + ':')}: {exc}; "
                "rewrite it in 3.0 terms or serve a 3.0 document"
            ) from None
    elif not version.startswith("3.0."):
        raise SpecError(
            f"{path}: OpenAPI {version} is not supported; give a 3.0.x or 3.1.x document"
            + (" (convert Swagger 2.0 first)" if version.startswith("2") else "")
        )
    if not isinstance(document.get("paths"), dict):
        raise SpecError(f"{path}: 'paths' must be a mapping of path templates")
    broken = unresolved(document)
    if broken:
        hint = " (only references within the file are followed: bundle it first)"
        raise SpecError(
            f"{path}:{_line_of(path, broken[0])}: unresolvable $ref '{broken[0]}'"
            + (hint if not broken[0].startswith("#") else "")
        )
    _refuse_duplicate_operation_ids(path, document)
    return document


def _refuse_duplicate_operation_ids(path: Path, document: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for method, template, operation in operations(document):
        operation_id = operation.get("operationId")
        if operation_id is None:
            continue
        where = f"{method.upper()} {template}"
        if operation_id in seen:
            line = _line_of(path, f"operationId: {operation_id}", occurrence=2)
            raise SpecError(
                f"{path}:{line}: operationId '{operation_id}' is used twice "
                f"({seen[operation_id]} and {where}); each must be unique"
            )
        seen[str(operation_id)] = where


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The line of ``needle``'s ``occurrence``-th appearance in the file (1 if absent)."""
    found = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if needle in line or needle.replace(": ", '": "') in line:
                found += 1
                if found == occurrence:
                    return number
    return 1
