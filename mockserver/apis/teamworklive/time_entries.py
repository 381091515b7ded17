"""Time entries: hours a user logged on a project (optionally on one of its tasks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockserver.apis.teamworklive.access import Access, not_found_named
from mockserver.apis.teamworklive.base import TeamWorkHandlerBase, TokenInfo
from mockserver.apis.teamworklive.views import deleted, item, page_of
from mockserver.core.responses import Response
from mockserver.core.store import Record

ENTRY_FIELDS = ("date", "hours", "user_id", "task_id", "billable", "notes")


@dataclass(frozen=True)
class EntryFilter:
    """A time-entry listing's query: inclusive dates, user, billable (all ANDed)."""

    date_from: str | None = None
    date_to: str | None = None
    user_id: int | None = None
    billable: bool | None = None

    def keeps(self, entry: Record) -> bool:
        return (
            (self.date_from is None or entry["date"] >= self.date_from)
            and (self.date_to is None or entry["date"] <= self.date_to)
            and (self.user_id is None or entry["user_id"] == self.user_id)
            and (self.billable is None or entry["billable"] == self.billable)
        )


def by_date(entries: Iterable[Record]) -> list[Record]:
    return sorted(entries, key=lambda entry: (entry["date"], entry["id"]))


class TimeEntryHandlers(TeamWorkHandlerBase):
    async def list_time_entries(
        self,
        token_info: TokenInfo,
        page: int,
        per_page: int,
        from_: str | None = None,
        to: str | None = None,
        project_id: int | None = None,
        user_id: int | None = None,
        billable: bool | None = None,
    ) -> Response:
        access = self.access(token_info)
        if project_id is not None:
            projects = {access.project(project_id)["id"]}
        else:
            projects = {p["id"] for p in access.visible_projects()}
        query = self._filter(access, from_, to, user_id, billable)
        kept = [
            e
            for e in self.state.time_entries.values()
            if e["project_id"] in projects and query.keeps(e)
        ]
        return page_of("time_entry", by_date(kept), page, per_page)

    async def list_project_time_entries(
        self,
        token_info: TokenInfo,
        project_id: int,
        page: int,
        per_page: int,
        from_: str | None = None,
        to: str | None = None,
        user_id: int | None = None,
        billable: bool | None = None,
    ) -> Response:
        access = self.access(token_info)
        project = access.project(project_id)
        query = self._filter(access, from_, to, user_id, billable)
        kept = [
            e
            for e in self.state.time_entries.values()
            if e["project_id"] == project["id"] and query.keeps(e)
        ]
        return page_of("time_entry", by_date(kept), page, per_page)

    async def create_time_entry(
        self, token_info: TokenInfo, project_id: int, body: dict[str, Any]
    ) -> Response:
        access = self.access(token_info)
        project = access.project(project_id)
        self._check_task(access, project, body.get("task_id"))
        user_id = body.get("user_id", access.caller.id)
        access.require_may_log_for(user_id)
        record: Record = {"id": self.state.next_id("time_entries"), "project_id": project["id"]}
        record.update({name: body.get(name) for name in ENTRY_FIELDS})
        record.update(user_id=user_id, _account=project["_account"])
        self.state.time_entries.put(record["id"], self.created(record))
        return item(
            "time_entry", record, status=201, headers=self.location("time_entries", record["id"])
        )

    async def get_time_entry(self, token_info: TokenInfo, time_entry_id: int) -> Response:
        return item("time_entry", self.access(token_info).time_entry(time_entry_id))

    async def update_time_entry(
        self, token_info: TokenInfo, time_entry_id: int, body: dict[str, Any]
    ) -> Response:
        access = self.access(token_info)
        entry = access.time_entry(time_entry_id)
        access.require_own_entry(entry)
        project = access.project(entry["project_id"])
        self._check_task(access, project, body.get("task_id"))
        if "user_id" in body:
            access.require_may_log_for(body["user_id"])
        return item("time_entry", self.changed(entry, body, ENTRY_FIELDS))

    async def delete_time_entry(self, token_info: TokenInfo, time_entry_id: int) -> Response:
        access = self.access(token_info)
        entry = access.time_entry(time_entry_id)
        access.require_own_entry(entry)
        self.state.time_entries.delete(entry["id"])
        return deleted()

    @staticmethod
    def _filter(
        access: Access,
        date_from: str | None,
        date_to: str | None,
        user_id: int | None,
        billable: bool | None,
    ) -> EntryFilter:
        if user_id is not None:
            access.user(user_id)
        return EntryFilter(date_from, date_to, user_id, billable)

    @staticmethod
    def _check_task(access: Access, project: Record, task_id: int | None) -> None:
        """A task of the entry's project, else 404 (another project's task included)."""
        if task_id is None:
            return
        task = access.state.owned(access.state.tasks, access.caller.account, task_id)
        if task is None or task["project_id"] != project["id"]:
            raise not_found_named("Task", task_id)
