"""What the generic mode promises beyond CRUD: seeds, reset, pagination, errors in the
spec's own schema or problem+json, security with `--accept`, OpenAPI 3.1 converted."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import httpx

from tests.support.generic import DATA, SpecServer

SECURED = """
openapi: 3.1.0
info: {title: Notes, version: "1"}
servers: [{url: "https://notes.example.com/api"}]
security: [{bearer: []}, {basic: []}, {key: []}]
paths:
  /notes:
    get:
      operationId: listNotes
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 1}}
        - {name: per_page, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [items, total]
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Note"}}
                  total: {type: integer}
    post:
      operationId: createNote
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Note"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
  /notes/{noteId}:
    get:
      operationId: getNote
      parameters: [{name: noteId, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: the note
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Note:
      type: object
      required: [id, text, author, created]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        text: {type: [string], minLength: 1}
        author: {type: string, format: email}
        link: {type: [string, "null"], format: uri}
        created: {type: string, format: date-time}
        stars: {type: integer, exclusiveMinimum: 0, maximum: 5}
"""


def _notes(tmp_path: Path) -> Path:
    spec = tmp_path / "notes.yaml"
    spec.write_text(SECURED)
    return spec


def test_seeded_records_validate_honour_formats_and_are_deterministic(tmp_path: Path) -> None:
    bearer = {"Authorization": "Bearer anything"}
    with SpecServer(_notes(tmp_path)) as one, SpecServer(_notes(tmp_path)) as two:
        first = httpx.get(f"{one.url}/notes?per_page=50", headers=bearer).json()
        again = httpx.get(f"{two.url}/notes?per_page=50", headers=bearer).json()
        assert first == again and first["total"] == 25
        note = first["items"][0]
        assert len(note["id"]) == 36 and note["id"][14] == "4"  # a version-4 uuid
        assert "@" in note["author"] and note["created"].endswith("Z")
    with SpecServer(_notes(tmp_path), seed=99) as other:
        assert httpx.get(f"{other.url}/notes?per_page=50", headers=bearer).json() != first


def test_pages_do_not_overlap_and_cover_the_store(tmp_path: Path) -> None:
    with (
        SpecServer(_notes(tmp_path)) as server,
        httpx.Client(base_url=server.url, headers={"Authorization": "Bearer t"}) as http,
    ):
        pages = [http.get("/notes", params={"page": n, "per_page": 10}).json() for n in (1, 2, 3)]
        ids = [[note["id"] for note in page["items"]] for page in pages]
        assert [len(i) for i in ids] == [10, 10, 5]
        assert len(set(ids[0] + ids[1] + ids[2])) == 25


def test_reset_restores_the_seeded_state(tmp_path: Path) -> None:
    with (
        SpecServer(_notes(tmp_path)) as server,
        httpx.Client(base_url=server.url, headers={"Authorization": "Bearer t"}) as http,
    ):
        before = http.get("/notes", params={"per_page": 50}).json()
        made = http.post(
            "/notes", json={"text": "new", "author": "a@b.io", "created": "2025-01-01T00:00:00Z"}
        )
        assert made.status_code == 201
        assert made.headers["location"] == f"/api/notes/{made.json()['id']}"
        assert http.get("/notes", params={"per_page": 50}).json()["total"] == 26
        assert httpx.post(f"{server.origin}/__admin/reset").status_code == 200
        assert http.get("/notes", params={"per_page": 50}).json() == before


def test_missing_credentials_get_401_with_every_challenge(tmp_path: Path) -> None:
    with SpecServer(_notes(tmp_path)) as server:
        answer = httpx.get(f"{server.url}/notes")
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["status"] == 401
        challenge = answer.headers["www-authenticate"]
        assert 'Bearer realm="Notes"' in challenge and 'Basic realm="Notes"' in challenge
        for headers in ({"Authorization": "Bearer x"}, {"X-Api-Key": "k"}):
            assert httpx.get(f"{server.url}/notes", headers=headers).status_code == 200


def test_accept_rules_narrow_the_valid_credentials(tmp_path: Path) -> None:
    rules = ("bearer:s3cret", "basic:ann:pw", "apikey:X-Api-Key=k1")
    basic = "Basic " + base64.b64encode(b"ann:pw").decode()
    with SpecServer(_notes(tmp_path), accept=rules) as server:

        def status(headers: dict[str, str]) -> int:
            return httpx.get(f"{server.url}/notes", headers=headers).status_code

        assert status({"Authorization": "Bearer s3cret"}) == 200
        assert status({"Authorization": basic}) == 200
        assert status({"X-Api-Key": "k1"}) == 200
        assert status({"Authorization": "Bearer other"}) == 401
        assert status({"X-Api-Key": "k2"}) == 401


def test_errors_use_problem_json_without_a_declared_error_schema(tmp_path: Path) -> None:
    with (
        SpecServer(_notes(tmp_path)) as server,
        httpx.Client(base_url=server.url, headers={"Authorization": "Bearer t"}) as http,
    ):
        missing = http.get("/notes/nope")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json() == {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "notes 'nope' not found",
        }
        bad = http.post("/notes", json={"text": ""})
        assert bad.status_code == 400 and bad.json()["title"] == "Bad Request"


def test_errors_use_the_specs_own_error_schema() -> None:
    with SpecServer(DATA / "petstore-expanded.yaml") as server:
        missing = httpx.get(f"{server.url}/pets/424242")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/json"
        assert missing.json() == {"code": 404, "message": "pets '424242' not found"}
        wrong = httpx.post(f"{server.url}/pets", json={"tag": "no name"})
        assert wrong.status_code == 400 and wrong.json()["code"] == 400


def test_openapi_31_is_converted_and_served(tmp_path: Path) -> None:
    with SpecServer(_notes(tmp_path)) as server:
        assert server.definition.spec["openapi"] == "3.0.3"
        link = server.definition.spec["components"]["schemas"]["Note"]["properties"]["link"]
        assert link == {"type": "string", "nullable": True, "format": "uri"}
        made = httpx.post(
            f"{server.url}/notes",
            headers={"Authorization": "Bearer t"},
            json={"text": "x", "author": "a@b.io", "created": "2025-01-01T00:00:00Z", "link": None},
        )
        assert made.status_code == 201 and made.json()["link"] is None
        too_few = httpx.post(
            f"{server.url}/notes",
            headers={"Authorization": "Bearer t"},
            json={"text": "x", "author": "a@b.io", "created": "2025-01-01T00:00:00Z", "stars": 0},
        )
        assert too_few.status_code == 400  # exclusiveMinimum: 0 kept its meaning


def test_an_optional_request_body_may_be_left_out() -> None:
    with SpecServer(DATA / "swagger-petstore-v3.yaml") as server:
        assert httpx.post(f"{server.url}/user/createWithList").status_code == 200
        required = httpx.post(f"{server.url}/pet", headers={"Authorization": "Bearer t"})
        assert required.status_code == 400  # addPet's body is required


CURSORED = """
openapi: 3.0.3
info: {title: Events, version: "1"}
paths:
  /events:
    get:
      operationId: listEvents
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, default: 10, maximum: 100}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Event"}}
                  next_cursor: {type: string, nullable: true}
    post:
      operationId: createEvent
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Event"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Event"}
        "400":
          description: invalid
          content:
            application/json:
              schema:
                type: object
                required: [error]
                properties: {error: {type: string}}
components:
  schemas:
    Event:
      type: object
      required: [id, kind]
      properties:
        id: {type: string, pattern: "^evt_[a-z0-9]{8}$", readOnly: true}
        kind: {type: string, enum: [created, deleted]}
"""


def test_cursor_pages_and_ids_from_the_pattern(tmp_path: Path) -> None:
    spec = tmp_path / "events.yaml"
    spec.write_text(CURSORED)
    with SpecServer(spec) as server, httpx.Client(base_url=server.url) as http:
        made = http.post("/events", json={"kind": "created"}).json()
        assert re.fullmatch(r"evt_[a-z0-9]{8}", made["id"])
        seen: list[str] = []
        cursor = None
        for _ in range(10):
            page = http.get("/events", params={"cursor": cursor} if cursor else {}).json()
            seen += [event["id"] for event in page["data"]]
            cursor = page.get("next_cursor")
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 26 and made["id"] in seen
        bad = http.get("/events", params={"cursor": "not-one-of-ours"})
        assert bad.status_code == 400 and "cursor" in bad.json()["error"]
