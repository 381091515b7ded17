"""Policy decisions: which rules govern a request, and deny-wins evaluation.

A rule's resource governs the resource itself and its descendants, never an
ancestor: `datasets.customer_data.pii_fields` governs
`datasets.customer_data.pii_fields.email` but not `datasets.customer_data`. A `*`
segment matches exactly one segment.

Deny wins over allow. When no rule matches, the rules that *govern* the request
(resource and action fit, whatever their condition) decide the default
(`decision: "default"`): if any of them allows, they form an allow list the request
is not on, and access is denied; if they all deny, they only carve out a
restriction the request falls outside of, and access is allowed (the document's
"PII Access Control" policy denies non-admins and so lets an admin read); if none
governs the request, access is denied.
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


def rule_governs(rule: Mapping[str, Any], resource: str, action: str) -> bool:
    """Whether ``rule`` speaks to ``action`` on ``resource``, whatever its condition."""
    return rule["action"] in ("*", action) and governs(rule["resource"], resource)


def rule_matches(
    rule: Mapping[str, Any], resource: str, action: str, context: Mapping[str, Any]
) -> bool:
    if not rule_governs(rule, resource, action):
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
    rule order, is named. With no match the governing rules set the default: denied
    under an allow list or when nothing governs, allowed when they only deny."""
    first_allow: tuple[Mapping[str, Any], int] | None = None
    governing_effects: set[str] = set()
    for policy in policies:
        for index, rule in enumerate(policy["rules"]):
            if not rule_governs(rule, resource, action):
                continue
            governing_effects.add(rule["effect"])
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
    return _default(governing_effects, resource, action, requested)


def _default(effects: set[str], resource: str, action: str, requested: str | None) -> Decision:
    scope = f"policy {requested}" if requested else "any active policy"
    if effects == {"deny"}:
        reason = (
            f"The rules of {scope} on {action} of {resource} only deny and none matches; "
            "access is allowed"
        )
        return Decision(True, "default", requested, None, reason)
    if "allow" in effects:
        reason = (
            f"No allow rule of {scope} matches {action} on {resource}; access is denied by default"
        )
    else:
        reason = f"No rule of {scope} matches {action} on {resource}; access is denied by default"
    return Decision(False, "default", requested, None, reason)
