"""Repositories: listing what the caller can see, and changing visibility."""

from __future__ import annotations

from typing import Any

from mockserver.apis.wrgl.base import Response, WrglHandlerBase
from mockserver.apis.wrgl.state import FREE
from mockserver.core.errors import forbidden
from mockserver.core.pagination import offset_slice
from mockserver.core.store import public_view

REPOS_PER_PAGE = 30


class RepoHandlers(WrglHandlerBase):
    async def list_repos(
        self, user: str, offset: str | None = None, search: str | None = None
    ) -> Response:
        visible = [
            repo
            for repo in self.state.repos.values()
            if (repo["isPublic"] or repo["_owner"] == user)
            and repo["name"].startswith(search or "")
        ]
        visible.sort(key=lambda repo: repo["name"].encode())
        page = offset_slice(visible, int(offset or 0), REPOS_PER_PAGE)
        return {"repos": [public_view(repo) for repo in page], "count": len(visible)}, 200

    async def publish_repo(self, user: str, repo_name: str, body: dict[str, Any]) -> Response:
        repo = self.readable_repo(user, repo_name)
        if repo["_owner"] != user:
            raise forbidden(f"only the owner can change the visibility of repo '{repo_name}'")
        public = body["public"]
        if not public and self.caller(user)["plan"] == FREE:
            raise forbidden("only paid plans can make a repository private")
        repo["isPublic"] = public
        return self.commit_view(self.latest_commit(repo)), 200
