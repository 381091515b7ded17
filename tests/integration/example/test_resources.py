"""Resources over real HTTP: CRUD round trips, pagination, sort, filters, bad input."""

from __future__ import annotations

import pytest

from tests.integration.example.conftest import error_of


def test_create_then_read_update_delete(demo):
    created = demo.post(
        "resources", json={"name": "New Resource", "type": "standard", "metadata": {"key": "value"}}
    )
    assert created.status_code == 201, created.text
    resource = created.json()["data"]
    assert resource["id"].startswith("res_")
    assert resource["status"] == "active"
    assert created.headers["location"].endswith(f"/resources/{resource['id']}")
    assert demo.get(f"resources/{resource['id']}").json()["data"] == resource

    patched = demo.patch(f"resources/{resource['id']}", json={"name": "Updated Name"})
    assert patched.status_code == 200
    assert patched.json()["data"]["name"] == "Updated Name"
    assert patched.json()["data"]["type"] == "standard"
    assert patched.json()["data"]["metadata"] == {"key": "value"}

    assert demo.delete(f"resources/{resource['id']}").status_code == 204
    error_of(demo.get(f"resources/{resource['id']}"), 404, "resource_not_found")
    error_of(demo.delete(f"resources/{resource['id']}"), 404, "resource_not_found")


def test_reads_after_a_change_show_the_change(demo):
    """Item and list views are remembered between reads (core/store.PublicViews): a
    change, in any field, and a delete are seen by the very next read of either."""
    newest = demo.get("resources", params={"sort": "-created_at", "per_page": 5}).json()
    target = newest["data"][2]
    path = f"resources/{target['id']}"
    assert demo.get(path).json()["data"] == target  # both views now remembered
    changes = {"name": "Renamed", "status": "archived", "metadata": {"k": "v"}}
    patched = demo.patch(path, json=changes).json()["data"]
    assert demo.get(path).json()["data"] == patched
    listed = demo.get("resources", params={"sort": "-created_at", "per_page": 5}).json()
    shown = next(r for r in listed["data"] if r["id"] == target["id"])
    assert shown == patched and {k: shown[k] for k in changes} == changes
    assert demo.delete(path).status_code == 204
    error_of(demo.get(path), 404, "resource_not_found")
    after = demo.get("resources", params={"sort": "-created_at", "per_page": 5}).json()
    assert target["id"] not in [r["id"] for r in after["data"]]
    assert after["meta"]["total"] == listed["meta"]["total"] - 1


def test_resources_of_another_user_are_invisible(demo, pro):
    mine = demo.get("resources", params={"per_page": 1}).json()["data"][0]
    error_of(pro.get(f"resources/{mine['id']}"), 404, "resource_not_found")
    error_of(pro.patch(f"resources/{mine['id']}", json={"name": "x"}), 404, "resource_not_found")
    assert demo.get(f"resources/{mine['id']}").status_code == 200


