"""Organizations: visibility by membership and the owner/admin/member roles."""

from __future__ import annotations

from tests.integration.example.conftest import error_of


def _org_where(client, role):
    orgs = client.get("organizations").json()["data"]
    return next(o for o in orgs if o["role"] == role)


def test_users_see_only_their_organizations(demo, as_user):
    stranger = as_user("enterprise@example.com")
    created = demo.post("organizations", json={"name": "My Organization", "slug": "my-org"})
    assert created.status_code == 201, created.text
    org = created.json()["data"]
    assert org["role"] == "owner" and org["member_count"] == 1
    assert org["id"] in [o["id"] for o in demo.get("organizations").json()["data"]]
    assert org["id"] not in [o["id"] for o in stranger.get("organizations").json()["data"]]
    error_of(stranger.get(f"organizations/{org['id']}"), 404, "resource_not_found")


def test_a_member_cannot_change_the_organization_or_its_members(demo):
    org = _org_where(demo, "member")
    error_of(
        demo.patch(f"organizations/{org['id']}", json={"name": "Mine now"}),
        403,
        "insufficient_permissions",
    )
    members = demo.get(f"organizations/{org['id']}/members").json()["data"]
    other = next(m for m in members if m["role"] != "owner")
    error_of(
        demo.delete(f"organizations/{org['id']}/members/{other['user_id']}"),
        403,
        "insufficient_permissions",
    )
    error_of(demo.delete(f"organizations/{org['id']}"), 403, "insufficient_permissions")


def test_an_admin_manages_members_but_only_the_owner_deletes(demo, as_user):
    org = _org_where(demo, "admin")
    members = demo.get(f"organizations/{org['id']}/members").json()["data"]
    owner = next(m for m in members if m["role"] == "owner")
    newcomer = as_user("pro@example.com").get("users/me").json()["data"]
    added = demo.post(f"organizations/{org['id']}/members", json={"user_id": newcomer["id"]})
    if added.status_code == 409:  # already a member: remove then add again
        assert demo.delete(f"organizations/{org['id']}/members/{newcomer['id']}").status_code == 204
        added = demo.post(f"organizations/{org['id']}/members", json={"user_id": newcomer["id"]})
    assert added.status_code == 201, added.text
    assert added.json()["data"]["role"] == "member"
    error_of(
        demo.post(f"organizations/{org['id']}/members", json={"user_id": newcomer["id"]}),
        409,
        "conflict",
    )
    error_of(
        demo.post(f"organizations/{org['id']}/members", json={"user_id": "usr_nobody000"}),
        404,
        "resource_not_found",
    )
    error_of(demo.delete(f"organizations/{org['id']}"), 403, "insufficient_permissions")
    assert owner["user_id"] != newcomer["id"]


def test_owner_deletes_and_slug_conflicts(demo):
    org = demo.post("organizations", json={"name": "Temp", "slug": "temp-org"}).json()["data"]
    error_of(
        demo.post("organizations", json={"name": "Again", "slug": "temp-org"}), 409, "conflict"
    )
    me = demo.get("users/me").json()["data"]
    error_of(demo.delete(f"organizations/{org['id']}/members/{me['id']}"), 409, "conflict")
    assert demo.delete(f"organizations/{org['id']}").status_code == 204
    error_of(demo.get(f"organizations/{org['id']}"), 404, "resource_not_found")


def test_users_list_is_limited_to_shared_organizations_and_filters(demo):
    users = demo.get("users", params={"per_page": 100}).json()
    ids = {u["id"] for u in users["data"]}
    me = demo.get("users/me").json()["data"]
    assert me["id"] in ids and users["meta"]["total"] == len(ids)
    owners = demo.get("users", params={"role": "owner", "per_page": 100}).json()["data"]
    assert owners and len(owners) < len(ids)
    found = demo.get("users", params={"search": me["username"]}).json()["data"]
    assert [u["id"] for u in found] == [me["id"]]


def test_profile_update_merges(demo):
    before = demo.get("users/me").json()["data"]["profile"]
    after = demo.patch("users/me", json={"profile": {"first_name": "Jane"}}).json()["data"]
    assert after["profile"]["first_name"] == "Jane"
    assert after["profile"]["last_name"] == before["last_name"]
