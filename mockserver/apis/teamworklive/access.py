"""Who may see and change what: accounts isolate (404), roles and project membership
restrict (403).

An id of another account is not found, exactly as an id that never existed. Inside
the account, a member sees only the projects they belong to (and their tasks and time
entries): naming one of the others is 403.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mockserver.apis.teamworklive.state import ADMINISTRATOR, TeamWorkState
from mockserver.core.errors import ApiError, ErrorKind, forbidden, unauthenticated
from mockserver.core.store import Record


@dataclass(frozen=True)
class Caller:
    """The authenticated user, resolved against the current state."""

    user: Record

    @property
    def id(self) -> int:
        return int(self.user["id"])

    @property
    def account(self) -> int:
        return int(self.user["_account"])

    @property
    def is_admin(self) -> bool:
        return bool(self.user["role"] == ADMINISTRATOR)

    def require_admin(self, action: str) -> None:
        if not self.is_admin:
            raise forbidden(f"Only administrators may {action}")


class Access:
    """Lookups of one caller in one state: 404 outside the account, 403 inside it."""

    def __init__(self, state: TeamWorkState, caller: Caller) -> None:
        self.state = state
        self.caller = caller

    @classmethod
    def of(cls, state: TeamWorkState, token_info: dict[str, Any]) -> Access:
        user = state.users.get(token_info["sub"])
        if user is None:  # only if the state was swapped under a request in flight
            raise unauthenticated()
        return cls(state, Caller(user))

    # -- one record by id ------------------------------------------------------------

    def user(self, user_id: int) -> Record:
        return self._owned(self.state.users, "User", user_id)

    def company(self, company_id: int) -> Record:
        return self._owned(self.state.companies, "Company", company_id)

    def contact(self, contact_id: int) -> Record:
        return self._owned(self.state.contacts, "Contact", contact_id)

    def project(self, project_id: int) -> Record:
        """A project of the account the caller may see (404, then 403)."""
        project = self._owned(self.state.projects, "Project", project_id)
        if not self.sees(project):
            raise forbidden(f"You do not have permission to access project {project_id}")
        return project

    def task(self, task_id: int) -> Record:
        task = self._owned(self.state.tasks, "Task", task_id)
        self.project(task["project_id"])
        return task

    def time_entry(self, entry_id: int) -> Record:
        entry = self._owned(self.state.time_entries, "Time entry", entry_id)
        self.project(entry["project_id"])
        return entry

    def users(self, user_ids: Iterable[int]) -> list[int]:
        """Every id a user of the account (404 naming the first that is not)."""
        return [self.user(user_id)["id"] for user_id in user_ids]

    # -- visibility ----------------------------------------------------------------

    def sees(self, project: Record) -> bool:
        return self.caller.is_admin or self.caller.id in project["user_ids"]

    def visible_projects(self) -> Iterator[Record]:
        return (
            p
            for p in self.state.of_account(self.state.projects, self.caller.account)
            if self.sees(p)
        )

    def require_own_entry(self, entry: Record) -> None:
        """Members change and delete only their own time."""
        if not self.caller.is_admin and entry["user_id"] != self.caller.id:
            raise forbidden("Members may only change their own time entries")

    def require_may_log_for(self, user_id: int) -> None:
        """A user of the account (404); someone else only for administrators (403)."""
        self.user(user_id)
        if not self.caller.is_admin and user_id != self.caller.id:
            raise forbidden("Members may only log their own time")

    def _owned(self, store: Any, what: str, record_id: int) -> Record:
        record = self.state.owned(store, self.caller.account, record_id)
        if record is None:
            raise not_found_named(what, record_id)
        return record


def not_found_named(what: str, record_id: int) -> ApiError:
    """`Project 4242 not found` (the spec's wording)."""
    return ApiError(ErrorKind.NOT_FOUND, f"{what} {record_id} not found")
