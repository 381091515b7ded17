"""Success bodies in the shapes the document declares: a record as it is or under its
envelope key, a page under its list key beside counts and a next cursor."""

from __future__ import annotations

from typing import Any

from contract.paths import Envelope, flatten
from contract.refs import resolve
from contract.samples import SampleMaker
from mockserver.generic.paging import Page

_TOTALS = ("total", "count", "totalcount", "total_count", "size", "totalitems", "total_items")
_NEXT = ("next", "nextcursor", "next_cursor", "cursor", "nextpagetoken", "next_page_token")


def wrap(envelope: Envelope | None, record: Any) -> Any:
    if envelope is None or envelope.key is None:
        return record
    return {envelope.key: record}


def unwrap_body(envelope: Envelope | None, body: Any) -> Any:
    if envelope is None or envelope.key is None or not isinstance(body, dict):
        return body
    inner = body.get(envelope.key)
    return inner if isinstance(inner, dict) else body


def list_body(
    samples: SampleMaker, schema: dict[str, Any] | None, envelope: Envelope, page: Page
) -> Any:
    """A page as the list operation's response declares it."""
    flat = flatten(samples.document, resolve(samples.document, schema or {}))
    if envelope.key is None:
        return page.records[: flat.get("maxItems", len(page.records))]
    array = resolve(samples.document, (flat.get("properties") or {}).get(envelope.key) or {})
    body: dict[str, Any] = {envelope.key: page.records[: array.get("maxItems", len(page.records))]}
    for name, prop in (flat.get("properties") or {}).items():
        prop = resolve(samples.document, prop)
        lowered = name.lower()
        if lowered in _TOTALS and prop.get("type") in ("integer", "number"):
            body[name] = page.total
        elif lowered in _NEXT and prop.get("type") == "string":
            if page.next_cursor is not None:
                body[name] = page.next_cursor
            elif name in (flat.get("required") or []) or not prop.get("nullable"):
                continue
            else:
                body[name] = None
    return samples.complete(flat, body)
