"""TeamWork Live's operation handlers: one object, methods named by operationId."""

from __future__ import annotations

from mockserver.apis.teamworklive.companies import CompanyHandlers
from mockserver.apis.teamworklive.projects import ProjectHandlers
from mockserver.apis.teamworklive.time_entries import TimeEntryHandlers
from mockserver.apis.teamworklive.users import UserHandlers


class Handlers(CompanyHandlers, ProjectHandlers, TimeEntryHandlers, UserHandlers):
    """Every operationId of spec/teamworklive.yaml."""
