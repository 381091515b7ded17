"""Create (201 + Location), show, update (partial PUT), delete (200, empty) for every
resource; cascades; lists page, order and filter over the live store."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.teamworklive.conftest import error_of, xml_body

RESOURCES = [
    # (collection URL, item collection, create body, update body)
    (
        "companies",
        "companies",
        {"name": "Acme Widgets", "phone": "+1 555 0100"},
        {"website": "http://www.acme.example/"},
    ),
    (
        "companies/17/contacts",
        "contacts",
        {"first_name": "Jane", "email": "jane@acme.example"},
        {"job_title": "Office Manager", "email": None},
    ),
    (
        "projects",
        "projects",
        {"company_id": 17, "name": "Website redesign", "user_ids": [1, 3]},
        {"status": "archived", "company_id": 13},
    ),
    (
        "projects/42/tasks",
        "tasks",
        {"title": "Draft the layout", "due_date": "2025-02-01"},
        {"assignee_id": 3, "due_date": None},
    ),
    (
        "projects/42/time_entries",
        "time_entries",
        {"date": "2024-12-02", "hours": 2.5},
        {"hours": 0.07, "billable": False, "notes": "Call with the client"},
    ),
]


@pytest.mark.parametrize(
    ("collection", "items", "create", "update"), RESOURCES, ids=[r[1] for r in RESOURCES]
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_crud_round_trip(demo, base, collection, items, create, update, fmt):
    made = demo.post(f"{collection}.{fmt}", json=create)
    assert made.status_code == 201, made.text
    assert made.headers["content-type"] == f"application/{fmt}"
    created = demo.get(made.headers["location"].replace(".xml", ".json")).json()
    item_url = f"{base}{items}/{created['id']}.{fmt}"
    assert made.headers["location"] == item_url
    assert created.items() >= create.items()
    assert created["created_at"] == created["updated_at"]

    changed = demo.put(f"{items}/{created['id']}.json", json=update)
    assert changed.status_code == 200, changed.text
    assert changed.json().items() >= update.items()
    untouched = {k: v for k, v in created.items() if k not in update and k != "updated_at"}
    assert changed.json().items() >= untouched.items()
    assert demo.get(f"{items}/{created['id']}.json").json() == changed.json()

    gone = demo.delete(item_url)
    assert gone.status_code == 200 and gone.content == b""
    assert "content-type" not in gone.headers
    error_of(demo.get(item_url), 404, fmt)
    error_of(demo.delete(item_url), 404, fmt)


def test_an_empty_update_changes_nothing_and_answers_the_resource(demo):
    before = demo.get("tasks/105.json").json()
    assert demo.put("tasks/105.json", json={}).json() == before
    assert demo.put("tasks/105.xml", **xml_body("<task/>")).status_code == 200
    assert demo.get("tasks/105.json").json() == before


def test_create_defaults_apply_and_the_creator_joins_the_project(demo, member):
    company = demo.post("companies.json", json={"name": "Bare"}).json()
    assert (company["phone"], company["website"], company["address"]) == ("", None, "")
    project = member.post("projects.json", json={"company_id": 17, "name": "Mine"}).json()
    assert project["user_ids"] == [3] and project["status"] == "active"
    task = demo.post("projects/42/tasks.json", json={"title": "T"}).json()
    assert (task["status"], task["priority"], task["assignee_id"], task["completed_at"]) == (
        "open",
        "normal",
        None,
        None,
    )
    entry = demo.post(
        "projects/42/time_entries.json", json={"date": "2024-11-01", "hours": 8}
    ).json()
    assert (entry["user_id"], entry["billable"], entry["notes"], entry["task_id"]) == (
        1,
        True,
        "",
        None,
    )


def test_completing_a_task_stamps_completed_at_and_reopening_clears_it(demo):
    task = demo.post("projects/42/tasks.json", json={"title": "Ship it"}).json()
    done = demo.put(f"tasks/{task['id']}.json", json={"status": "completed"}).json()
    assert done["completed_at"] == done["updated_at"]
    assert (
        demo.put(f"tasks/{task['id']}.json", json={"priority": "high"}).json()["completed_at"]
        == (done["completed_at"])
    )
    reopened = demo.put(f"tasks/{task['id']}.xml", **xml_body("<task><status>open</status></task>"))
    assert reopened.status_code == 200
    assert demo.get(f"tasks/{task['id']}.json").json()["completed_at"] is None


def test_deleting_a_company_deletes_its_contacts_projects_tasks_and_time(demo, runtime):
    state = runtime.state
    projects = [p["id"] for p in state.projects.values() if p["company_id"] == 13]
    assert projects
    assert demo.delete("companies/13.json").status_code == 200
    error_of(demo.get("companies/13/contacts.json"), 404)
    for project_id in projects:
        error_of(demo.get(f"projects/{project_id}.json"), 404)
        assert not [t for t in state.tasks.values() if t["project_id"] == project_id]
        assert not [e for e in state.time_entries.values() if e["project_id"] == project_id]


def test_deleting_a_task_keeps_its_time_on_the_project(demo, runtime):
    task = demo.get("tasks/105.json").json()
    logged = [e["id"] for e in runtime.state.time_entries.values() if e["task_id"] == 105]
    assert logged
    assert demo.delete("tasks/105.json").status_code == 200
    for entry_id in logged:
        entry = demo.get(f"time_entries/{entry_id}.json").json()
        assert entry["task_id"] is None and entry["project_id"] == task["project_id"]


def test_a_time_entry_is_logged_on_a_task_of_its_project_only(demo):
    task = demo.get("tasks/105.json").json()
    project = task["project_id"]
    entry = {"date": "2024-12-02", "hours": 1, "task_id": 105}
    made = demo.post(f"projects/{project}/time_entries.json", json=entry)
    assert made.status_code == 201 and made.json()["task_id"] == 105
    elsewhere = 42 if project != 42 else 41
    error_of(demo.post(f"projects/{elsewhere}/time_entries.json", json=entry), 404)
    error_of(demo.put(f"time_entries/{made.json()['id']}.json", json={"task_id": 999999}), 404)
    detached = demo.put(
        f"time_entries/{made.json()['id']}.xml",
        content=b"<time_entry><task_id/></time_entry>",
        headers={"Content-Type": "application/xml; charset=UTF-8"},
    )
    assert detached.status_code == 200
    assert demo.get(f"time_entries/{made.json()['id']}.json").json()["task_id"] is None


def test_a_project_moves_to_another_company(demo):
    demo.put("projects/42.json", json={"company_id": 12})
    assert 42 in [p["id"] for p in demo.get("companies/12/projects.json").json()["projects"]]
    assert 42 not in [p["id"] for p in demo.get("companies/13/projects.json").json()["projects"]]


# -- lists ------------------------------------------------------------------------------


def walk(client, path, params, key):
    first = client.get(path, params={**params, "per_page": 7}).json()
    items = list(first[key])
    for number in range(2, first["pages"] + 1):
        items += client.get(path, params={**params, "per_page": 7, "page": number}).json()[key]
    return first, items


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("companies.json", "companies"),
        ("projects.json", "projects"),
        ("users.json", "users"),
        ("time_entries.json", "time_entries"),
        ("projects/42/tasks.json", "tasks"),
    ],
)
def test_lists_page_without_gaps_or_overlaps(demo, path, key):
    first, items = walk(demo, path, {}, key)
    assert first["page"] == 1 and first["per_page"] == 7
    assert first["pages"] == -(-first["total"] // 7) and len(items) == first["total"]
    assert len({i["id"] for i in items}) == len(items)
    past = demo.get(path, params={"page": first["pages"] + 1}).json()
    assert past[key] == [] and past["total"] == first["total"]


def test_time_entries_are_a_few_hundred_ordered_by_date_then_id(demo):
    first, entries = walk(demo, "time_entries.json", {}, "time_entries")
    assert 200 <= first["total"] <= 1000
    assert entries == sorted(entries, key=lambda e: (e["date"], e["id"]))
    assert all(0 < e["hours"] <= 24 for e in entries)


def test_time_entry_filters_combine(demo):
    _, everything = walk(demo, "time_entries.json", {}, "time_entries")
    sample = next(e for e in everything if e["billable"] and e["date"] >= "2024-10-01")
    start, end = sample["date"][:8] + "01", sample["date"][:8] + "28"
    params = {
        "from": start,
        "to": end,
        "project_id": sample["project_id"],
        "user_id": sample["user_id"],
        "billable": "true",
    }
    _, entries = walk(demo, "time_entries.json", params, "time_entries")
    expected = [
        e
        for e in everything
        if start <= e["date"] <= end
        and e["billable"]
        and e["project_id"] == sample["project_id"]
        and e["user_id"] == sample["user_id"]
    ]
    assert entries == expected and entries
    _, on_project = walk(
        demo,
        f"projects/{sample['project_id']}/time_entries.json",
        {k: v for k, v in params.items() if k != "project_id"},
        "time_entries",
    )
    assert on_project == expected
    backwards = demo.get("time_entries.json", params={"from": "2024-12-01", "to": "2024-11-01"})
    assert backwards.json()["time_entries"] == [] and backwards.json()["total"] == 0


def test_task_and_project_filters(demo):
    tasks = demo.get("projects/42/tasks.json", params={"per_page": 100}).json()["tasks"]
    for status in ("open", "in_progress", "completed"):
        found = demo.get("projects/42/tasks.json", params={"status": status}).json()["tasks"]
        assert found == [t for t in tasks if t["status"] == status]
    assigned = demo.get("projects/42/tasks.json", params={"assignee_id": 3}).json()["tasks"]
    assert assigned == [t for t in tasks if t["assignee_id"] == 3]
    archived = demo.get("projects.json", params={"status": "archived"}).json()["projects"]
    assert archived and {p["status"] for p in archived} == {"archived"}


def test_seeded_time_entries_lie_inside_their_projects_span(runtime):
    state = runtime.state
    for entry in state.time_entries.values():
        project = state.projects.get(entry["project_id"])
        day = date.fromisoformat(entry["date"])
        assert project["_start"] <= day <= project["_end"]
        assert entry["user_id"] in project["user_ids"]
        assert 0 < entry["hours"] <= 8
