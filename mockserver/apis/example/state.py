"""The Example API's state and its deterministic seed."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mockserver.apis.example.tokens import TokenLedger
from mockserver.core.runtime import SeedContext
from mockserver.core.sortedindex import SortedIndex
from mockserver.core.store import IdFactory, MemoryStore, PublicViews, Record

DEMO_PASSWORD = "demo-password"
DEMO_USERS = (
    ("demo@example.com", "demo", "free"),
    ("pro@example.com", "pro", "pro"),
    ("enterprise@example.com", "enterprise", "enterprise"),
)
RESOURCE_TYPES = ("standard", "premium", "enterprise")
RESOURCE_STATUSES = ("active", "active", "active", "inactive", "archived")
SORTABLE = ("name", "type", "status", "created_at", "updated_at")
"""The fields `GET /resources?sort=` orders by (ties by id)."""


def rfc3339(moment: datetime) -> str:
    """``moment`` (UTC) to the second, `2025-01-15T10:00:00Z`."""
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def hash_password(password: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


def password_matches(record: Record, password: str) -> bool:
    given = hash_password(password, record["_salt"])
    return hmac.compare_digest(given.encode(), record["_password"].encode())


@dataclass
class ExampleState:
    """All records of the Example API; fields starting with `_` never leave the server."""

    ids: IdFactory
    users: MemoryStore[str] = field(default_factory=MemoryStore)
    resources: MemoryStore[str] = field(default_factory=MemoryStore)
    organizations: MemoryStore[str] = field(default_factory=MemoryStore)
    memberships: dict[str, dict[str, Record]] = field(default_factory=dict)
    webhooks: MemoryStore[str] = field(default_factory=MemoryStore)
    tokens: TokenLedger = field(default_factory=TokenLedger)
    resource_order: SortedIndex = field(init=False)
    """Each owner's resources in every listing order (built per order on first use)."""
    resource_views: PublicViews[str] = field(default_factory=PublicViews, repr=False)
    """Resources' public views, forgotten on every change below."""

    def __post_init__(self) -> None:
        self.resource_order = SortedIndex(
            SORTABLE,
            partition=lambda r: r["_owner"],
            value=lambda r, name: r.get(name) or "",
            records=self.resources.values,
        )

    def put_resource(self, record: Record) -> None:
        self.resource_views.forget(record["id"])
        self.resources.put(record["id"], record)
        self.resource_order.add(record)

    def change_resource(self, record: Record, changes: dict[str, Any]) -> None:
        self.resource_views.forget(record["id"])
        self.resource_order.remove(record)
        record.update(changes)
        self.resource_order.add(record)

    def delete_resource(self, record: Record) -> None:
        self.resource_views.forget(record["id"])
        self.resource_order.remove(record)
        self.resources.delete(record["id"])

    def resource_view(self, record: Record) -> Record:
        """The resource as answers show it (shared: serialise it, never change it)."""
        return self.resource_views.of(record["id"], record)

    def user_by_email(self, email: str) -> Record | None:
        email = email.lower()
        return self.users.find(lambda u: u["email"].lower() == email)

    def user_by_username(self, username: str) -> Record | None:
        username = username.lower()
        return self.users.find(lambda u: u["username"].lower() == username)

    def new_user(
        self,
        email: str,
        username: str,
        password: str,
        plan: str,
        first: str,
        last: str,
        created_at: str,
    ) -> Record:
        user_id = self.ids.new("usr")
        salt = user_id[-8:]
        record: Record = {
            "id": user_id,
            "email": email,
            "username": username,
            "profile": {
                "first_name": first,
                "last_name": last,
                "avatar_url": f"https://avatars.example.com/{username}.jpg",
            },
            "plan": plan,
            "created_at": created_at,
            "_salt": salt,
            "_password": hash_password(password, salt),
        }
        self.users.put(user_id, record)
        return record

    def add_member(self, org_id: str, user_id: str, role: str, joined_at: str) -> Record:
        member = {"user_id": user_id, "role": role, "joined_at": joined_at}
        self.memberships.setdefault(org_id, {})[user_id] = member
        return member


def seed(ctx: SeedContext) -> ExampleState:
    """Users, organizations and resources; same seed, same data."""
    fake = ctx.faker
    state = ExampleState(ids=ctx.ids)
    base = ctx.reference_time

    def moment(days_back: int) -> str:
        return rfc3339(
            base - timedelta(days=fake.random_int(0, days_back), seconds=fake.random_int(0, 86_399))
        )

    demo_users = [
        state.new_user(
            email, username, DEMO_PASSWORD, plan, fake.first_name(), fake.last_name(), moment(400)
        )
        for email, username, plan in DEMO_USERS
    ]
    others = []
    for _ in range(max(3, ctx.volume // 2)):
        first, last = fake.first_name(), fake.last_name()
        username = f"{first}{last}{fake.random_int(1, 999)}".lower()
        others.append(
            state.new_user(
                f"{username}@{fake.free_email_domain()}",
                username,
                fake.password(length=14),
                "free",
                first,
                last,
                moment(500),
            )
        )

    demo, pro, enterprise = demo_users
    plan_orgs: list[tuple[Record, list[tuple[Record, str]]]] = [
        (demo, [(pro, "admin"), (others[0], "member"), (others[1], "member")]),
        (pro, [(demo, "member"), (enterprise, "admin"), (others[2], "member")]),
        (enterprise, [(demo, "admin")]),
    ]
    for owner, members in plan_orgs:
        company = fake.unique.company()
        slug = "-".join("".join(c for c in w.lower() if c.isalnum()) for w in company.split())
        org_id = state.ids.new("org")
        created = moment(300)
        state.organizations.put(
            org_id,
            {
                "id": org_id,
                "name": company[:100],
                "slug": slug.strip("-")[:50] or org_id.lower(),
                "created_at": created,
                "updated_at": created,
            },
        )
        state.add_member(org_id, owner["id"], "owner", created)
        for member, role in members:
            state.add_member(org_id, member["id"], role, moment(200))

    for owner, count in ((demo, ctx.volume * 3), (pro, ctx.volume), (enterprise, ctx.volume)):
        for _ in range(count):
            created = moment(365)
            resource: dict[str, Any] = {
                "id": state.ids.new("res"),
                "name": fake.catch_phrase()[:200],
                "description": fake.sentence() if fake.boolean(70) else None,
                "type": fake.random_element(RESOURCE_TYPES),
                "status": fake.random_element(RESOURCE_STATUSES),
                "metadata": {"custom_field": fake.word()} if fake.boolean(50) else {},
                "created_at": created,
                "updated_at": created,
                "_owner": owner["id"],
            }
            state.put_resource(resource)
    return state
