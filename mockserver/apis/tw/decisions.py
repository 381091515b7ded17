"""Policy decisions: which rules govern a request, and deny-wins evaluation.

A rule's resource governs the resource itself and its descendants, never an
ancestor: `datasets.customer_data.pii_fields` governs
`datasets.customer_data.pii_fields.email` but not `datasets.customer_data`. A `*`
segment matches exactly one segment. Without any matching rule access is denied
(`decision: "default"`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.apis.tw.conditions import evaluate, parse


def governs(rule_resource: str, resource: str) -> bool:
    """Whether a rule on ``rule_resource`` applies to ``resource``."""
    pattern = rule_resource.split(".")
    segments = resource.split(".")
    if len(pattern) > len(segments):
        return False
    return all(p in ("*", s) for p, s in zip(pattern, segments, strict=False))


def rule_matches(
    rule: Mapping[str, Any], resource: str, action: str, context: Mapping[str, Any]
) -> bool:
    if rule["action"] not in ("*", action) or not governs(rule["resource"], resource):
        return False
    condition = rule.get("condition")
    return condition is None or evaluate(parse(condition), context)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    decision: str
    """allow, deny or default."""
    policy_id: str | None
    rule_index: int | None
    reason: str

    def view(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "reason": self.reason,
            "policy_id": self.policy_id,
            "rule_index": self.rule_index,
            "decision": self.decision,
        }


def decide(
    policies: Sequence[Mapping[str, Any]],
    resource: str,
    action: str,
    context: Mapping[str, Any],
    requested: str | None = None,
) -> Decision:
    """Deny wins over allow; the first matching deny (else allow) rule, in policy then
    rule order, is named; no match is a default deny."""
    first_allow: tuple[Mapping[str, Any], int] | None = None
    for policy in policies:
        for index, rule in enumerate(policy["rules"]):
            if not rule_matches(rule, resource, action, context):
                continue
            if rule["effect"] == "deny":
                return Decision(
                    False,
                    "deny",
                    policy["id"],
                    index,
                    f"Denied by rule {index} of policy {policy['id']} ({policy['name']})",
                )
            if first_allow is None:
                first_allow = (policy, index)
    if first_allow is not None:
        policy, index = first_allow
        return Decision(
            True,
            "allow",
            policy["id"],
            index,
            f"Allowed by rule {index} of policy {policy['id']} ({policy['name']})",
        )
    scope = f"policy {requested}" if requested else "any active policy"
    return Decision(
        False,
        "default",
        requested,
        None,
        f"No rule of {scope} matches {action} on {resource}; access is denied by default",
    )
