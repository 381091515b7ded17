"""Accounts isolate (another account's ids are 404, whatever the verb); roles and project
membership restrict inside an account (403)."""

from __future__ import annotations

import pytest

from tests.integration.teamworklive.conftest import error_of, snapshot, xml_body

# -- two accounts -------------------------------------------------------------------------


def other_account_ids(runtime):
    """One id of each resource that belongs to the other account."""
    state = runtime.state
    first = {}
    for name in ("companies", "contacts", "projects", "tasks", "time_entries", "users"):
        first[name] = next(r["id"] for r in getattr(state, name).values() if r["_account"] == 2)
    return first


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_no_id_of_another_account_is_readable_changeable_or_deletable(demo, runtime, fmt):
    ids = other_account_ids(runtime)
    before = snapshot(runtime)
    for name, record_id in ids.items():
        error_of(demo.get(f"{name}/{record_id}.{fmt}"), 404, fmt)
        if name != "users":
            error_of(demo.put(f"{name}/{record_id}.{fmt}", json={}), 404, fmt)
            error_of(demo.delete(f"{name}/{record_id}.{fmt}"), 404, fmt)
    nested = {
        f"companies/{ids['companies']}/contacts": {"first_name": "x"},
        f"companies/{ids['companies']}/projects": None,
        f"projects/{ids['projects']}/tasks": {"title": "x"},
        f"projects/{ids['projects']}/time_entries": {"date": "2024-01-01", "hours": 1},
    }
    for path, body in nested.items():
        error_of(demo.get(f"{path}.{fmt}"), 404, fmt)
        if body is not None:
            error_of(demo.post(f"{path}.{fmt}", json=body), 404, fmt)
    assert snapshot(runtime) == before


def test_ids_of_another_account_in_bodies_and_filters_are_404(demo, runtime):
    ids = other_account_ids(runtime)
    before = snapshot(runtime)
    assert (
        error_of(
            demo.post("projects.json", json={"company_id": ids["companies"], "name": "x"}), 404
        )["message"]
        == f"Company {ids['companies']} not found"
    )
    error_of(
        demo.post(
            "projects.json", json={"company_id": 17, "name": "x", "user_ids": [ids["users"]]}
        ),
        404,
    )
    error_of(demo.put("projects/42.json", json={"company_id": ids["companies"]}), 404)
    error_of(
        demo.post("projects/42/tasks.json", json={"title": "x", "assignee_id": ids["users"]}), 404
    )
    error_of(
        demo.post(
            "projects/42/time_entries.json",
            json={"date": "2024-01-01", "hours": 1, "user_id": ids["users"]},
        ),
        404,
    )
    error_of(
        demo.post(
            "projects/42/time_entries.json",
            json={"date": "2024-01-01", "hours": 1, "task_id": ids["tasks"]},
        ),
        404,
    )
    error_of(demo.get("time_entries.json", params={"project_id": ids["projects"]}), 404)
    error_of(demo.get("time_entries.json", params={"user_id": ids["users"]}), 404)
    error_of(demo.get("projects/42/tasks.json", params={"assignee_id": ids["users"]}), 404)
    assert snapshot(runtime) == before


def test_lists_hold_only_the_callers_account(demo, other, runtime):
    mine = {
        c["id"] for c in demo.get("companies.json", params={"per_page": 100}).json()["companies"]
    }
    theirs = {c["id"] for c in other.get("companies.json").json()["companies"]}
    assert mine and theirs and not mine & theirs
    users = other.get("users.json").json()
    assert users["total"] == 2 and {u["email"] for u in users["users"]} >= {
        "other@teamworklive.test"
    }
    entries = other.get("time_entries.json", params={"per_page": 100}).json()["time_entries"]
    projects = {p["id"] for p in other.get("projects.json").json()["projects"]}
    assert entries and {e["project_id"] for e in entries} <= projects


def test_what_one_account_creates_the_other_never_sees(demo, other):
    made = other.post("companies.xml", **xml_body("<company><name>Private</name></company>"))
    assert made.status_code == 201
    company_id = other.get(made.headers["location"].replace(".xml", ".json")).json()["id"]
    error_of(demo.get(f"companies/{company_id}.json"), 404)
    assert company_id not in [
        c["id"] for c in demo.get("companies.json", params={"per_page": 100}).json()["companies"]
    ]


