"""Pagination over the live store, by the parameters the path analysis recognised."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contract.paths import Pagination
from mockserver.core.errors import FieldError, validation_error

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    records: list[Any]
    total: int
    next_cursor: str | None = None


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(text: str, name: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        if raw.startswith("o:") and raw[2:].isdigit():
            return int(raw[2:])
    except (ValueError, UnicodeDecodeError):
        pass
    raise validation_error(
        f"Invalid {name}: use the cursor a previous page returned",
        FieldError(name, "unknown cursor"),
    )


def page_of(
    records: Sequence[Any],
    paging: Pagination | None,
    query: Mapping[str, str],
    defaults: Mapping[str, Any],
) -> Page:
    """The slice of ``records`` the query asks for (all of them without pagination)."""
    total = len(records)
    if paging is None:
        return Page(list(records), total)

    def number(name: str | None, fallback: int) -> int:
        if name is None:
            return fallback
        text = query.get(name)
        if text is None:
            default = defaults.get(name)
            return int(default) if isinstance(default, int | float) else fallback
        return int(float(text))

    size = max(0, number(paging.limit, total if paging.style == "limit" else DEFAULT_PAGE_SIZE))
    if paging.style == "limit":
        return Page(list(records[:size]), total)
    if paging.style == "offset":
        start = max(0, number(paging.offset, 0))
    elif paging.style == "page":
        start = max(0, number(paging.page, paging.first_page) - paging.first_page) * size
    else:
        cursor = query.get(paging.cursor or "")
        start = decode_cursor(cursor, paging.cursor or "cursor") if cursor else 0
    chunk = list(records[start : start + size])
    following = encode_cursor(start + size) if start + size < total else None
    return Page(chunk, total, following)
