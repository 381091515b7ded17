"""Posts: discussions and threaded replies, orders, pages, id windows, search, access."""

from __future__ import annotations

import re

from tests.integration.tweetworks.conftest import error_of, items


def add(http, body, **fields):
    data = {"data[Post][body]": body, **{f"data[Post][{k}]": str(v) for k, v in fields.items()}}
    return items(http.post("posts/add.json", data=data), "posts")[0]


def ids(response, container="posts"):
    return [item["id"] for item in items(response, container)]


def test_a_discussion_in_the_public_stream(demo):
    post = add(demo, "Anyone using Tweetworks from a phone?")
    assert post["user"]["username"] == "demo" and post["user_id"] == 1
    assert (post["group_id"], post["group"], post["parent_id"]) == (None, None, None)
    assert (post["twitter_id"], post["bingo"], post["replies"]) == (None, "", 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", post["created"])
    assert ids(demo.get("posts/index/newest.json"))[0] == post["id"]


def test_send_to_twitter_gives_a_twitter_id(demo):
    first = add(demo, "cross-posted", sendToTwitter=1)
    second = add(demo, "cross-posted again", sendToTwitter=1)
    assert isinstance(first["twitter_id"], int) and second["twitter_id"] > first["twitter_id"]
    assert add(demo, "not cross-posted", sendToTwitter=0)["twitter_id"] is None


def test_a_discussion_in_a_group_carries_the_group(demo):
    post = add(demo, "group talk", groupId=42)
    assert post["group_id"] == 42 and post["group"]["name"] == "Tweetworks140"
    assert post["id"] in ids(demo.get("posts/group/Tweetworks140/newest.json"))
    assert post["id"] in ids(demo.get("posts/group/42/newest.json"))  # the id works too


def test_replies_thread_under_their_discussion_and_keep_its_group(demo, other):
    root = add(demo, "root", groupId=42)
    first = add(other, "first reply", parentId=root["id"], groupId=7)  # groupId is ignored
    nested = add(demo, "reply to the reply", parentId=first["id"])
    second = add(other, "second reply", parentId=root["id"])
    assert first["group_id"] == nested["group_id"] == 42
    assert nested["parent_id"] == first["id"]
    thread = items(demo.get(f"posts/view/{nested['id']}.json"), "posts")
    assert [p["id"] for p in thread] == [root["id"], first["id"], nested["id"], second["id"]]
    assert [p["replies"] for p in thread] == [3, 1, 0, 0]
    listed = items(demo.get("posts/group/Tweetworks140/newest.json"), "posts")
    assert [p["id"] for p in listed if p["id"] == root["id"]] == [root["id"]]
    assert all(p["parent_id"] is None for p in listed)  # listings hold discussions only


def test_newest_is_by_creation_and_updated_by_latest_reply(demo):
    older = ids(demo.get("posts/index/newest.json"))[5]
    newer = add(demo, "a fresh discussion")
    assert ids(demo.get("posts/index/newest.json"))[0] == newer["id"]
    add(demo, "bumping an older one", parentId=older)
    updated = ids(demo.get("posts/index/updated.json"))
    assert updated[:2] == [older, newer["id"]]
    assert ids(demo.get("posts/index.json")) == ids(demo.get("posts/index/newest.json"))


def test_pages_hold_twenty_discussions_without_overlap(demo):
    seen: list[int] = []
    page = 1
    while True:
        found = ids(demo.get("posts/index/newest.json", params={"page": page}))
        if not found:
            break
        assert len(found) <= 20
        seen += found
        page += 1
    assert page > 3 and len(seen) == len(set(seen)) and seen == sorted(seen, reverse=True)


def test_before_and_after_id_cut_the_listing(demo):
    newest = ids(demo.get("posts/index/newest.json"))
    pivot = newest[5]
    before = ids(demo.get("posts/index/newest.json", params={"beforeId": pivot}))
    after = ids(demo.get("posts/index/newest.json", params={"afterId": pivot}))
    assert before[0] == newest[6] and all(i < pivot for i in before)
    assert after == newest[:5]
    between = ids(
        demo.get("posts/index/newest.json", params={"beforeId": pivot, "afterId": newest[9]})
    )
    assert between == newest[6:9]
    assert ids(demo.get("posts/index.json", params={"beforeId": 5, "afterId": 9})) == []


def test_q_searches_bodies_case_insensitively_on_every_listing(demo):
    post = add(demo, "Is FACEBOOK copying us?", groupId=42)
    for path in (
        "posts/index.json",
        "posts/index/updated.json",
        "posts/group/Tweetworks140/newest.json",
        "posts/contributed/demo/newest.json",
    ):
        found = items(demo.get(path, params={"q": "facebook copying"}), "posts")
        assert [p["id"] for p in found] == [post["id"]], path
    found = items(demo.get("posts/index.json", params={"q": "Facebook"}), "posts")
    assert found and all("facebook" in p["body"].lower() for p in found)


def test_contributed_lists_discussions_the_user_started_or_replied_to(demo, other):
    theirs = add(other, "other's discussion")
    add(demo, "demo chimes in", parentId=theirs["id"])
    contributed = items(demo.get("posts/contributed/demo/updated.json"), "posts")
    assert contributed[0]["id"] == theirs["id"]
    assert all(p["parent_id"] is None for p in contributed)


def test_private_discussions_stay_among_confirmed_members(demo, other, anonymous):
    secret = add(other, "insiders only", groupId=7)
    assert secret["id"] not in ids(demo.get("posts/index/newest.json"))
    assert secret["id"] not in ids(other.get("posts/index/newest.json"))  # index: public only
    error_of(anonymous.get("posts/group/OtherInsiders/newest.json"), 401)
    error_of(demo.get("posts/group/OtherInsiders/newest.xml"), 403, "xml")
    error_of(anonymous.get(f"posts/view/{secret['id']}.json"), 401)
    error_of(demo.get(f"posts/view/{secret['id']}.json"), 403)
    assert ids(other.get("posts/group/OtherInsiders/newest.json"))[0] == secret["id"]
    # other's contributions, seen by demo, leave the private discussion out
    assert secret["id"] not in ids(demo.get("posts/contributed/other/newest.json"))
    assert secret["id"] in ids(other.get("posts/contributed/other/newest.json"))


def test_joined_groups_lists_the_callers_groups_only(demo, other):
    in_night_owls = add(demo, "a private group demo belongs to", groupId=3)
    joined = ids(demo.get("posts/joined_groups/demo/newest.json"))
    assert joined[0] == in_night_owls["id"]
    assert "own groups" in error_of(demo.get("posts/joined_groups/other/newest.json"), 403)
    error_of(demo.get("posts/joined_groups/nobody/newest.json"), 403)


def test_posting_needs_basic_authentication(anonymous, base):
    response = anonymous.post("posts/add.xml", data={"data[Post][body]": "hi"})
    error_of(response, 401, "xml")
