"""The CRUD round trip over real HTTP wherever a spec's paths allow it: create, read
back, update, read, list contains it, delete, then 404."""

from __future__ import annotations

import random

import httpx
import pytest

from contract import unknown_id_status
from contract.paths import Resource, request_schema
from contract.samples import SampleMaker
from tests.support.generic import DATA, SpecServer, credentials

CRUD_SPECS = [
    "petstore-expanded.yaml",
    "swagger-petstore-v3.yaml",
    "realworld-conduit.yaml",
    "realworld-conduit-3.1.yaml",
    "petstore.yaml",
]


def _body(server: SpecServer, resource: Resource, operation_id: str) -> object:
    operation = server.model.operations[operation_id].operation
    maker = SampleMaker(server.model.document, random.Random(3), optional_rate=1.0)
    return maker.make(request_schema(server.model.document, operation), None, "request")


def _record(resource: Resource, operation_id: str, body: object) -> dict[str, object]:
    envelope = resource.item_envelopes.get(operation_id) or resource.request_envelopes.get(
        operation_id
    )
    if envelope is not None and envelope.key and isinstance(body, dict):
        body = body[envelope.key]
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize("name", CRUD_SPECS)
def test_create_read_update_delete(name: str) -> None:
    with SpecServer(DATA / name) as server:
        headers, params = credentials(server.model.document)
        chains = [
            r for r in server.model.resources if r.create_op and r.read_op and not r.scope_params
        ]
        assert chains, "the spec's paths allow a CRUD chain"
        with httpx.Client(base_url=server.url, headers=headers, params=params, timeout=15) as http:
            for resource in chains:
                _round_trip(server, http, resource)


def _round_trip(server: SpecServer, http: httpx.Client, resource: Resource) -> None:
    sent = _body(server, resource, resource.create_op or "")
    made = http.post(resource.collection, json=sent)
    assert made.status_code in (200, 201), made.text
    if not made.content:  # a create that answers no body: the record is at Location
        located = http.get(made.headers["location"].removeprefix(server.definition.base_path))
        created = _record(resource, resource.read_op or "", located.json())
    else:
        created = _record(resource, resource.create_op or "", made.json())
    sent_record = _record(resource, resource.create_op or "", sent)
    for key, value in sent_record.items():
        if key != resource.id_property:  # a taken id is replaced by a new one
            assert created[key] == value, (key, created)
    item_id = created[resource.id_property or "id"]
    path = (resource.item or "").replace("{" + (resource.id_param or "") + "}", str(item_id))
    read = http.get(path)
    assert read.status_code == 200, read.text
    assert _record(resource, resource.read_op or "", read.json()) == created
    if resource.list_op:
        listed = http.get(
            resource.collection,
            params={resource.pagination.limit: 100}
            if resource.pagination and resource.pagination.limit
            else None,
        )
        body = listed.json()
        items = body[resource.list_envelope.key] if resource.list_envelope.key else body
        assert any(i.get(resource.id_property) == item_id for i in items) or len(items) >= 20
    update_op = resource.replace_op or resource.merge_op
    if update_op:
        change = _body(server, resource, update_op)
        changed = http.request("PUT" if resource.replace_op else "PATCH", path, json=change)
        assert changed.status_code == 200, changed.text
        again = _record(resource, resource.read_op or "", http.get(path).json())
        for key, value in _record(resource, update_op, change).items():
            if key != resource.id_property:
                assert again[key] == value, (key, again)
    if resource.delete_op:
        assert http.delete(path).status_code in (200, 204)
        gone = http.get(path)
        # 404, or the client error a read documenting no 404 does document (RealWorld: 422)
        read = server.model.operations[resource.read_op].operation
        assert gone.status_code == unknown_id_status(read), gone.text
        assert "not found" in gone.text
        assert "json" in gone.headers["content-type"]


def test_nested_collection_is_scoped_by_its_parent_and_404s_for_an_unknown_one() -> None:
    with SpecServer(DATA / "realworld-conduit.yaml") as server:
        headers, _ = credentials(server.model.document)
        with httpx.Client(base_url=server.url, headers=headers, timeout=15) as http:
            article = http.post(
                "/articles", json={"article": {"title": "T", "description": "d", "body": "b"}}
            ).json()["article"]
            slug = article["slug"]
            assert http.get(f"/articles/{slug}/comments").json()["comments"] == []
            made = http.post(f"/articles/{slug}/comments", json={"comment": {"body": "hi"}})
            assert made.status_code == 200, made.text
            comment = made.json()["comment"]
            listed = http.get(f"/articles/{slug}/comments").json()["comments"]
            assert [c["id"] for c in listed] == [comment["id"]]
            unknown = http.get("/articles/no-such-article/comments")
            assert unknown.status_code == 422  # its documented error: the spec has no 404
            assert unknown.json() == {"errors": {"body": ["articles 'no-such-article' not found"]}}
            assert http.delete(f"/articles/{slug}/comments/{comment['id']}").status_code == 204
            assert http.get(f"/articles/{slug}/comments").json()["comments"] == []
