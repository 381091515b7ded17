"""What TeamWork Live answers: one item (bare JSON object, or its XML element) and list
envelopes, in the format the URL's extension asked for.

Field order is the spec's (it is the XML element order). XML booleans are `true` and
`false`; null is an empty element; a list envelope's items are direct children of the
collection's root element, next to the counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mockserver.core.formats import Format, XmlWriter, render_json, xml_text
from mockserver.core.pagination import page_slice
from mockserver.core.responses import Response, current_format
from mockserver.core.store import Record

FIELDS = {
    "company": ("id", "name", "phone", "website", "address", "created_at", "updated_at"),
    "contact": (
        "id",
        "company_id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "created_at",
        "updated_at",
    ),
    "project": (
        "id",
        "company_id",
        "name",
        "description",
        "status",
        "user_ids",
        "created_at",
        "updated_at",
    ),
    "task": (
        "id",
        "project_id",
        "title",
        "description",
        "status",
        "priority",
        "assignee_id",
        "due_date",
        "completed_at",
        "created_at",
        "updated_at",
    ),
    "time_entry": (
        "id",
        "project_id",
        "task_id",
        "user_id",
        "date",
        "hours",
        "billable",
        "notes",
        "created_at",
        "updated_at",
    ),
    "user": ("id", "name", "email", "role", "created_at"),
}
COLLECTIONS = {
    "company": "companies",
    "contact": "contacts",
    "project": "projects",
    "task": "tasks",
    "time_entry": "time_entries",
    "user": "users",
}


def scalar_text(value: Any) -> str:
    """XML text of a scalar: booleans as `true`/`false`, null as nothing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(value)


XML = XmlWriter(scalar_text=scalar_text, unwrapped_lists=COLLECTIONS.values())


def view(kind: str, record: Record) -> dict[str, Any]:
    """The public document of a record, fields in the spec's order."""
    return {name: record[name] for name in FIELDS[kind]}


def respond(
    kind: str,
    document: Mapping[str, Any],
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """One item: the bare object in JSON, the element ``kind`` in XML."""
    if current_format() is Format.XML:
        body, media_type = XML.document(kind, document), Format.XML.media_type
    else:
        body, media_type = render_json(document), Format.JSON.media_type
    return ConnexionResponse(
        status_code=status, content_type=media_type, body=body, headers=dict(headers or {})
    )


def item(kind: str, record: Record, **kwargs: Any) -> Response:
    return respond(kind, view(kind, record), **kwargs)


def page_of(kind: str, records: Sequence[Record], page_number: int, per_page: int) -> Response:
    """One page of a list envelope: the items, then `page`, `per_page`, `total`, `pages`."""
    rows, info = page_slice(records, page_number, per_page)
    collection = COLLECTIONS[kind]
    envelope = {
        collection: [view(kind, row) for row in rows],
        "page": info.page,
        "per_page": info.per_page,
        "total": info.total,
        "pages": info.total_pages,
    }
    return respond(collection, envelope)


def by_id(records: Iterable[Record]) -> list[Record]:
    """Creation order: every list but time entries."""
    return sorted(records, key=lambda record: record["id"])


def deleted() -> Response:
    """200 with an empty body and no Content-Type (the seed's table has no 204)."""
    return ConnexionResponse(status_code=200, body=b"")
