"""XML, JSON and JSONP: the suffix decides, containers as the seed shows, CDATA, callbacks."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest

import contract
from conformance.xmlshape import OpenApiDocument, xml_to_json
from tests.integration.tweetworks.conftest import error_of, items

SPEC = OpenApiDocument(contract.load("tweetworks"))
READS = {
    "/posts/index.{format}": "posts/index",
    "/posts/index/{order}.{format}": "posts/index/updated",
    "/posts/view/{id}.{format}": "posts/view/12071",
    "/posts/group/{group}/{order}.{format}": "posts/group/Tweetworks140/newest",
    "/posts/contributed/{username}/{order}.{format}": "posts/contributed/demo/updated",
    "/posts/joined_groups/{username}/{order}.{format}": "posts/joined_groups/demo/newest",
    "/groups/index.{format}": "groups/index",
    "/groups/view/{idOrName}.{format}": "groups/view/7",
    "/groups/joined/{username}.{format}": "groups/joined/demo",
    "/users/group/{group}.{format}": "users/group/Tweetworks140",
    "/users/index.{format}": "users/index",
    "/users/view/{idOrUsername}.{format}": "users/view/other",
    "/users/login.{format}": "users/login",
}


@pytest.mark.parametrize("template", list(READS))
def test_xml_carries_the_same_data_as_json(demo, template):
    path = READS[template]
    as_json = demo.get(f"{path}.json")
    as_xml = demo.get(f"{path}.xml")
    assert as_json.status_code == as_xml.status_code == 200
    assert as_xml.headers["content-type"] == "application/xml"
    schema = SPEC.response_schema(template, "get", 200, "application/xml")
    assert xml_to_json(as_xml.content, schema, SPEC) == as_json.json()


def test_the_xml_follows_the_seed(demo):
    response = demo.get("posts/view/12071.xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "posts" and {child.tag for child in root} == {"post"}
    post = root.find("post")
    assert [child.tag for child in post] == [
        "id", "user_id", "group_id", "parent_id", "twitter_id", "bingo",
        "body", "created", "group", "user", "replies",
    ]  # fmt: skip
    assert [child.tag for child in post.find("user")] == [
        "id", "username", "avatar_url", "name", "twitter_id"
    ]  # fmt: skip
    for cdata in ("body", "created", "username", "avatar_url", "name"):
        assert re.search(rf"<{cdata}><!\[CDATA\[".encode(), response.content), cdata
    assert b"<parent_id></parent_id>" in response.content  # null: an empty element


def test_the_container_is_there_for_one_item_and_for_none(demo):
    one = demo.get("users/view/demo.xml")
    root = ElementTree.fromstring(one.content)
    assert root.tag == "users" and [c.tag for c in root] == ["user"]
    assert items(demo.get("users/view/1.json"), "users")[0]["username"] == "demo"
    empty = demo.get("posts/index.xml", params={"page": 999})
    assert empty.status_code == 200
    assert ElementTree.fromstring(empty.content).tag == "posts"
    assert items(demo.get("posts/index.json", params={"page": 999}), "posts") == []


def test_a_body_with_cdata_terminators_and_crs_round_trips_through_xml(demo):
    text = "a ]]> b ]]]]> <script>&amp;\r\nnext line\ttab é \U0001f600"
    made = demo.post("posts/add.xml", data={"data[Post][body]": text})
    assert made.status_code == 200, made.text
    root = ElementTree.fromstring(made.content)  # well-formed despite the `]]>`
    assert root.find("post/body").text == text
    post_id = root.find("post/id").text
    viewed = demo.get(f"posts/view/{post_id}.xml")
    assert ElementTree.fromstring(viewed.content).find("post/body").text == text
    assert items(demo.get(f"posts/view/{post_id}.json"), "posts")[0]["body"] == text


def test_jsonp_wraps_exactly_the_json(demo):
    plain = demo.get("posts/index/newest.json")
    wrapped = demo.get("posts/index/newest.json", params={"jsonp": "My.callback"})
    assert wrapped.status_code == 200
    assert wrapped.headers["content-type"] == "application/javascript"
    assert wrapped.text.startswith("My.callback(") and wrapped.text.endswith(");")
    assert json.loads(wrapped.text[len("My.callback(") : -2]) == plain.json()


def test_script_wraps_the_callback_in_a_script_tag(demo):
    response = demo.get("users/login.json", params={"jsonp": "cb", "script": ""})
    assert response.headers["content-type"] == "text/html"
    prefix, suffix = '<script type="text/javascript">cb(', ");</script>"
    assert response.text.startswith(prefix) and response.text.endswith(suffix)
    assert json.loads(response.text[len(prefix) : -len(suffix)])["users"][0]["username"] == "demo"


def test_script_alone_wraps_the_json_in_a_script_tag(demo):
    plain = demo.get("users/login.json")
    response = demo.get("users/login.json", params={"script": ""})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html"
    prefix, suffix = '<script type="text/javascript">', "</script>"
    assert response.text.startswith(prefix) and response.text.endswith(suffix)
    assert json.loads(response.text[len(prefix) : -len(suffix)]) == plain.json()


def test_script_alone_never_lets_a_string_close_the_tag(demo):
    demo.post("posts/add.json", data={"data[Post][body]": "</script><b>x</b>"})
    response = demo.get("posts/index/newest.json", params={"script": "1"})
    assert response.text.count("</script>") == 1 and "<\\/script>" in response.text


def test_an_error_with_script_is_the_plain_error_container(demo):
    response = demo.get("posts/view/999999.json", params={"script": ""})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"error"}


def test_script_or_jsonp_with_xml_changes_nothing(demo):
    as_xml = demo.get("users/login.xml", params={"jsonp": "cb", "script": ""})
    assert as_xml.headers["content-type"] == "application/xml"
    assert ElementTree.fromstring(as_xml.content).tag == "users"


def test_jsonp_never_lets_a_string_close_the_script_tag(demo):
    demo.post("posts/add.json", data={"data[Post][body]": "</script><script>alert(1)</script>"})
    response = demo.get("posts/index/newest.json", params={"jsonp": "cb", "script": "1"})
    assert response.text.count("</script>") == 1 and response.text.endswith("</script>")
    assert "<\\/script>" in response.text


HOSTILE = ["alert(1)//", "<script>alert(1)</script>", "a" * 10_000, "", "x;y", "a..b", "1abc"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("callback", HOSTILE, ids=lambda c: c[:20] or "empty")
def test_a_hostile_callback_gets_the_error_container_and_is_never_reflected(demo, callback, fmt):
    response = demo.get(f"posts/index/newest.{fmt}", params={"jsonp": callback, "script": ""})
    text = error_of(response, 400, fmt)
    assert "jsonp" in text
    if callback:
        assert callback[:30].encode() not in response.content


def test_errors_follow_the_suffix_and_are_never_wrapped(demo):
    assert error_of(demo.get("posts/view/1.xml"), 404, "xml") == "Post '1' not found"
    assert error_of(demo.get("posts/view/1.json", params={"jsonp": "cb"}), 404) == (
        "Post '1' not found"
    )


@pytest.mark.parametrize("path", ["posts/index.yaml", "posts/index", "posts/index.XML"])
def test_an_unknown_or_missing_suffix_is_a_404_in_json(demo, path):
    assert "json or .xml" in error_of(demo.get(path), 404)


def test_a_method_the_path_lacks_is_405_with_allow_in_the_requested_format(demo):
    response = demo.delete("posts/add.xml")
    error_of(response, 405, "xml")
    assert response.headers["allow"] == "POST"
