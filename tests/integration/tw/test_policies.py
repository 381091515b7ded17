"""Policies over real HTTP: CRUD, conditions refused when written, evaluation."""

from __future__ import annotations

import pytest

from tests.integration.tw.conftest import error_of, fields_of

PII_RULE = {
    "resource": "datasets.customer_data.pii_fields",
    "action": "read",
    "effect": "deny",
    "condition": 'user.role != "admin"',
}


def create(api, **fields):
    body = {"name": "PII Access Control", "rules": [PII_RULE], **fields}
    response = api.post("policies", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def evaluate(api, **body):
    response = api.post("policies/evaluate", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def count(api) -> int:
    return api.get("policies", params={"limit": 1}).json()["total"]


def test_crud(api):
    policy = create(api, description="Restrict access to PII fields")
    assert policy["id"].startswith("policy_") and policy["active"] is True
    assert api.get(f"policies/{policy['id']}").json() == policy
    changed = api.patch(f"policies/{policy['id']}", json={"active": False}).json()
    assert changed["active"] is False and changed["rules"] == policy["rules"]
    no_condition = {k: v for k, v in PII_RULE.items() if k != "condition"}
    replaced = api.patch(f"policies/{policy['id']}", json={"rules": [no_condition]}).json()
    assert replaced["rules"] == [{**no_condition, "condition": None}]
    assert api.delete(f"policies/{policy['id']}").status_code == 204
    error_of(api.get(f"policies/{policy['id']}"), 404, "NOT_FOUND")


def test_listing_is_in_creation_order_with_both_paginations(api):
    made = [create(api, name=f"P{i}")["id"] for i in range(12)]
    pages, cursor = [], None
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = api.get("policies", params=params).json()
        pages += [p["id"] for p in page["data"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages[-12:] == made
    by_offset = api.get("policies", params={"limit": 100, "offset": 0}).json()["data"]
    assert [p["id"] for p in by_offset] == pages


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ('user.role = "admin"', "unexpected token '=' at position 11"),
        ("(user.role == 'admin'", "unbalanced '(' at position 1"),
        ("user.role == 'admin')", "unbalanced ')' at position 21"),
        ("user.role ==", "unexpected end of condition at position 13"),
    ],
)
def test_malformed_conditions_are_refused_at_create_and_update(api, condition, message):
    before = count(api)
    rules = [PII_RULE, {**PII_RULE, "condition": condition}]
    body = error_of(
        api.post("policies", json={"name": "broken", "rules": rules}), 400, "VALIDATION_ERROR"
    )
    assert body["errors"] == [{"field": "rules[1].condition", "message": message}]
    assert count(api) == before
    policy = create(api)
    error_of(api.patch(f"policies/{policy['id']}", json={"rules": rules}), 400, "VALIDATION_ERROR")
    assert api.get(f"policies/{policy['id']}").json() == policy


def test_huge_conditions_are_refused(api):
    before = count(api)
    condition = "(" * 50_000 + "a" + ")" * 50_000
    body = error_of(
        api.post("policies", json={"name": "big", "rules": [{**PII_RULE, "condition": condition}]}),
        400,
        "VALIDATION_ERROR",
    )
    assert fields_of(body) == ["rules.0.condition"]
    deep = "(" * 40 + "flag" + ")" * 40
    body = error_of(
        api.post("policies", json={"name": "deep", "rules": [{**PII_RULE, "condition": deep}]}),
        400,
        "VALIDATION_ERROR",
    )
    assert "nesting deeper than 32" in body["errors"][0]["message"]
    assert count(api) == before


def test_the_documented_evaluation(api):
    policy = create(api)
    analyst = {"user": {"role": "analyst", "department": "marketing"}}
    parent = evaluate(
        api,
        policy_id=policy["id"],
        resource="datasets.customer_data",
        action="read",
        context=analyst,
    )
    assert parent == {
        "allowed": False,
        "reason": f"No rule of policy {policy['id']} matches read on datasets.customer_data; "
        "access is denied by default",
        "policy_id": policy["id"],
        "rule_index": None,
        "decision": "default",
    }
    pii = evaluate(
        api,
        policy_id=policy["id"],
        resource="datasets.customer_data.pii_fields",
        action="read",
        context=analyst,
    )
    assert (pii["allowed"], pii["decision"], pii["rule_index"]) == (False, "deny", 0)
    assert "PII Access Control" in pii["reason"]
    admin = evaluate(
        api,
        policy_id=policy["id"],
        resource="datasets.customer_data.pii_fields",
        action="read",
        context={"user": {"role": "admin"}},
    )
    assert admin == {
        "allowed": True,
        "reason": f"The rules of policy {policy['id']} on read of "
        "datasets.customer_data.pii_fields only deny and none matches; access is allowed",
        "policy_id": policy["id"],
        "rule_index": None,
        "decision": "default",
    }


def test_the_document_policy_among_the_active_ones_denies_an_analyst_and_allows_an_admin(api):
    for existing in api.get("policies", params={"limit": 100}).json()["data"]:
        api.delete(f"policies/{existing['id']}")
    create(api)
    resource = "datasets.customer_data.pii_fields.email"
    analyst = evaluate(api, resource=resource, action="read", context={"user": {"role": "analyst"}})
    admin = evaluate(api, resource=resource, action="read", context={"user": {"role": "admin"}})
    assert (analyst["allowed"], analyst["decision"]) == (False, "deny")
    assert (admin["allowed"], admin["decision"], admin["policy_id"]) == (True, "default", None)
    write = evaluate(api, resource=resource, action="write", context={"user": {"role": "admin"}})
    assert (write["allowed"], write["decision"]) == (False, "default")  # nothing governs writes


def test_an_allow_list_policy_denies_whoever_it_does_not_list(api):
    policy = create(
        api,
        name="Analysts read datasets",
        rules=[
            {
                "resource": "datasets",
                "action": "read",
                "effect": "allow",
                "condition": 'user.role in ["analyst", "admin"]',
            }
        ],
    )
    for role, allowed, decision in [
        ("analyst", True, "allow"),
        ("admin", True, "allow"),
        ("guest", False, "default"),
    ]:
        result = evaluate(
            api,
            policy_id=policy["id"],
            resource="datasets.orders",
            action="read",
            context={"user": {"role": role}},
        )
        assert (result["allowed"], result["decision"]) == (allowed, decision), result
    guest = evaluate(
        api, policy_id=policy["id"], resource="datasets.orders", action="read", context={}
    )
    assert guest["reason"] == (
        f"No allow rule of policy {policy['id']} matches read on datasets.orders; "
        "access is denied by default"
    )
    mixed = create(
        api,
        name="Analysts read, but not PII",
        rules=[
            PII_RULE,
            {
                "resource": "datasets",
                "action": "read",
                "effect": "allow",
                "condition": 'user.role == "analyst"',
            },
        ],
    )
    admin = evaluate(
        api,
        policy_id=mixed["id"],
        resource="datasets.customer_data.pii_fields",
        action="read",
        context={"user": {"role": "admin"}},
    )
    assert (admin["allowed"], admin["decision"]) == (False, "default")  # not on the allow list


def test_without_policy_id_every_active_policy_counts_and_deny_wins(api):
    for existing in api.get("policies", params={"limit": 100}).json()["data"]:
        api.delete(f"policies/{existing['id']}")
    allow = create(
        api,
        name="Readers",
        rules=[{"resource": "datasets.*", "action": "read", "effect": "allow"}],
    )
    deny = create(api)
    resource = "datasets.customer_data.pii_fields"
    result = evaluate(api, resource=resource, action="read", context={"user": {"role": "x"}})
    assert (result["allowed"], result["policy_id"]) == (False, deny["id"])
    api.patch(f"policies/{deny['id']}", json={"active": False})
    result = evaluate(api, resource=resource, action="read", context={"user": {"role": "x"}})
    assert (result["allowed"], result["policy_id"], result["rule_index"]) == (True, allow["id"], 0)
    dry_run = evaluate(api, policy_id=deny["id"], resource=resource, action="read")
    assert dry_run["decision"] == "deny"  # a named inactive policy is evaluated anyway
    nothing = evaluate(api, resource="webhooks.x", action="read")
    assert nothing["decision"] == "default" and nothing["policy_id"] is None


def test_wildcards_and_actions(api):
    policy = create(
        api,
        name="Admins",
        rules=[
            {
                "resource": "datasets.*.pii_fields",
                "action": "*",
                "effect": "allow",
                "condition": 'user.role == "admin" and user.mfa == true',
            },
        ],
    )
    admin = {"user": {"role": "admin", "mfa": True}}
    for resource, action, allowed in [
        ("datasets.orders.pii_fields", "delete", True),
        ("datasets.orders.pii_fields.email", "write", True),
        ("datasets.orders", "read", False),
        ("datasets.orders.totals", "read", False),
    ]:
        result = evaluate(
            api, policy_id=policy["id"], resource=resource, action=action, context=admin
        )
        assert result["allowed"] is allowed, (resource, result)
    no_mfa = evaluate(
        api,
        policy_id=policy["id"],
        resource="datasets.a.pii_fields",
        action="read",
        context={"user": {"role": "admin", "mfa": "yes"}},
    )
    assert no_mfa["allowed"] is False


def test_evaluation_errors(api, other):
    policy = create(api)
    error_of(
        other.post(
            "policies/evaluate", json={"policy_id": policy["id"], "resource": "a", "action": "read"}
        ),
        404,
        "NOT_FOUND",
    )
    for bad in (
        {"resource": "datasets.*", "action": "read"},
        {"resource": "datasets", "action": "fly"},
        {"resource": "datasets"},
    ):
        error_of(api.post("policies/evaluate", json=bad), 400, "VALIDATION_ERROR")
