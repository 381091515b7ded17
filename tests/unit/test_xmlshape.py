"""XML read as the JSON its OpenAPI schema describes (conformance/xmlshape.py)."""

from __future__ import annotations

import pytest

from conformance.xmlshape import OpenApiDocument, XmlShapeError, xml_to_json

DOC = OpenApiDocument(
    {
        "paths": {
            "/things.{format}": {
                "get": {
                    "responses": {
                        "200": {"$ref": "#/components/responses/Things"},
                        "4XX": {
                            "content": {
                                "application/xml": {"schema": {"$ref": "#/components/schemas/Err"}}
                            }
                        },
                    }
                }
            }
        },
        "components": {
            "responses": {
                "Things": {
                    "content": {
                        "application/xml": {"schema": {"$ref": "#/components/schemas/Things"}}
                    }
                }
            },
            "schemas": {
                "Err": {
                    "type": "object",
                    "xml": {"name": "error"},
                    "properties": {"text": {"type": "string"}},
                },
                "Owner": {
                    "type": "object",
                    "nullable": True,
                    "xml": {"name": "owner"},
                    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                },
                "Thing": {
                    "type": "object",
                    "xml": {"name": "thing"},
                    "properties": {
                        "id": {"type": "integer"},
                        "price": {"type": "number"},
                        "active": {"type": "boolean"},
                        "parent": {"type": "integer", "nullable": True},
                        "flag": {"type": "string", "enum": ["1", ""]},
                        "label": {"type": "string"},
                        "owner": {"$ref": "#/components/schemas/Owner"},
                        "tags": {
                            "type": "array",
                            "xml": {"wrapped": True},
                            "items": {"type": "string", "xml": {"name": "tag"}},
                        },
                    },
                },
                "Special": {
                    "xml": {"name": "thing"},
                    "allOf": [
                        {"$ref": "#/components/schemas/Thing"},
                        {"type": "object", "properties": {"extra": {"type": "integer"}}},
                    ],
                },
                "Things": {
                    "type": "object",
                    "xml": {"name": "things"},
                    "properties": {
                        "things": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
            },
        },
    }
)
THINGS = DOC.response_schema("/things.{format}", "GET", 200, "application/xml")

ONE = (
    b"<things><thing><id>7</id><price>2.50</price><active>1</active><parent></parent>"
    b"<flag></flag><label><![CDATA[12 <b> ]]]]><![CDATA[>]]></label>"
    b"<owner><id>3</id><name>Ann</name></owner><tags><tag>a</tag><tag>b</tag></tags>"
    b"</thing></things>"
)


def test_leaves_are_coerced_by_the_schema_and_lists_follow_the_xml_rules():
    assert xml_to_json(ONE, THINGS, DOC) == {
        "things": [
            {
                "id": 7,
                "price": 2.5,
                "active": True,
                "parent": None,
                "flag": "",
                "label": "12 <b> ]]>",
                "owner": {"id": 3, "name": "Ann"},
                "tags": ["a", "b"],
            }
        ]
    }


def test_an_empty_container_is_an_empty_list_and_an_empty_nullable_object_is_null():
    assert xml_to_json(b"<things/>", THINGS, DOC) == {"things": []}
    document = b"<things><thing><owner></owner></thing><thing><id>x</id></thing></things>"
    assert xml_to_json(document, THINGS, DOC) == {"things": [{"owner": None}, {"id": "x"}]}


def test_unknown_and_repeated_elements_are_kept_for_validation_to_refuse():
    document = b"<things><thing><id>1</id><id>2</id><surprise><x>1</x></surprise></thing></things>"
    assert xml_to_json(document, THINGS, DOC) == {
        "things": [{"id": [1, 2], "surprise": {"x": "1"}}]
    }


def test_all_of_branches_are_merged():
    special = {"$ref": "#/components/schemas/Special"}
    assert xml_to_json(b"<thing><id>1</id><extra>2</extra></thing>", special, DOC) == {
        "id": 1,
        "extra": 2,
    }


def test_error_schemas_come_from_a_status_range():
    schema = DOC.response_schema("/things.{format}", "get", 404, "application/xml")
    assert xml_to_json(b"<error><text><![CDATA[nope]]></text></error>", schema, DOC) == {
        "text": "nope"
    }
    assert DOC.response_schema("/things.{format}", "get", 500, "application/xml") is None
    assert DOC.response_schema("/nowhere", "get", 200, "application/xml") is None


@pytest.mark.parametrize("text", ["1_000", "12\n", " 3", "0x10", "1e3"])
def test_integers_are_coerced_only_when_written_as_integers(text):
    document = f"<things><thing><id>{text}</id></thing></things>".encode()
    assert xml_to_json(document, THINGS, DOC)["things"][0]["id"] == text


@pytest.mark.parametrize(
    "document",
    [
        b"<posts><thing/></posts>",
        b"<things><thing>",
        b'<!DOCTYPE t [<!ENTITY x "y">]><things>&x;</things>',
    ],
)
def test_a_wrong_root_malformed_xml_or_a_dtd_cannot_be_read(document):
    with pytest.raises(XmlShapeError):
        xml_to_json(document, THINGS, DOC)


def one_active(text: str) -> bytes:
    return f"<things><thing><active>{text}</active></thing></things>".encode()


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False)])
def test_strict_booleans_read_true_and_false(text, value):
    read = xml_to_json(one_active(text), THINGS, DOC, strict_booleans=True)
    assert read == {"things": [{"active": value}]}


@pytest.mark.parametrize("text", ["1", "0", "", "TRUE", "yes", " true"])
def test_strict_booleans_refuse_any_other_text_naming_the_element(text):
    assert xml_to_json(one_active(text), THINGS, DOC)["things"][0]["active"] in (True, False, text)
    with pytest.raises(XmlShapeError, match=r"<active> holds .* must be written true or false"):
        xml_to_json(one_active(text), THINGS, DOC, strict_booleans=True)
