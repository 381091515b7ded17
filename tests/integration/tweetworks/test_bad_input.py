"""Bad input: the error container in the requested format, and nothing stored."""

from __future__ import annotations

import pytest

from tests.integration.tweetworks.conftest import DEMO, KEY, error_of, snapshot

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture()
def unchanged(runtime):
    """Asserts, after the test, that the store is exactly as before it."""
    before = snapshot(runtime)
    yield
    assert snapshot(runtime) == before


def post(demo, fmt="json", **fields):
    return demo.post(f"posts/add.{fmt}", data={f"data[Post][{k}]": v for k, v in fields.items()})


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_or_empty_or_blank_body(demo, fmt):
    error_of(post(demo, fmt, groupId="42"), 400, fmt)
    error_of(post(demo, fmt, body=""), 400, fmt)
    error_of(post(demo, fmt, body=" \t\n "), 400, fmt)
    error_of(post(demo, fmt, body="x" * 1001), 400, fmt)


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\ufffe"])
def test_a_body_with_control_characters(demo, control):
    assert "data[Post][body]" in error_of(post(demo, "xml", body=f"bad {control} body"), 400, "xml")
    group = demo.post(
        "groups/add.json", data={"data[Group][name]": "Ctl", "data[Group][description]": control}
    )
    assert "data[Group][description]" in error_of(group, 400)


@pytest.mark.usefixtures("unchanged")
def test_a_parent_or_group_that_does_not_exist(demo):
    assert error_of(post(demo, body="x", parentId="999999"), 404) == "Post '999999' not found"
    assert error_of(post(demo, "xml", body="x", groupId="999999"), 404, "xml") == (
        "Group '999999' not found"
    )
    error_of(post(demo, body="x", groupId="0"), 400)
    error_of(post(demo, body="x", parentId="abc"), 400)


def test_posting_or_replying_into_a_private_group_as_a_non_member(demo, other, runtime):
    made = other.post(
        "posts/add.json", data={"data[Post][body]": "inside", "data[Post][groupId]": "7"}
    )
    inside = made.json()["posts"][0]["id"]
    demo.post("groups/join/OtherInsiders.json")  # pending is not enough
    before = snapshot(runtime)
    error_of(post(demo, body="let me in", groupId="7"), 403)
    error_of(post(demo, "xml", body="me too", parentId=str(inside)), 403, "xml")
    assert snapshot(runtime) == before


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "100001"])
def test_a_bad_page(demo, page):
    error_of(demo.get("posts/index.xml", params={"page": page}), 400, "xml")
    error_of(demo.get("groups/index.json", params={"page": page}), 400)


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("name", ["beforeId", "afterId"])
@pytest.mark.parametrize("value", ["0", "-5", "abc", "2147483648"])
def test_a_bad_post_id_window(demo, name, value):
    error_of(demo.get("posts/index/newest.json", params={name: value}), 400)


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    "body",
    [
        b"data%5Bkey%5D=tweetworks_demo_key&data%5BPost%5D%5Bbody%5D=%ZZbad",
        b"data%5Bkey%5D=tweetworks_demo_key&data%5BPost%5D%5Bbody%5D=%FF%FE",
        "data%5Bkey%5D=tweetworks_demo_key&data%5BPost%5D%5Bbody%5D=h\u00e9".encode(),
        b"data%5Bkey%5D=tweetworks_demo_key&data%5BPost%5D%5Bbody%5D=a&data%5BPost%5D%5Bbody%5D=b",
        b"data%5Bkey%5D=tweetworks_demo_key&=orphan&data%5BPost%5D%5Bbody%5D=a",
        b"data%5Bkey%5D=tweetworks_demo_key&data%5BPost%5D%5Bbody=unclosed",
        b'{"data": {"Post": {"body": "json"}}}',
    ],
    ids=["bad-escape", "not-utf8", "raw-non-ascii", "repeated", "no-name", "unknown-field", "json"],
)
def test_a_malformed_form_body(demo, body):
    error_of(demo.post("posts/add.xml", content=body, headers=FORM), 400, "xml")


@pytest.mark.usefixtures("unchanged")
def test_a_body_that_is_not_a_form(demo):
    response = demo.post(
        "posts/add.json", content=b'{"a": 1}', headers={"content-type": "application/json"}
    )
    assert "x-www-form-urlencoded" in error_of(response, 400)


@pytest.mark.usefixtures("unchanged")
def test_an_oversized_body(demo):
    big = "x" * (64 * 1024)
    error_of(post(demo, "xml", body=big), 413, "xml")
    error_of(
        demo.post(
            "groups/add.json", data={"data[Group][name]": "Big", "data[Group][description]": big}
        ),
        413,
    )


@pytest.mark.usefixtures("unchanged")
def test_an_unknown_suffix(raw):
    error_of(
        raw.post("posts/add.yaml", data={"data[key]": KEY, "data[Post][body]": "x"}, auth=DEMO), 404
    )
    error_of(raw.get("posts/index.yaml", params={"data[key]": KEY}), 404)


def test_a_body_with_cdata_terminators_is_stored_as_sent(demo, runtime):
    body = "ends ]]>"
    made = post(demo, "xml", body=body)
    assert made.status_code == 200
    assert max(runtime.state.posts.values(), key=lambda p: p["id"])["body"] == body