# -- roles inside the demo account -----------------------------------------------------------


def member_projects(runtime):
    """(a project the member belongs to, one they do not) in the demo account."""
    projects = [p for p in runtime.state.projects.values() if p["_account"] == 1]
    return (
        next(p["id"] for p in projects if 3 in p["user_ids"]),
        next(p["id"] for p in projects if 3 not in p["user_ids"]),
    )


def test_members_see_only_their_projects_and_the_others_are_403(member, runtime):
    mine, not_mine = member_projects(runtime)
    listed = {
        p["id"] for p in member.get("projects.json", params={"per_page": 100}).json()["projects"]
    }
    assert mine in listed and not_mine not in listed
    task = next(t["id"] for t in runtime.state.tasks.values() if t["project_id"] == not_mine)
    entry = next(
        e["id"] for e in runtime.state.time_entries.values() if e["project_id"] == not_mine
    )
    for path in (
        f"projects/{not_mine}",
        f"projects/{not_mine}/tasks",
        f"projects/{not_mine}/time_entries",
        f"tasks/{task}",
        f"time_entries/{entry}",
    ):
        error_of(member.get(f"{path}.xml"), 403, "xml")
    error_of(member.get("time_entries.json", params={"project_id": not_mine}), 403)
    entries = member.get("time_entries.json", params={"per_page": 100}).json()
    visible = {p["id"] for p in runtime.state.projects.values() if 3 in p["user_ids"]}
    assert {e["project_id"] for e in entries["time_entries"]} <= visible


def test_member_role_limits_are_403_and_store_nothing(member, runtime):
    mine, not_mine = member_projects(runtime)
    others_entry = next(
        e["id"]
        for e in runtime.state.time_entries.values()
        if e["project_id"] == mine and e["user_id"] != 3
    )
    before = snapshot(runtime)
    error_of(member.post("companies.json", json={"name": "Nope"}), 403)
    error_of(member.delete("companies/17.json"), 403)
    error_of(member.delete(f"projects/{mine}.json"), 403)
    error_of(member.put(f"projects/{not_mine}.json", json={"name": "Nope"}), 403)
    error_of(member.post(f"projects/{not_mine}/tasks.json", json={"title": "Nope"}), 403)
    error_of(
        member.post(
            f"projects/{mine}/time_entries.json",
            json={"date": "2024-11-01", "hours": 1, "user_id": 1},
        ),
        403,
    )
    error_of(member.put(f"time_entries/{others_entry}.json", json={"hours": 1}), 403)
    error_of(member.delete(f"time_entries/{others_entry}.json"), 403)
    assert snapshot(runtime) == before


def test_members_log_and_manage_their_own_time_and_update_their_projects(member, runtime):
    mine, _ = member_projects(runtime)
    made = member.post(
        f"projects/{mine}/time_entries.json", json={"date": "2024-11-01", "hours": 1}
    )
    assert made.status_code == 201 and made.json()["user_id"] == 3
    entry_url = f"time_entries/{made.json()['id']}.json"
    assert member.put(entry_url, json={"hours": 2.25}).json()["hours"] == 2.25
    error_of(member.put(entry_url, json={"user_id": 1}), 403)
    assert member.delete(entry_url).status_code == 200
    assert member.put(f"projects/{mine}.json", json={"name": "Renamed"}).status_code == 200
    assert member.put("companies/17.json", json={"phone": "555"}).status_code == 200
    contact = member.post("companies/17/contacts.json", json={"first_name": "Ann"})
    assert contact.status_code == 201


def test_administrators_log_time_for_anyone(demo):
    made = demo.post(
        "projects/42/time_entries.json", json={"date": "2024-11-01", "hours": 3, "user_id": 3}
    )
    assert made.status_code == 201 and made.json()["user_id"] == 3
    assert (
        demo.put(f"time_entries/{made.json()['id']}.json", json={"user_id": 2}).status_code == 200
    )
