"""TeamWork Live's state: accounts' users, client companies, contacts, projects, tasks
and time entries, each record tagged with the account it belongs to.

Records are plain dicts in stores keyed by their integer id (server-only fields start
with `_`). Ids come from one sequence per resource, so they are unique across accounts
and an id of another account is simply not found.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mockserver.core.store import IdFactory, MemoryStore, Record

ADMINISTRATOR = "administrator"
MEMBER = "member"
FIRST_IDS = {
    "users": 1,
    "companies": 12,
    "contacts": 20,
    "projects": 35,
    "tasks": 90,
    "time_entries": 2000,
}
"""Where each id sequence starts, so the seeded demo account holds the spec's example ids
(company 17, contact 31, project 42, task 105, time entry 2207, users 1 and 3)."""


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with a `Z`, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> str:
    return timestamp(datetime.now(UTC))


@dataclass
class TeamWorkState:
    """Everything one TeamWork Live server knows; rebuilt from the seed on reset."""

    ids: IdFactory
    key_secret: bytes
    users: MemoryStore[int] = field(default_factory=MemoryStore)
    companies: MemoryStore[int] = field(default_factory=MemoryStore)
    contacts: MemoryStore[int] = field(default_factory=MemoryStore)
    projects: MemoryStore[int] = field(default_factory=MemoryStore)
    tasks: MemoryStore[int] = field(default_factory=MemoryStore)
    time_entries: MemoryStore[int] = field(default_factory=MemoryStore)

    def next_id(self, resource: str) -> int:
        return self.ids.next_int(resource, FIRST_IDS[resource])

    # -- accounts and keys ---------------------------------------------------------

    def user_by_email(self, email: str) -> Record | None:
        wanted = email.casefold()
        return self.users.find(lambda user: user["email"].casefold() == wanted)

    def rotate_api_key(self, user: Record, password: str) -> str:
        """A new password means a new API key (the seed says so); the old one dies."""
        user["_key_version"] += 1
        message = f"{user['id']}:{user['_key_version']}:{password}".encode()
        user["_api_key"] = (
            "twl_" + hmac.new(self.key_secret, message, hashlib.sha256).hexdigest()[:32]
        )
        return str(user["_api_key"])

    # -- one account's records -----------------------------------------------------

    @staticmethod
    def owned(store: MemoryStore[int], account: int, record_id: int) -> Record | None:
        """The record with this id if it belongs to ``account`` (else None: not found)."""
        record = store.get(record_id)
        return record if record is not None and record["_account"] == account else None

    @staticmethod
    def of_account(store: MemoryStore[int], account: int) -> Iterator[Record]:
        return (record for record in store.values() if record["_account"] == account)

    # -- cascades --------------------------------------------------------------------

    def delete_project(self, project_id: int) -> None:
        """The project with its tasks and time entries."""
        for task in [t for t in self.tasks.values() if t["project_id"] == project_id]:
            self.tasks.delete(task["id"])
        for entry in [e for e in self.time_entries.values() if e["project_id"] == project_id]:
            self.time_entries.delete(entry["id"])
        self.projects.delete(project_id)

    def delete_company(self, company_id: int) -> None:
        """The company with its contacts and its projects (and theirs)."""
        for contact in [c for c in self.contacts.values() if c["company_id"] == company_id]:
            self.contacts.delete(contact["id"])
        for project in [p for p in self.projects.values() if p["company_id"] == company_id]:
            self.delete_project(project["id"])
        self.companies.delete(company_id)

    def delete_task(self, task_id: int) -> None:
        """The task; time logged on it stays on the project, detached."""
        for entry in self.time_entries.values():
            if entry["task_id"] == task_id:
                entry["task_id"] = None
        self.tasks.delete(task_id)
