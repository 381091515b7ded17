"""The SDK's array form of `sort` in a query string, read as the documented string form.

`api.datasets.list({sort: [{field: 'created_at', order: 'desc'}, {field: 'name',
order: 'asc'}]})` reaches the wire, as client libraries (qs, axios) encode nested
arrays, as `sort[0][field]=created_at&sort[0][order]=desc&sort[1][field]=name&...`.
:class:`TwURIParser` rewrites those keys to `sort=created_at:desc,name:asc` before
Connexion parses the query, so the spec's one `sort` pattern validates both forms.
Items are taken in index order; `order` defaults to `asc`. Both forms at once, an item
without `field`, or a key other than `sort[N][field]`/`sort[N][order]` is a 400 naming
`sort`.
"""

from __future__ import annotations

import re
from typing import Any

from mockserver.core.errors import FieldError, validation_error
from mockserver.core.uriparse import SafeURIParser

PARAMETER = "sort"
_ITEM = re.compile(r"sort\[(\d{1,2})\]\[(field|order)\]")


def _refused(reason: str) -> Exception:
    return validation_error(f"sort {reason}", FieldError(PARAMETER, reason))


def sort_from_array(query: dict[str, list[str]]) -> dict[str, list[str]]:
    """``query`` (each key's values) with `sort[N][field|order]` keys folded into `sort`."""
    array_keys = [key for key in query if key.startswith(f"{PARAMETER}[")]
    if not array_keys:
        return query
    if PARAMETER in query:
        raise _refused("is given twice: as a string and as an array")
    items: dict[int, dict[str, str]] = {}
    for key in array_keys:
        match = _ITEM.fullmatch(key)
        if match is None:
            raise _refused("items take only [field] and [order]: sort[0][field]=name")
        items.setdefault(int(match.group(1)), {})[match.group(2)] = query[key][-1]
    keys = []
    for index in sorted(items):
        item = items[index]
        if "field" not in item:
            raise _refused(f"item {index} has no field")
        keys.append(f"{item['field']}:{item.get('order', 'asc')}")
    folded = {key: values for key, values in query.items() if key not in array_keys}
    folded[PARAMETER] = [",".join(keys)]
    return folded


class TwURIParser(SafeURIParser):
    """TW's query parser: the array form of `sort` first, then Connexion's parsing."""

    def resolve_query(self, query_data: dict[str, Any]) -> dict[str, Any]:
        return super().resolve_query(sort_from_array(query_data))  # type: ignore[no-any-return]
