"""Groups: add, edit, the private-group plan rule, join and confirm, lookups, search."""

from __future__ import annotations

import httpx

from tests.integration.tweetworks.conftest import error_of, items

UPGRADE = "You must upgrade to create more private groups!"


def create(http, name, **fields):
    data = {"data[Group][name]": name, **{f"data[Group][{k}]": str(v) for k, v in fields.items()}}
    return http.post("groups/add.json", data=data)


def test_add_returns_the_group_and_makes_the_creator_a_member(demo):
    made = items(
        create(demo, "PhoneUsers", description="On the go", keywords="phone mobile"), "groups"
    )
    assert made == [
        {
            "id": made[0]["id"],
            "name": "PhoneUsers",
            "private": "",
            "description": "On the go",
            "keywords": "phone mobile",
        }
    ]
    assert made[0]["id"] in [g["id"] for g in items(demo.get("groups/joined/demo.json"), "groups")]
    assert [u["username"] for u in items(demo.get("users/group/PhoneUsers.json"), "users")] == [
        "demo"
    ]
    defaults = items(create(demo, "Bare-Group_1"), "groups")[0]
    assert (defaults["description"], defaults["keywords"], defaults["private"]) == ("", "", "")


def test_names_are_unique_case_insensitively(demo):
    assert "already exists" in error_of(create(demo, "tweetworks140"), 409)
    assert items(demo.get("groups/view/TWEETWORKS140.json"), "groups")[0]["id"] == 42


def test_a_free_user_may_own_one_private_group(demo, other):
    first = items(create(demo, "DemoSecrets", private=1), "groups")[0]
    assert first["private"] == "1"
    assert error_of(create(demo, "MoreSecrets", private=1), 403) == UPGRADE
    plain = items(create(demo, "NotSecret"), "groups")[0]
    edit = demo.post(f"groups/edit/{plain['id']}.xml", data={"data[Group][private]": "1"})
    assert error_of(edit, 403, "xml") == UPGRADE
    # a pro user (other already runs OtherInsiders) may own more
    assert items(create(other, "OtherSecrets", private=1), "groups")[0]["private"] == "1"


def test_edit_is_partial_and_for_the_administrator_only(demo, other):
    changed = demo.post("groups/edit/42.json", data={"data[Group][description]": "Everything."})
    group = items(changed, "groups")[0]
    assert (group["name"], group["description"]) == ("Tweetworks140", "Everything.")
    assert group["keywords"] == "tweetworks twitter groups"
    renamed = items(demo.post("groups/edit/42.json", data={"data[Group][name]": "TW140"}), "groups")
    assert renamed[0]["name"] == "TW140"
    assert items(demo.get("groups/view/TW140.json"), "groups")[0]["id"] == 42
    assert "administrator" in error_of(other.post("groups/edit/42.json", data={}), 403)
    error_of(demo.post("groups/edit/7.json", data={"data[Group][name]": "TW140"}), 403)
    error_of(demo.post("groups/edit/42.json", data={"data[Group][name]": "OtherInsiders"}), 409)
    error_of(demo.post("groups/edit/99999.json", data={}), 404)


def test_joining_a_public_group_is_immediate_and_idempotent(other):
    joined = items(other.post("groups/join/TWEETWORKS140.json"), "groups")[0]
    assert (joined["name"], joined["membership"]) == ("Tweetworks140", "member")
    assert (
        items(other.post("groups/join/Tweetworks140.json"), "groups")[0]["membership"] == "member"
    )
    members = [u["username"] for u in items(other.get("users/group/Tweetworks140.json"), "users")]
    assert "other" in members


def test_joining_a_private_group_waits_for_the_administrators_confirmation(demo, other, base):
    response = demo.post("groups/join/OtherInsiders.json")
    assert items(response, "groups")[0]["membership"] == "pending"
    assert (
        items(demo.post("groups/join/OtherInsiders.json"), "groups")[0]["membership"] == "pending"
    )
    error_of(demo.get("posts/group/OtherInsiders/newest.json"), 403)
    error_of(
        demo.post("posts/add.json", data={"data[Post][body]": "hi", "data[Post][groupId]": "7"}),
        403,
    )
    assert 7 not in [g["id"] for g in items(demo.get("groups/joined/demo.json"), "groups")]
    admin = base.split("/tweetworks/")[0]
    listed = httpx.get(f"{admin}/__admin/tweetworks/memberships/pending").json()["memberships"]
    assert {"group": "OtherInsiders", "user": "demo", "membership": "pending"} in listed
    confirmed = httpx.post(f"{admin}/__admin/tweetworks/memberships/OtherInsiders/demo/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["membership"] == "member"
    assert demo.get("posts/group/OtherInsiders/newest.json").status_code == 200
    post = items(
        demo.post("posts/add.json", data={"data[Post][body]": "in!", "data[Post][groupId]": "7"}),
        "posts",
    )
    assert post[0]["group"]["private"] == "1"
    assert items(demo.post("groups/join/OtherInsiders.json"), "groups")[0]["membership"] == "member"


def test_confirming_needs_a_pending_request(base):
    admin = base.split("/tweetworks/")[0] + "/__admin/tweetworks/memberships"
    assert httpx.post(f"{admin}/OtherInsiders/demo/confirm").status_code == 404
    assert httpx.post(f"{admin}/NoSuchGroup/demo/confirm").status_code == 404
    assert httpx.post(f"{admin}/7/2/confirm").status_code == 200  # the administrator, by ids


def test_view_takes_an_id_or_a_name(demo):
    by_id = items(demo.get("groups/view/7.json"), "groups")
    by_name = items(demo.get("groups/view/otherinsiders.json"), "groups")
    assert by_id == by_name and by_id[0]["private"] == "1"
    assert items(demo.get("groups/view/007.json"), "groups") == by_id
    error_of(demo.get("groups/view/99999.json"), 404)
    error_of(demo.get("groups/view/NoSuchGroup.xml"), 404, "xml")


def test_index_pages_thirty_groups_by_id(demo):
    first = items(demo.get("groups/index.json"), "groups")
    second = items(demo.get("groups/index.json", params={"page": 2}), "groups")
    assert len(first) == 30 and second
    ordered = [g["id"] for g in first + second]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)


def test_search_matches_name_description_or_keywords(demo):
    for query in ("tweetworks1", "IN 140 CHARACTERS", "twitter groups"):
        found = items(demo.get("groups/search.json", params={"data[query]": query}), "groups")
        assert 42 in [g["id"] for g in found], query
    assert items(demo.get("groups/search.json", params={"data[query]": "zzzqqq"}), "groups") == []
    error_of(demo.get("groups/search.json"), 400)


def test_joined_lists_confirmed_memberships_of_any_user(anonymous, demo):
    joined = [g["name"] for g in items(demo.get("groups/joined/demo.json"), "groups")]
    assert "NightOwls" in joined and "Tweetworks140" in joined
    error_of(demo.get("groups/joined/nobody.json"), 404)
    error_of(anonymous.get("groups/joined/demo.json"), 401)