def test_pages_cover_every_item_once_and_meta_agrees(demo):
    first = demo.get("resources", params={"per_page": 50}).json()
    total = first["meta"]["total"]
    assert first["meta"] == {
        "page": 1,
        "per_page": 50,
        "total": total,
        "total_pages": -(-total // 50),
    }
    seen = []
    for page in range(1, first["meta"]["total_pages"] + 1):
        seen += [
            r["id"]
            for r in demo.get("resources", params={"page": page, "per_page": 50}).json()["data"]
        ]
    assert len(seen) == len(set(seen)) == total
    beyond = demo.get(
        "resources", params={"page": first["meta"]["total_pages"] + 1, "per_page": 50}
    )
    assert beyond.status_code == 200 and beyond.json()["data"] == []


def test_default_page_size_is_20_and_writes_are_visible_in_lists(demo):
    before = demo.get("resources").json()
    assert before["meta"]["per_page"] == 20 and len(before["data"]) == 20
    demo.post("resources", json={"name": "Counted", "type": "premium"})
    assert demo.get("resources").json()["meta"]["total"] == before["meta"]["total"] + 1


def test_sort_and_filters(demo):
    rows = demo.get("resources", params={"per_page": 100, "sort": "-created_at"}).json()["data"]
    stamps = [r["created_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    names = [
        r["name"]
        for r in demo.get("resources", params={"per_page": 100, "sort": "name"}).json()["data"]
    ]
    assert names == sorted(names)
    filtered = demo.get(
        "resources",
        params={"filter[status]": "archived", "filter[type]": "premium", "per_page": 100},
    )
    assert filtered.status_code == 200, filtered.text
    data = filtered.json()["data"]
    assert data and all(r["status"] == "archived" and r["type"] == "premium" for r in data)


@pytest.mark.parametrize("per_page", ["0", "101", "-1", "x"])
def test_bad_page_sizes_are_400_invalid_request(demo, per_page):
    error_of(demo.get("resources", params={"per_page": per_page}), 400, "invalid_request")


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "password"},
        {"filter[colour]": "red"},
        {"filter[status]": "deleted"},
        {"page": "0"},
        {"filter[status][x]": "active"},
        {"filter": "active"},
    ],
)
def test_bad_list_parameters_are_400(demo, params):
    error_of(demo.get("resources", params=params), 400, "invalid_request")


BAD_BODIES = [
    ({"type": "standard"}, "name"),
    ({"name": "x"}, "type"),
    ({"name": 5, "type": "standard"}, "name"),
    ({"name": "x", "type": "standard", "colour": "red"}, None),
    ({"name": "x", "type": "nonsense"}, "type"),
    ({"name": "", "type": "standard"}, "name"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_invalid_bodies_are_rejected_and_nothing_is_stored(demo, body, field):
    before = demo.get("resources").json()["meta"]["total"]
    error = error_of(demo.post("resources", json=body), 400, "invalid_request")
    if field:
        assert field in error["message"] or any(d["field"] == field for d in error["details"])
    assert demo.get("resources").json()["meta"]["total"] == before


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b'{"name": "x", "type": "standard"', b"\xff\xfe\x00garbage", b"[]", b"null"],
)
def test_malformed_and_non_utf8_bodies_are_400(demo, raw):
    before = demo.get("resources").json()["meta"]["total"]
    response = demo.post("resources", content=raw, headers={"Content-Type": "application/json"})
    error_of(response, 400, "invalid_request")
    assert demo.get("resources").json()["meta"]["total"] == before


def test_oversized_body_is_413_and_nothing_is_stored(demo):
    before = demo.get("resources").json()["meta"]["total"]
    huge = {"name": "x", "type": "standard", "description": "a" * (1024 * 1024 + 10)}
    error_of(demo.post("resources", json=huge), 413, "payload_too_large")
    assert demo.get("resources").json()["meta"]["total"] == before


def test_unsupported_media_type_is_415(demo):
    response = demo.post(
        "resources",
        content=b"name=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    error_of(response, 415, "unsupported_media_type")


def test_patch_of_an_unknown_id_is_404(demo):
    error_of(demo.patch("resources/res_unknown000", json={"name": "x"}), 404, "resource_not_found")


def test_wrong_method_is_405_with_allow(demo):
    response = demo.put("resources/res_123", json={"name": "x"})
    error_of(response, 405, "method_not_allowed")
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "DELETE"}


def test_unknown_route_is_404_in_the_api_format(demo):
    error_of(demo.get("no/such/route"), 404, "resource_not_found")


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "broken \\ud800 text", "type": "standard"}',
        '{"name": "ok", "type": "standard", "metadata": {"\\udfff": "key"}}',
    ],
)
def test_a_lone_surrogate_is_refused_and_nothing_is_stored(demo, body):
    before = demo.get("resources", params={"per_page": 1}).json()["meta"]["total"]
    answer = demo.post("resources", content=body, headers={"Content-Type": "application/json"})
    error = error_of(answer, 400, "invalid_request")
    assert "lone surrogate" in error["message"]
    assert demo.get("resources", params={"per_page": 1}).json()["meta"]["total"] == before
