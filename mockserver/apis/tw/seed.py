"""TW's deterministic seed: the demo accounts with datasets, rows and policies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mockserver.apis.tw.auth import DEMO_KEYS
from mockserver.apis.tw.columns import parse_columns
from mockserver.apis.tw.state import Account, TwState, rfc3339
from mockserver.apis.tw.table import Table
from mockserver.core.runtime import SeedContext

CUSTOMERS: list[dict[str, Any]] = [
    {"name": "id", "type": "integer", "primaryKey": True},
    {"name": "email", "type": "string", "unique": True},
    {"name": "name", "type": "string"},
    {"name": "created_at", "type": "timestamp"},
]
TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "customers": CUSTOMERS,
    "orders": [
        {"name": "order_id", "type": "integer", "primaryKey": True},
        {"name": "customer_id", "type": "integer", "nullable": False},
        {"name": "amount", "type": "number"},
        {"name": "paid", "type": "boolean"},
        {"name": "placed_at", "type": "timestamp"},
    ],
    "events": [
        {"name": "event_id", "type": "string", "primaryKey": True},
        {"name": "kind", "type": "string"},
        {"name": "size", "type": "integer"},
        {"name": "occurred_at", "type": "timestamp"},
    ],
}

POLICIES: list[dict[str, Any]] = [
    {
        "name": "PII Access Control",
        "description": "Restrict access to PII fields",
        "rules": [
            {
                "resource": "datasets.customer_data.pii_fields",
                "action": "read",
                "effect": "deny",
                "condition": 'user.role != "admin"',
            }
        ],
    },
    {
        "name": "Analysts read datasets",
        "description": "Analysts and admins may read every dataset",
        "rules": [
            {
                "resource": "datasets",
                "action": "read",
                "effect": "allow",
                "condition": 'user.role in ["analyst", "admin"]',
            }
        ],
    },
    {
        "name": "Admins manage datasets",
        "description": None,
        "rules": [
            {
                "resource": "datasets.*",
                "action": "*",
                "effect": "allow",
                "condition": 'user.role == "admin"',
            },
            {"resource": "datasets.audit_log", "action": "delete", "effect": "deny"},
        ],
    },
]


def seed(ctx: SeedContext) -> TwState:
    """Same seed, same data: every demo account gets the same kind of fixtures."""
    state = TwState(ids=ctx.ids)
    for demo in DEMO_KEYS:
        account = Account(demo.key, demo.plan, read_only=demo.read_only)
        state.accounts[demo.key] = account
        _datasets(state, account, ctx)
        _policies(state, account, ctx)
    return state


def _moment(ctx: SeedContext, days_back: int) -> str:
    fake = ctx.faker
    offset = timedelta(days=fake.random_int(0, days_back), seconds=fake.random_int(0, 86_399))
    return rfc3339(ctx.reference_time - offset)


def _datasets(state: TwState, account: Account, ctx: SeedContext) -> None:
    fake = ctx.faker
    names = ["customer_data"]
    kinds = ["customers"]
    while len(names) < max(3, ctx.volume):
        kind = fake.random_element(list(TEMPLATES))
        name = f"{fake.word().lower()}_{kind}"
        if name.isidentifier() and name.isascii() and name not in names:
            names.append(name)
            kinds.append(kind)
    for name, kind in zip(names, kinds, strict=True):
        created = _moment(ctx, 365)
        columns = parse_columns(TEMPLATES[kind])
        table = Table(columns)
        table.insert([_row(ctx, kind, number) for number in range(fake.random_int(0, 12))])
        dataset_id = state.ids.new("ds")
        account.datasets.put(
            dataset_id,
            {
                "id": dataset_id,
                "name": name,
                "description": fake.sentence()[:200] if fake.boolean(70) else None,
                "schema": {"columns": [c.view() for c in columns]},
                "created_at": created,
                "updated_at": created,
                "_seq": state.sequence(),
            },
        )
        account.add_table(dataset_id, table)


def _row(ctx: SeedContext, kind: str, number: int) -> dict[str, Any]:
    fake = ctx.faker
    if kind == "customers":
        return {
            "id": number + 1,
            "email": f"user{number + 1}@{fake.free_email_domain()}",
            "name": fake.name(),
            "created_at": _moment(ctx, 700),
        }
    if kind == "orders":
        return {
            "order_id": 1000 + number,
            "customer_id": fake.random_int(1, 50),
            "amount": round(fake.pyfloat(min_value=1, max_value=500, right_digits=2), 2),
            "paid": fake.boolean(),
            "placed_at": _moment(ctx, 200),
        }
    return {
        "event_id": f"evt-{number:04d}",
        "kind": fake.random_element(("view", "click", "export", "share")),
        "size": fake.random_int(1, 10_000),
        "occurred_at": _moment(ctx, 60),
    }


def _policies(state: TwState, account: Account, ctx: SeedContext) -> None:
    for template in POLICIES:
        created = _moment(ctx, 300)
        policy_id = state.ids.new("policy")
        account.policies.put(
            policy_id,
            {
                "id": policy_id,
                **template,
                "rules": [{"condition": None, **rule} for rule in template["rules"]],
                "active": True,
                "created_at": created,
                "updated_at": created,
                "_seq": state.sequence(),
            },
        )
