"""The extension picks the format, for successes and errors; JSON and XML carry the same
data; UTF-8 text round-trips unchanged through bodies and URLs in both formats."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pytest

from conformance.apis.teamworklive import document, read_xml
from tests.integration.teamworklive.conftest import MEDIA, error_of, xml_body


def as_json(response: Any, template: str, status: int = 200, method: str = "get") -> Any:
    """An XML answer read through the spec's `xml` rules (booleans only `true`/`false`)."""
    schema = document().response_schema(template, method, status, "application/xml")
    assert schema is not None, template
    return read_xml(response.content, schema)


READS = {
    "/companies.{format}": "companies",
    "/companies/{company_id}.{format}": "companies/17",
    "/companies/{company_id}/contacts.{format}": "companies/17/contacts",
    "/contacts/{contact_id}.{format}": "contacts/31",
    "/projects.{format}": "projects",
    "/projects/{project_id}.{format}": "projects/42",
    "/companies/{company_id}/projects.{format}": "companies/13/projects",
    "/projects/{project_id}/tasks.{format}": "projects/42/tasks",
    "/tasks/{task_id}.{format}": "tasks/105",
    "/time_entries.{format}": "time_entries",
    "/projects/{project_id}/time_entries.{format}": "projects/42/time_entries",
    "/time_entries/{time_entry_id}.{format}": "time_entries/2207",
    "/users.{format}": "users",
    "/users/{user_id}.{format}": "users/3",
    "/me.{format}": "me",
}


@pytest.mark.parametrize("template", list(READS))
def test_json_and_xml_answers_carry_the_same_data(demo, template):
    path = READS[template]
    as_json_response = demo.get(f"{path}.json")
    as_xml_response = demo.get(f"{path}.xml")
    assert as_json_response.headers["content-type"] == "application/json"
    assert as_xml_response.headers["content-type"] == "application/xml"
    assert as_xml_response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert as_json(as_xml_response, template) == as_json_response.json()


def test_xml_lists_hold_items_then_counts_and_write_booleans_as_words(demo):
    response = demo.get("time_entries.xml", params={"per_page": 3, "billable": "false"})
    root = ElementTree.fromstring(response.content)
    assert [child.tag for child in root] == ["time_entry"] * 3 + [
        "page",
        "per_page",
        "total",
        "pages",
    ]
    assert {e.findtext("billable") for e in root.iter("time_entry")} == {"false"}
    nulls = [e for e in root.iter("task_id") if e.text is None]
    assert all(list(e) == [] for e in nulls)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_come_in_the_format_the_extension_asked_for(demo, anonymous, fmt):
    error_of(demo.get(f"companies/999999.{fmt}"), 404, fmt)
    error_of(anonymous.get(f"companies.{fmt}"), 401, fmt)
    error_of(demo.get("time_entries." + fmt, params={"per_page": 0}), 400, fmt)


@pytest.mark.parametrize("path", ["companies", "companies.txt", "companies.JSON", "me.Xml"])
def test_a_missing_or_unknown_extension_is_a_json_404(demo, path):
    document = error_of(demo.get(path), 404, "json")
    assert ".json or .xml" in document["message"]


def test_the_accept_header_is_ignored(demo):
    response = demo.get("me.xml", headers={"Accept": "application/json"})
    assert response.headers["content-type"] == MEDIA["xml"]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "companies/17", "DELETE, GET, PUT"),
        ("PUT", "users/1", "GET"),
        ("DELETE", "companies", "GET, POST"),
        ("POST", "time_entries", "GET"),
        ("POST", "me", "GET"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_wrong_method_is_405_with_allow_in_the_requested_format(demo, method, path, allow, fmt):
    response = demo.request(method, f"{path}.{fmt}")
    error_of(response, 405, fmt)
    assert response.headers["allow"] == allow


def test_ids_that_are_not_integers_name_nothing_and_out_of_range_ids_are_400(demo):
    error_of(demo.get("companies/abc.json"), 404)
    error_of(demo.get("companies/1.5.xml"), 400, "xml")  # the format segment is `5.xml`
    error_of(demo.get("companies/-3.xml"), 400, "xml")
    error_of(demo.get("companies/0.xml"), 400, "xml")
    error_of(demo.get("companies/2147483648.json"), 400)


NAMES = ["Zoë Ørsted", "Ĉu vi? 東京 — «ça va»", 'emoji 🎉 & <tags> "quoted" ]]>']


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("sent_as", ["json", "xml"])
def test_non_ascii_text_round_trips_unchanged_in_both_formats(demo, name, sent_as):
    notes = f"{name}\nsecond\tline\r\nthird"
    if sent_as == "json":
        made = demo.post("companies.json", json={"name": name, "address": notes})
    else:
        address = escape(notes).replace("\r", "&#13;")
        made = demo.post(
            "companies.xml",
            **xml_body(
                f"<company><name>{escape(name)}</name><address>{address}</address></company>"
            ),
        )
    assert made.status_code == 201, made.text
    location = made.headers["location"]
    company_id = location.rsplit("/", 1)[1].split(".")[0]
    read_json = demo.get(f"companies/{company_id}.json").json()
    read_xml = as_json(demo.get(f"companies/{company_id}.xml"), "/companies/{company_id}.{format}")
    assert read_json["name"] == read_xml["name"] == name
    assert read_json["address"] == read_xml["address"] == notes


def test_url_encoded_utf8_query_parameters_are_read_as_utf8(demo):
    made = demo.post(
        "projects/42/time_entries.json",
        json={"date": "2024-12-24", "hours": 1.5, "notes": "Überstunden für Zoë"},
    )
    assert made.status_code == 201, made.text
    # Unknown parameters are ignored, even non-ASCII ones; known ones are UTF-8 decoded.
    found = demo.get("time_entries.json?from=2024-12-24&to=2024-12-24&n%C3%B6tig=%E2%9C%93")
    assert made.json() in found.json()["time_entries"]
    fullwidth = "\uff12\uff10\uff12\uff14-12-24"  # digits that are not ASCII digits
    encoded = demo.get("time_entries.json", params={"from": fullwidth})
    error_of(encoded, 400)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unlisted_url_is_404_with_or_without_credentials(demo, anonymous, fmt):
    error_of(demo.get(f"invoices.{fmt}"), 404, fmt)
    error_of(anonymous.get(f"invoices/3.{fmt}"), 404, fmt)
