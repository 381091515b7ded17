"""XML request bodies read as the JSON their schema describes (core/xmlbody.py)."""

from __future__ import annotations

import pytest

from mockserver.core.errors import ApiError
from mockserver.core.xmlbody import array_properties, effective, from_xml, read_xml_body

ENTRY = {
    "type": "object",
    "xml": {"name": "time_entry"},
    "properties": {
        "date": {"type": "string", "format": "date"},
        "hours": {"type": "number"},
        "task_id": {"type": "integer", "nullable": True},
        "billable": {"type": "boolean"},
        "notes": {"allOf": [{"type": "string", "maxLength": 10}], "default": ""},
        "status": {"type": "string", "enum": ["open", "done"]},
        "user_ids": {"type": "array", "items": {"type": "integer", "xml": {"name": "user_id"}}},
        "owner": {"type": "object", "nullable": True, "properties": {"id": {"type": "integer"}}},
    },
}


def read(xml: str) -> object:
    return read_xml_body(xml.encode(), ENTRY)


def test_scalars_are_written_as_in_json_and_text_is_verbatim():
    body = read(
        "<time_entry><date> 2024-06-04 </date><hours>\n2.50 </hours><task_id>7</task_id>"
        "<billable>false</billable><notes>  two  spaces </notes><status> open</status></time_entry>"
    )
    assert body == {
        "date": "2024-06-04",
        "hours": 2.5,
        "task_id": 7,
        "billable": False,
        "notes": "  two  spaces ",
        "status": "open",
    }


def test_empty_elements_are_empty_text_or_null_and_the_word_null_is_null():
    body = read(
        "<time_entry><notes/><task_id/><date></date><hours>null</hours><owner/></time_entry>"
    )
    assert body == {"notes": "", "task_id": None, "date": None, "hours": None, "owner": None}
    assert read("<time_entry><notes>null</notes></time_entry>") == {"notes": None}


def test_arrays_objects_and_attributes():
    body = read(
        '<time_entry><user_ids type="array"><user_id>1</user_id><user_id> 3 </user_id>'
        '</user_ids><owner><id>4</id></owner><hours type="float">1</hours></time_entry>'
    )
    assert body == {"user_ids": [1, 3], "owner": {"id": 4}, "hours": 1}
    assert read("<time_entry><user_ids/></time_entry>") == {"user_ids": []}


@pytest.mark.parametrize(
    ("xml", "kept"),
    [
        ("<time_entry><hours>two</hours></time_entry>", {"hours": "two"}),
        ("<time_entry><hours>1e</hours></time_entry>", {"hours": "1e"}),
        ("<time_entry><billable>1</billable></time_entry>", {"billable": "1"}),
        ("<time_entry><billable>True</billable></time_entry>", {"billable": "True"}),
        ("<time_entry><task_id>0x10</task_id></time_entry>", {"task_id": "0x10"}),
        ("<time_entry><hours><x>1</x></hours></time_entry>", {"hours": {"x": "1"}}),
        ("<time_entry><vat>20</vat></time_entry>", {"vat": "20"}),
    ],
)
def test_what_does_not_fit_is_kept_for_schema_validation_to_refuse(xml, kept):
    assert read(xml) == kept


def test_an_empty_root_is_an_empty_object_and_root_text_is_kept():
    assert read("<time_entry/>") == {}
    assert read("<time_entry>\n  </time_entry>") == {}
    assert read("<time_entry>text</time_entry>") == "text"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"<contact/>", "root element <time_entry>, not <contact>"),
        (b"<time_entry><hours>1</hours><hours>2</hours></time_entry>", "appears twice"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><time_entry/>', "DTDs or entities"),
        (b"<time_entry>", "Malformed XML"),
        (b"<time_entry>caf\xe9</time_entry>", "not valid UTF-8"),
        (b'<?xml version="1.0" encoding="latin-1"?><time_entry/>', "UTF-8"),
        (b"<time_entry>" + b"<a>" * 20 + b"</a>" * 20 + b"</time_entry>", "deeper"),
    ],
)
def test_unreadable_bodies_are_400(raw, message):
    with pytest.raises(ApiError) as raised:
        read_xml_body(raw, ENTRY)
    assert raised.value.kind.value == 400 and message in raised.value.message


def test_schema_helpers():
    assert effective(ENTRY["properties"]["notes"]) == {
        "type": "string",
        "maxLength": 10,
        "default": "",
    }
    assert array_properties(ENTRY) == {"user_ids"}
    assert from_xml("5", {"type": "integer"}) == 5
    assert from_xml("5", {}) == "5"
