"""Projects (each for one client company, with its people) and their tasks."""

from __future__ import annotations

from typing import Any

from mockserver.apis.teamworklive.base import TeamWorkHandlerBase, TokenInfo
from mockserver.apis.teamworklive.state import now
from mockserver.apis.teamworklive.views import by_id, deleted, item, page_of
from mockserver.core.responses import Response
from mockserver.core.store import Record

PROJECT_FIELDS = ("company_id", "name", "description", "status", "user_ids")
TASK_FIELDS = ("title", "description", "status", "priority", "assignee_id", "due_date")
COMPLETED = "completed"


class ProjectHandlers(TeamWorkHandlerBase):
    async def list_projects(
        self, token_info: TokenInfo, page: int, per_page: int, status: str | None = None
    ) -> Response:
        projects = self.access(token_info).visible_projects()
        kept = [p for p in projects if status is None or p["status"] == status]
        return page_of("project", by_id(kept), page, per_page)

    async def list_company_projects(
        self,
        token_info: TokenInfo,
        company_id: int,
        page: int,
        per_page: int,
        status: str | None = None,
    ) -> Response:
        access = self.access(token_info)
        company = access.company(company_id)
        kept = [
            p
            for p in access.visible_projects()
            if p["company_id"] == company["id"] and (status is None or p["status"] == status)
        ]
        return page_of("project", by_id(kept), page, per_page)

    async def get_project(self, token_info: TokenInfo, project_id: int) -> Response:
        return item("project", self.access(token_info).project(project_id))

    async def create_project(self, token_info: TokenInfo, body: dict[str, Any]) -> Response:
        access = self.access(token_info)
        company = access.company(body["company_id"])
        people = access.users(body.get("user_ids") or ())
        if access.caller.id not in people:
            people.append(access.caller.id)
        record: Record = {"id": self.state.next_id("projects")}
        record.update({name: body.get(name) for name in PROJECT_FIELDS})
        record.update(company_id=company["id"], user_ids=people, _account=access.caller.account)
        self.state.projects.put(record["id"], self.created(record))
        return item("project", record, status=201, headers=self.location("projects", record["id"]))

    async def update_project(
        self, token_info: TokenInfo, project_id: int, body: dict[str, Any]
    ) -> Response:
        access = self.access(token_info)
        project = access.project(project_id)
        if "company_id" in body:
            access.company(body["company_id"])
        if "user_ids" in body:
            access.users(body["user_ids"])
        return item("project", self.changed(project, body, PROJECT_FIELDS))

    async def delete_project(self, token_info: TokenInfo, project_id: int) -> Response:
        access = self.access(token_info)
        project = access.project(project_id)
        access.caller.require_admin("delete projects")
        self.state.delete_project(project["id"])
        return deleted()

    # -- tasks -----------------------------------------------------------------------

    async def list_project_tasks(
        self,
        token_info: TokenInfo,
        project_id: int,
        page: int,
        per_page: int,
        status: str | None = None,
        assignee_id: int | None = None,
    ) -> Response:
        access = self.access(token_info)
        project = access.project(project_id)
        if assignee_id is not None:
            access.user(assignee_id)
        kept = [
            t
            for t in self.state.tasks.values()
            if t["project_id"] == project["id"]
            and (status is None or t["status"] == status)
            and (assignee_id is None or t["assignee_id"] == assignee_id)
        ]
        return page_of("task", by_id(kept), page, per_page)

    async def create_task(
        self, token_info: TokenInfo, project_id: int, body: dict[str, Any]
    ) -> Response:
        access = self.access(token_info)
        project = access.project(project_id)
        if body.get("assignee_id") is not None:
            access.user(body["assignee_id"])
        record: Record = {"id": self.state.next_id("tasks"), "project_id": project["id"]}
        record.update({name: body.get(name) for name in TASK_FIELDS})
        record.update(completed_at=now() if record["status"] == COMPLETED else None)
        record["_account"] = project["_account"]
        self.state.tasks.put(record["id"], self.created(record))
        return item("task", record, status=201, headers=self.location("tasks", record["id"]))

    async def get_task(self, token_info: TokenInfo, task_id: int) -> Response:
        return item("task", self.access(token_info).task(task_id))

    async def update_task(
        self, token_info: TokenInfo, task_id: int, body: dict[str, Any]
    ) -> Response:
        access = self.access(token_info)
        task = access.task(task_id)
        if body.get("assignee_id") is not None:
            access.user(body["assignee_id"])
        was_completed = task["status"] == COMPLETED
        self.changed(task, body, TASK_FIELDS)
        if task["status"] == COMPLETED and not was_completed:
            task["completed_at"] = task["updated_at"]
        elif task["status"] != COMPLETED:
            task["completed_at"] = None
        return item("task", task)

    async def delete_task(self, token_info: TokenInfo, task_id: int) -> Response:
        task = self.access(token_info).task(task_id)
        self.state.delete_task(task["id"])
        return deleted()
