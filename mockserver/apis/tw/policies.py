"""Access policies: CRUD (conditions checked when written) and evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockserver.apis.tw.base import Response, TwHandlerBase
from mockserver.apis.tw.conditions import ConditionSyntaxError, parse
from mockserver.apis.tw.decisions import decide
from mockserver.apis.tw.listing import SortOrder, page
from mockserver.core.errors import FieldError, validation_error
from mockserver.core.store import Record, public_view

CREATION_ORDER = SortOrder(["_seq"], [False])


class PolicyHandlers(TwHandlerBase):
    async def list_policies(
        self, user: str, limit: int = 10, offset: int | None = None, cursor: str | None = None
    ) -> Response:
        account = self.account(user)
        body = page(
            list(account.policies.values()),
            CREATION_ORDER,
            limit=limit,
            offset=offset,
            cursor=cursor,
            codec=self.cursors,
            scope={"list": "policies"},
            view=public_view,
        )
        return body, 200

    async def get_policy(self, user: str, policy_id: str) -> Response:
        account = self.account(user)
        return public_view(self.found(account.policies.get(policy_id), "Policy", policy_id)), 200

    async def create_policy(self, user: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        now = self.now()
        policy_id = self.state.ids.new("policy")
        record: Record = {
            "id": policy_id,
            "name": body["name"],
            "description": body.get("description"),
            "rules": _checked_rules(body["rules"]),
            "active": body.get("active", True),
            "created_at": now,
            "updated_at": now,
            "_seq": self.state.sequence(),
        }
        account.policies.put(policy_id, record)
        return public_view(record), 201, self.location(f"/policies/{policy_id}")

    async def update_policy(self, user: str, policy_id: str, body: dict[str, Any]) -> Response:
        account = self.writer(user)
        record = self.found(account.policies.get(policy_id), "Policy", policy_id)
        if not body:
            return public_view(record), 200
        updated = {**record, **{k: body[k] for k in ("name", "description", "active") if k in body}}
        if "rules" in body:
            updated["rules"] = _checked_rules(body["rules"])
        updated["updated_at"] = self.now()
        account.policies.put(policy_id, updated)
        return public_view(updated), 200

    async def delete_policy(self, user: str, policy_id: str) -> Response:
        account = self.writer(user)
        self.found(account.policies.get(policy_id), "Policy", policy_id)
        account.policies.delete(policy_id)
        return None, 204

    async def evaluate_policy(self, user: str, body: dict[str, Any]) -> Response:
        account = self.account(user)
        requested = body.get("policy_id")
        if requested is not None:
            policies = [self.found(account.policies.get(requested), "Policy", requested)]
        else:
            policies = [p for p in account.policies.ordered() if p["active"]]
        decision = decide(
            policies, body["resource"], body["action"], body.get("context") or {}, requested
        )
        return decision.view(), 200


def _checked_rules(rules: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules as stored (`condition` always present); every condition must parse."""
    problems = []
    for index, rule in enumerate(rules):
        condition = rule.get("condition")
        if condition is None:
            continue
        try:
            parse(condition)
        except ConditionSyntaxError as exc:
            problems.append(FieldError(f"rules[{index}].condition", str(exc)))
    if problems:
        raise validation_error("A condition does not parse", *problems)
    return [{**rule, "condition": rule.get("condition")} for rule in rules]
