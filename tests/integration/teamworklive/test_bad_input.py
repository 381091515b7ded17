"""Bad input is refused in the format the extension asked for, naming the problem, and
nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.integration.teamworklive.conftest import error_of, snapshot

JSON = "application/json"
XML = "application/xml"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    "<company><name>&lol3;</name></company>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE company [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<company><name>&xxe;</name></company>"
)
ENTRY = "projects/42/time_entries"


def body(payload: Any, content_type: str | None = JSON) -> dict[str, Any]:
    raw = (
        payload
        if isinstance(payload, bytes)
        else (payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
    )
    return {"content": raw, "headers": {"Content-Type": content_type} if content_type else {}}


def entry(**fields: Any) -> dict[str, Any]:
    return body({"date": "2024-11-04", "hours": 2, **fields})


def entry_xml(inner: str) -> dict[str, Any]:
    return body(f"<time_entry><date>2024-11-04</date>{inner}</time_entry>", XML)


CASES: dict[str, tuple[str, str, dict[str, Any], int, str]] = {
    # name: (method, path, request kwargs, status, a fragment the message must hold)
    "wrong type (JSON)": ("POST", "companies", body({"name": 5}), 400, "name must be a string"),
    "wrong type hours": ("POST", ENTRY, entry(hours="two"), 400, "hours"),
    "wrong type boolean": ("POST", ENTRY, entry(billable="yes"), 400, "billable"),
    "wrong type id list": (
        "POST",
        "projects",
        body({"company_id": 17, "name": "x", "user_ids": "1"}),
        400,
        "user_ids",
    ),
    "wrong type (XML number)": ("POST", ENTRY, entry_xml("<hours>two</hours>"), 400, "hours"),
    "XML boolean other than true/false": (
        "POST",
        ENTRY,
        entry_xml("<hours>1</hours><billable>1</billable>"),
        400,
        "billable",
    ),
    "missing required field": (
        "POST",
        "companies",
        body({"phone": "1"}),
        400,
        "name is required",
    ),
    "missing required (XML)": (
        "POST",
        ENTRY,
        body("<time_entry><hours>1</hours></time_entry>", XML),
        400,
        "date is required",
    ),
    "read-only field": (
        "POST",
        "companies",
        body({"id": 5, "name": "x"}),
        400,
        "the request body has unknown field 'id'",
    ),
    "field fixed at creation": ("PUT", "contacts/31", body({"company_id": 12}), 400, "company_id"),
    "null where not nullable": ("PUT", "tasks/105", body({"title": None}), 400, "title"),
    "XML null where not nullable": (
        "PUT",
        "tasks/105",
        body("<task><title/></task>", XML),
        400,
        "title",
    ),
    "unknown parent id": (
        "POST",
        "companies/999999/contacts",
        body({"first_name": "x"}),
        404,
        "Company 999999 not found",
    ),
    "unknown id in the body": (
        "POST",
        "projects",
        body({"company_id": 999999, "name": "x"}),
        404,
        "Company 999999 not found",
    ),
    "unknown assignee": (
        "POST",
        "projects/42/tasks",
        body({"title": "x", "assignee_id": 4242}),
        404,
        "User 4242 not found",
    ),
    "zero hours": ("POST", ENTRY, entry(hours=0), 400, "hours must be greater than 0"),
    "negative hours": ("POST", ENTRY, entry(hours=-1.5), 400, "hours"),
    "absurd hours": ("POST", ENTRY, entry(hours=25), 400, "hours must be at most 24"),
    "huge hours": ("POST", ENTRY, body(b'{"date": "2024-11-04", "hours": 1e400}'), 400, "hours"),
    "three decimals": ("POST", ENTRY, entry(hours=1.234), 400, "hours must be a multiple of 0.01"),
    "three decimals (XML)": ("POST", ENTRY, entry_xml("<hours>1.234</hours>"), 400, "multiple"),
    "invalid date": ("POST", ENTRY, entry(date="2024-02-30"), 400, "date"),
    "not a date": ("POST", ENTRY, entry(date="yesterday"), 400, "date"),
    "sloppy date": ("POST", ENTRY, entry(date="2024-1-5"), 400, "date"),
    "invalid date (XML)": (
        "POST",
        ENTRY,
        body("<time_entry><date>2024-13-01</date><hours>1</hours></time_entry>", XML),
        400,
        "date",
    ),
    "too long": ("POST", "companies", body({"name": "x" * 256}), 400, "name"),
    "control character": ("POST", "companies", body({"name": "bell\u0007"}), 400, "name"),
    "lone surrogate": ("POST", "companies", body(b'{"name": "a\\ud800b"}'), 400, "lone surrogate"),
    "lone surrogate elsewhere": (
        "POST",
        ENTRY,
        body(b'{"date": "2024-11-04", "hours": 1, "notes": "\\udfff"}'),
        400,
        "notes",
    ),
    "malformed JSON": ("POST", "companies", body('{"name": '), 400, "Malformed JSON"),
    "JSON that is not an object": (
        "POST",
        "companies",
        body('["name"]'),
        400,
        "the request body must be an object",
    ),
    "malformed XML": (
        "POST",
        "companies",
        body("<company><name>x</company>", XML),
        400,
        "Malformed XML",
    ),
    "billion laughs": ("POST", "companies", body(BILLION_LAUGHS, XML), 400, "DTDs or entities"),
    "external entity": ("POST", "companies", body(EXTERNAL_ENTITY, XML), 400, "DTDs or entities"),
    "XML wrong root": (
        "POST",
        "companies",
        body("<contact><name>x</name></contact>", XML),
        400,
        "root element <company>",
    ),
    "XML unknown element": (
        "POST",
        "companies",
        body("<company><name>x</name><vat>1</vat></company>", XML),
        400,
        "the request body has unknown field 'vat'",
    ),
    "XML repeated element": (
        "POST",
        "companies",
        body("<company><name>x</name><name>y</name></company>", XML),
        400,
        "appears twice",
    ),
    "XML text for an object": (
        "POST",
        "companies",
        body("<company>Acme</company>", XML),
        400,
        "the request body must be an object",
    ),
    "XML nested too deeply": (
        "POST",
        "companies",
        body("<company>" + "<a>" * 40 + "</a>" * 40 + "</company>", XML),
        400,
        "deeper",
    ),
    "JSON labelled XML": ("POST", "companies", body({"name": "x"}, XML), 400, "Malformed XML"),
    "XML labelled JSON": (
        "POST",
        "companies",
        body("<company><name>x</name></company>"),
        400,
        "Malformed JSON",
    ),
    "no Content-Type": ("POST", "companies", body({"name": "x"}, None), 400, "Content-Type"),
    "text/plain": (
        "POST",
        "companies",
        body({"name": "x"}, "text/plain"),
        400,
        "Content-Type must be application/json or application/xml, not text/plain",
    ),
    "text/xml": (
        "POST",
        "companies",
        body("<company><name>x</name></company>", "text/xml"),
        400,
        "not text/xml",
    ),
    "form encoded": (
        "POST",
        "companies",
        body("name=x", "application/x-www-form-urlencoded"),
        400,
        "Content-Type",
    ),
    "non-UTF-8 JSON": ("POST", "companies", body(b'{"name": "caf\xe9"}'), 400, "UTF-8"),
    "non-UTF-8 XML": (
        "POST",
        "companies",
        body(b"<company><name>caf\xe9</name></company>", XML),
        400,
        "UTF-8",
    ),
    "latin-1 charset (XML)": (
        "POST",
        "companies",
        body("<company><name>x</name></company>", XML + "; charset=ISO-8859-1"),
        400,
        "UTF-8",
    ),
    "latin-1 declaration": (
        "POST",
        "companies",
        body(
            b'<?xml version="1.0" encoding="ISO-8859-1"?><company><name>caf\xe9</name></company>',
            XML,
        ),
        400,
        "UTF-8",
    ),
    "empty body": ("POST", "companies", body(b""), 400, "required"),
    "oversized body": (
        "POST",
        "companies",
        body(b'{"name": "' + b"x" * (1024 * 1024) + b'"}'),
        400,
        "Request body too large",
    ),
    "page 0": ("GET", "companies", {"params": {"page": 0}}, 400, "page"),
    "per_page over 100": ("GET", "time_entries", {"params": {"per_page": 101}}, 400, "per_page"),
    "bad date filter": ("GET", "time_entries", {"params": {"from": "2024-13-01"}}, 400, "from"),
    "bad boolean filter": (
        "GET",
        "time_entries",
        {"params": {"billable": "maybe"}},
        400,
        "billable",
    ),
    "bad enum filter": ("GET", "projects", {"params": {"status": "deleted"}}, 400, "status"),
    "bad id filter": ("GET", "time_entries", {"params": {"user_id": "me"}}, 400, "user_id"),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_input_is_refused_in_the_requested_format_and_stores_nothing(demo, runtime, name, fmt):
    method, path, kwargs, status, fragment = CASES[name]
    before = snapshot(runtime)
    response = demo.request(method, f"{path}.{fmt}", **kwargs)
    document = error_of(response, status, fmt)
    assert fragment in document["message"], document
    if document["message"].startswith("Validation failed: "):
        assert all(problem in document["message"] for problem in document["errors"])
    assert snapshot(runtime) == before


def test_an_oversized_body_without_content_length_is_refused_too(base, runtime):
    before = snapshot(runtime)

    def chunks():
        yield b'{"name": "'
        for _ in range(17):
            yield b"x" * 65536
        yield b'"}'

    with httpx.Client(base_url=base, auth=("demo@teamworklive.test", "twl_demo_key")) as http:
        response = http.post(
            "companies.xml", content=chunks(), headers={"Content-Type": "application/json"}
        )
    error_of(response, 400, "xml")
    assert snapshot(runtime) == before


def test_a_body_on_get_or_delete_is_ignored(demo):
    assert (
        demo.request("GET", "me.json", content=b"<junk", headers={"Content-Type": XML}).status_code
        == 200
    )
    assert demo.request("DELETE", "contacts/31.json", content=b"{").status_code == 200


TASK_PROBLEMS = [
    "assignee_id must be an integer or null",
    "due_date must be a date (YYYY-MM-DD)",
    "priority must be one of 'low', 'normal', 'high'",
    "title is required",
]
BAD_TASK = {
    "json": body({"priority": "meh", "due_date": "2024-13-45", "assignee_id": "x"}),
    "xml": body(
        "<task><priority>meh</priority><due_date>2024-13-45</due_date>"
        "<assignee_id>x</assignee_id></task>",
        XML,
    ),
}


@pytest.mark.parametrize("sent", list(BAD_TASK))
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_400_lists_every_problem_of_the_body_in_field_order(demo, runtime, sent, fmt):
    before = snapshot(runtime)
    response = demo.post(f"projects/42/tasks.{fmt}", **BAD_TASK[sent])
    document = error_of(response, 400, fmt)
    assert document["errors"] == TASK_PROBLEMS
    assert document["message"] == "Validation failed: " + "; ".join(TASK_PROBLEMS)
    assert snapshot(runtime) == before


def test_list_items_are_ordered_by_index_and_the_missing_field_by_its_name(demo):
    user_ids = [1, 2, "x", 4, 5, 6, 7, 8, 9, 10, "y"]
    response = demo.post("projects.json", json={"user_ids": user_ids, "name": 5})
    assert error_of(response, 400)["errors"] == [
        "company_id is required",
        "name must be a string",
        "user_ids.2 must be an integer",
        "user_ids.10 must be an integer",
    ]


def test_a_hundred_problems_are_listed_and_the_rest_counted(demo, runtime):
    before = snapshot(runtime)
    user_ids = [f"u{i}" for i in range(150)]
    response = demo.post("projects.xml", json={"company_id": 17, "name": "x", "user_ids": user_ids})
    errors = error_of(response, 400, "xml")["errors"]
    assert len(errors) == 101
    assert errors[0].startswith("user_ids must have at most ")
    assert errors[1:4] == [f"user_ids.{i} must be an integer" for i in range(3)]
    assert errors[-1] == "... and 51 more problems"
    assert snapshot(runtime) == before
