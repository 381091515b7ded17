"""Policy decisions: resource patterns, actions, conditions, deny wins, default deny."""

from __future__ import annotations

import pytest

from mockserver.apis.tw.decisions import decide, governs


@pytest.mark.parametrize(
    ("rule", "resource", "expected"),
    [
        ("datasets.customer_data.pii_fields", "datasets.customer_data.pii_fields", True),
        ("datasets.customer_data.pii_fields", "datasets.customer_data.pii_fields.email", True),
        ("datasets.customer_data.pii_fields", "datasets.customer_data", False),
        ("datasets.customer_data.pii_fields", "datasets", False),
        ("datasets.customer_data", "datasets.customer_data_v2", False),
        ("datasets", "datasets.anything.at.all", True),
        ("datasets.*", "datasets.orders", True),
        ("datasets.*", "datasets", False),
        ("datasets.*.pii_fields", "datasets.orders.pii_fields", True),
        ("datasets.*.pii_fields", "datasets.orders.totals", False),
        ("*", "policies.p1", True),
        ("Datasets", "datasets", False),
    ],
)
def test_a_rule_governs_its_resource_and_descendants_only(rule, resource, expected):
    assert governs(rule, resource) is expected


def policy(pid, *rules, name="P"):
    return {"id": pid, "name": name, "rules": [{"condition": None, **rule} for rule in rules]}


PII = policy(
    "policy_1",
    {
        "resource": "datasets.customer_data.pii_fields",
        "action": "read",
        "effect": "deny",
        "condition": 'user.role != "admin"',
    },
    name="PII",
)
READERS = policy(
    "policy_2",
    {
        "resource": "datasets",
        "action": "read",
        "effect": "allow",
        "condition": 'user.role in ["analyst", "admin"]',
    },
    {"resource": "datasets", "action": "*", "effect": "allow", "condition": 'user.role == "admin"'},
)
ANALYST = {"user": {"role": "analyst"}}
ADMIN = {"user": {"role": "admin"}}


def test_deny_wins_over_an_earlier_allow():
    decision = decide([READERS, PII], "datasets.customer_data.pii_fields", "read", ANALYST)
    assert (decision.allowed, decision.decision, decision.policy_id, decision.rule_index) == (
        False,
        "deny",
        "policy_1",
        0,
    )
    assert decision.reason == "Denied by rule 0 of policy policy_1 (PII)"


def test_first_matching_allow_is_named():
    decision = decide([PII, READERS], "datasets.customer_data.pii_fields", "read", ADMIN)
    assert (decision.allowed, decision.policy_id, decision.rule_index) == (True, "policy_2", 0)
    write = decide([PII, READERS], "datasets.orders", "write", ADMIN)
    assert (write.allowed, write.rule_index) == (True, 1)


def test_nothing_matching_is_a_default_deny():
    decision = decide([PII], "datasets.customer_data", "read", ANALYST, requested="policy_1")
    assert decision.view() == {
        "allowed": False,
        "reason": "No rule of policy policy_1 matches read on datasets.customer_data; "
        "access is denied by default",
        "policy_id": "policy_1",
        "rule_index": None,
        "decision": "default",
    }
    assert decide([], "x", "read", {}).policy_id is None
    assert decide([READERS], "datasets.orders", "write", ANALYST).decision == "default"


def test_a_missing_context_value_does_not_match_equality():
    assert decide([READERS], "datasets.orders", "read", {}).decision == "default"
    assert decide([PII], "datasets.customer_data.pii_fields", "read", {}).decision == "deny"


def test_a_deny_only_policy_allows_what_its_rules_govern_but_do_not_deny():
    resource = "datasets.customer_data.pii_fields"
    analyst = decide([PII], resource, "read", ANALYST, requested="policy_1")
    admin = decide([PII], resource, "read", ADMIN, requested="policy_1")
    assert (analyst.allowed, analyst.decision, analyst.rule_index) == (False, "deny", 0)
    assert (admin.allowed, admin.decision, admin.rule_index) == (True, "default", None)
    assert admin.policy_id == "policy_1"
    assert decide([PII], resource, "write", ADMIN).allowed is False  # no rule governs writes


def test_an_allow_rule_governing_the_request_makes_the_default_a_deny():
    only_analysts = policy(
        "policy_3",
        {
            "resource": "datasets",
            "action": "read",
            "effect": "allow",
            "condition": 'user.role == "analyst"',
        },
    )
    resource = "datasets.customer_data.pii_fields"
    assert decide([only_analysts], "datasets.orders", "read", ADMIN).allowed is False
    assert decide([only_analysts], "datasets.orders", "read", ANALYST).allowed is True
    assert decide([PII, only_analysts], resource, "read", ADMIN).allowed is False
    assert decide([PII, only_analysts], resource, "read", ANALYST).decision == "deny"
    elsewhere = decide([PII, only_analysts], "webhooks.wh_1", "read", ADMIN)
    assert (elsewhere.allowed, elsewhere.decision) == (False, "default")
