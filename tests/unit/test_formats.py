from xml.etree import ElementTree

import pytest

from mockserver.core.errors import ApiError, ErrorKind
from mockserver.core.formats import (
    Format,
    XmlWriter,
    parse_xml,
    render_jsonp,
    suffix_format,
    valid_callback,
)
from mockserver.core.forms import MalformedForm, nest_envelope, parse_urlencoded


def test_cdata_stays_well_formed_with_a_closing_marker_inside():
    body = "a ]]> b <script>&"
    xml = XmlWriter(cdata_fields={"body"}).document("posts", [{"id": 1, "body": body}])
    root = ElementTree.fromstring(xml)
    assert root.tag == "posts"
    assert root.find("post/body").text == body
    assert root.find("post/id").text == "1"


def test_plain_text_is_escaped_and_control_characters_replaced():
    xml = XmlWriter().document("error", {"message": "<&>\x01"})
    assert ElementTree.fromstring(xml).find("message").text == "<&>\ufffd"


def test_lists_use_singular_child_names_and_booleans_the_old_convention():
    xml = XmlWriter().document("companies", [{"active": True, "archived": False}])
    root = ElementTree.fromstring(xml)
    assert [c.tag for c in root] == ["company"]
    assert root.find("company/active").text == "1"
    assert root.find("company/archived").text is None


def test_parse_xml_returns_nested_dicts():
    parsed = parse_xml(
        b"<company><name>ACME \xc3\xa9</name><address><city>X</city></address></company>"
    )
    assert parsed == {"company": {"name": "ACME é", "address": {"city": "X"}}}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<company><name>&lol2;</name></company>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<company><name>&xxe;</name></company>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE, b"<!DOCTYPE x><x/>"])
def test_parse_xml_refuses_dtds_and_entities(payload):
    with pytest.raises(ApiError) as caught:
        parse_xml(payload)
    assert caught.value.kind is ErrorKind.VALIDATION


def test_parse_xml_bounds_depth_and_rejects_malformed_input():
    deep = b"<a>" * 50 + b"x" + b"</a>" * 50
    with pytest.raises(ApiError, match="deeper"):
        parse_xml(deep, max_depth=16)
    with pytest.raises(ApiError, match="Malformed"):
        parse_xml(b"<a><b></a>")


@pytest.mark.parametrize("name", ["cb", "My.callback", "$jq_123.fn", "a" * 128])
def test_valid_callbacks(name):
    assert valid_callback(name)


@pytest.mark.parametrize(
    "name", ["alert(1)//", "<script>", "a" * 129, "", "1abc", "a..b", "a.b;c", "x\ny"]
)
def test_hostile_callbacks_are_refused(name):
    assert not valid_callback(name)


def test_jsonp_cannot_break_out_of_a_script_tag():
    body, media_type = render_jsonp("cb", {"text": "</script><script>alert(1)"}, script=True)
    assert media_type == "text/html"
    assert body.count(b"</script>") == 1
    assert body.startswith(b'<script type="text/javascript">cb(')


def test_suffix_format():
    assert suffix_format("/companies.json") is Format.JSON
    assert suffix_format("/companies/3.xml") is Format.XML
    assert suffix_format("/companies/3.XML") is None
    assert suffix_format("/companies.yaml") is None
    assert suffix_format("/companies") is None


def test_carriage_returns_survive_cdata_and_plain_text():
    text = "a\r\nb\rc ]]> d ]]>]]> e"
    xml = XmlWriter(cdata_fields={"body"}).document("post", {"body": text, "title": "x\ry"})
    root = ElementTree.fromstring(xml)
    assert root.find("body").text == text
    assert root.find("title").text == "x\ry"


# -- urlencoded forms (core/forms.py) ------------------------------------------------


def test_forms_decode_strictly():
    assert parse_urlencoded(b"data%5Bkey%5D=k&data%5BPost%5D%5Bbody%5D=a+b%C3%A9&&x=") == [
        ("data[key]", "k"),
        ("data[Post][body]", "a bé"),
        ("x", ""),
    ]
    assert parse_urlencoded(b"") == []


@pytest.mark.parametrize(
    "body",
    [b"a=%ZZ", b"a=%F", b"a=%FF", "a=\u00e9".encode(), b"a=1&a=2", b"=x"],
    ids=["bad-escape", "short-escape", "not-utf8", "raw-non-ascii", "repeated", "no-name"],
)
def test_malformed_forms_are_refused(body):
    with pytest.raises(MalformedForm):
        parse_urlencoded(body)


def test_array_fields_repeat_and_open_schemas_take_an_empty_name():
    """OpenAPI's default form encoding (style form, explode) repeats an array's name."""
    pairs = parse_urlencoded(b"tag=a&tag=b&=x", lambda name: name == "tag", empty_name=True)
    assert pairs == [("tag", "a"), ("tag", "b"), ("", "x")]
    with pytest.raises(MalformedForm, match="'name' appears more than once"):
        parse_urlencoded(b"name=a&name=b", lambda name: name == "tag")


def test_the_data_envelope_nests():
    fields = {
        "data[key]": "k",
        "data[Post][body]": "hi",
        "data[Post][groupId]": 42,
        "other": "ignored",
        "data[bad": "ignored",
    }
    assert nest_envelope(fields) == {"key": "k", "Post": {"body": "hi", "groupId": 42}}
    assert nest_envelope({"data[key]": "k", "data[key][x]": "y"}) == {"key": "k"}
