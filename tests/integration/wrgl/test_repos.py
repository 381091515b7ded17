"""Repositories: listing over the live store, ownership, visibility and publishing."""

from __future__ import annotations

from tests.integration.wrgl.conftest import (
    all_repos,
    commit,
    committed,
    error_of,
)

CSV = b"id,v\n1,a\n2,b\n"


def test_list_pages_of_30_sorted_by_name_with_a_total_count(demo):
    first = demo.get("repos").json()
    assert first["count"] > 30
    assert len(first["repos"]) == 30
    second = demo.get("repos", params={"offset": 30}).json()
    assert second["count"] == first["count"]
    assert len(second["repos"]) == first["count"] - 30
    names = [r["name"] for r in first["repos"] + second["repos"]]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert demo.get("repos", params={"offset": 1_000_000}).json()["repos"] == []
    assert set(first["repos"][0]) == {"name", "hash", "updateTime", "isPublic", "size"}


def test_empty_offset_and_search_start_from_the_beginning(demo):
    plain = demo.get("repos").json()
    assert demo.get("repos?offset=&search=").json() == plain


def test_bad_offsets_are_400(demo):
    for offset in ("-1", "abc", "1000001", "1.5"):
        error_of(demo.get("repos", params={"offset": offset}), 400)


def test_search_is_a_name_prefix(demo):
    committed(demo, "zz-alpha", CSV)
    committed(demo, "zz-beta", CSV)
    committed(demo, "xzz-not", CSV)
    found = demo.get("repos", params={"search": "zz-"}).json()
    assert [r["name"] for r in found["repos"]] == ["zz-alpha", "zz-beta"]
    assert found["count"] == 2
    assert demo.get("repos", params={"search": "ZZ-"}).json()["count"] == 0


def test_new_commits_show_up_in_the_live_list(demo):
    before = demo.get("repos").json()["count"]
    made = committed(demo, "aaa-first-in-line", CSV)
    listed = demo.get("repos").json()
    assert listed["count"] == before + 1
    repo = listed["repos"][0]
    assert repo["name"] == "aaa-first-in-line"
    assert repo["hash"] == made["hash"]
    assert repo["size"] == len(CSV)


def test_hash_update_time_and_size_follow_the_latest_commit(demo):
    first = committed(demo, "tracked", CSV)
    second = committed(demo, "tracked", CSV + b"3,c\n")
    again = committed(demo, "tracked", CSV)  # the same file again is stored once
    repo = next(r for r in all_repos(demo) if r["name"] == "tracked")
    latest = demo.get("repos/tracked/commits/latest").json()
    assert repo["hash"] == again["hash"] == latest["hash"]
    assert repo["updateTime"] == latest["commitTime"]
    assert repo["size"] == len(CSV) + len(CSV) + len(b"3,c\n")
    assert len({first["hash"], second["hash"], again["hash"]}) == 3


def test_default_visibility_per_plan(demo, other):
    committed(demo, "paid-default", CSV)
    committed(other, "free-default", CSV)
    assert _repo(demo, "paid-default")["isPublic"] is False
    assert _repo(other, "free-default")["isPublic"] is True


def _repo(http, name):
    return next(r for r in all_repos(http) if r["name"] == name)


def test_private_repos_are_invisible_to_others(demo, other):
    committed(demo, "secret-stuff", CSV)
    hash_ = demo.get("repos/secret-stuff/commits/latest").json()["hash"]
    assert "secret-stuff" not in {r["name"] for r in all_repos(other)}
    for path in (
        "repos/secret-stuff/commits",
        "repos/secret-stuff/commits/latest",
        f"repos/secret-stuff/commits/{hash_}",
        "repos/secret-stuff/commits/latest/csv",
        f"repos/secret-stuff/commits/{hash_}/csv",
    ):
        assert error_of(other.get(path), 404) == "repo 'secret-stuff' not found"
    error_of(other.post("repos/secret-stuff/publish", json={"public": True}), 404)
    missing = other.get("repos/no-such-repo/commits/latest")
    assert error_of(missing, 404) == "repo 'no-such-repo' not found"


def test_public_repos_are_readable_by_every_key(demo, other):
    made = committed(other, "open-data", CSV)
    assert "open-data" in {r["name"] for r in all_repos(demo)}
    assert demo.get("repos/open-data/commits/latest").json()["hash"] == made["hash"]
    assert demo.get("repos/open-data/commits/latest/csv").content == CSV


def test_commits_to_another_users_repo_are_403_and_store_nothing(demo, other):
    committed(other, "theirs", CSV)
    committed(demo, "mine-private", CSV)
    before = other.get("repos/theirs/commits").json()
    error_of(commit(demo, "theirs", CSV + b"9,z\n"), 403)
    error_of(commit(other, "mine-private", CSV), 403)
    assert other.get("repos/theirs/commits").json() == before
    assert len(demo.get("repos/mine-private/commits").json()["commits"]) == 1


def test_publish_and_unpublish(demo, other):
    made = committed(demo, "to-publish", CSV)
    published = demo.post("repos/to-publish/publish", json={"public": True})
    assert published.status_code == 200, published.text
    body = published.json()
    assert body["hash"] == made["hash"] and body["contentHash"] == made["contentHash"]
    assert "table" not in body
    assert other.get("repos/to-publish/commits/latest").status_code == 200
    again = demo.post("repos/to-publish/publish", json={"public": True})
    assert again.json() == body  # idempotent
    assert demo.post("repos/to-publish/publish", json={"public": False}).status_code == 200
    error_of(other.get("repos/to-publish/commits/latest"), 404)
    assert _repo(demo, "to-publish")["isPublic"] is False


def test_only_the_owner_publishes(demo, other):
    committed(other, "others-public", CSV)
    message = error_of(demo.post("repos/others-public/publish", json={"public": True}), 403)
    assert "owner" in message


def test_free_plans_cannot_make_a_repo_private(other):
    committed(other, "free-repo", CSV)
    message = error_of(other.post("repos/free-repo/publish", json={"public": False}), 403)
    assert message == "only paid plans can make a repository private"
    assert other.post("repos/free-repo/publish", json={"public": True}).status_code == 200
    assert _repo(other, "free-repo")["isPublic"] is True


def test_publish_body_must_be_json_with_a_boolean(demo):
    committed(demo, "pub-body", CSV)
    error_of(demo.post("repos/pub-body/publish", json={}), 400)
    error_of(demo.post("repos/pub-body/publish", json={"public": "yes"}), 400)
    error_of(demo.post("repos/pub-body/publish", json={"public": True, "extra": 1}), 400)
    error_of(
        demo.post(
            "repos/pub-body/publish",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        ),
        400,
    )
    error_of(demo.post("repos/pub-body/publish", data={"public": "true"}), 415)
