"""Users: browsing, members of a group (private ones for members), login, lookup, search."""

from __future__ import annotations

from tests.integration.tweetworks.conftest import error_of, items


def test_index_pages_thirty_users_by_id(demo):
    first = items(demo.get("users/index.json"), "users")
    second = items(demo.get("users/index.json", params={"page": 2}), "users")
    assert len(first) == 30 and second
    ordered = [u["id"] for u in first + second]
    assert ordered[:2] == [1, 2] and ordered == sorted(set(ordered))


def test_login_answers_the_authenticated_user(demo, other, anonymous, base):
    assert [u["username"] for u in items(demo.get("users/login.json"), "users")] == ["demo"]
    assert items(other.get("users/login.json"), "users")[0]["id"] == 2
    error_of(anonymous.get("users/login.json"), 401)


def test_view_takes_an_id_or_a_username(demo):
    by_id = items(demo.get("users/view/2.json"), "users")
    assert by_id == items(demo.get("users/view/OTHER.json"), "users")
    assert by_id[0]["avatar_url"].startswith("http://")
    error_of(demo.get("users/view/nobody_here.json"), 404)
    error_of(demo.get("users/view/99999.xml"), 404, "xml")


def test_group_members_are_confirmed_members_only(demo, other, anonymous):
    demo.post("groups/join/OtherInsiders.json")  # pending: not a member yet
    members = [u["username"] for u in items(other.get("users/group/OtherInsiders.json"), "users")]
    assert "other" in members and "demo" not in members
    error_of(anonymous.get("users/group/OtherInsiders.json"), 401)
    error_of(demo.get("users/group/OtherInsiders.xml"), 403, "xml")
    public = items(anonymous.get("users/group/Tweetworks140.json"), "users")
    assert "demo" in [u["username"] for u in public]
    error_of(demo.get("users/group/NoSuchGroup.json"), 404)


def test_wrong_credentials_count_as_none_where_authentication_is_optional(base):
    from tests.integration.tweetworks.conftest import client

    with client(base, ("demo", "wrong")) as wrong:
        assert wrong.get("users/group/Tweetworks140.json").status_code == 200
        error_of(wrong.get("users/group/OtherInsiders.json"), 401)
        error_of(wrong.get("users/login.json"), 401)


def test_search_matches_username_or_name(demo):
    by_username = items(demo.get("users/search.json", params={"data[query]": "DEM"}), "users")
    assert "demo" in [u["username"] for u in by_username]
    by_name = items(demo.get("users/search.json", params={"data[query]": "other user"}), "users")
    assert [u["username"] for u in by_name] == ["other"]
