"""The WRGL API's operation handlers: one object, methods named by operationId."""

from __future__ import annotations

from mockserver.apis.wrgl.commits import CommitHandlers
from mockserver.apis.wrgl.downloads import DownloadHandlers
from mockserver.apis.wrgl.repos import RepoHandlers


class Handlers(RepoHandlers, CommitHandlers, DownloadHandlers):
    """Every operationId of spec/wrgl.yaml."""
