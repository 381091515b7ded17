"""Commits: creating one from an upload, listing a history, reading one."""

from __future__ import annotations

from typing import Any

from connexion.decorators.parameter import pythonic

from mockserver.apis.wrgl.base import Response, WrglHandlerBase
from mockserver.apis.wrgl.state import FREE
from mockserver.apis.wrgl.upload import FIELD, ingest
from mockserver.core.errors import ApiError, ErrorKind, FieldError, forbidden
from mockserver.core.gzipped import process_budget
from mockserver.core.pagination import CursorCodec
from mockserver.core.store import Record

COMMITS_PER_PAGE = 20
EOF_TOKEN = "EOF"
_FILE_ARGUMENT = pythonic(FIELD)
"""The keyword Connexion passes the uploaded file as (`csv.dataFile` made pythonic)."""


class CommitHandlers(WrglHandlerBase):
    async def create_commit(self, user: str, body: dict[str, Any], **parts: Any) -> Response:
        author = self.caller(user)
        name = body["repoName"]
        self._check_can_commit(author, name)
        self._check_storage(author, 1)
        settings = self.runtime.settings
        data, table = await ingest(
            parts.get(_FILE_ARGUMENT, body.get(FIELD)),
            body.get("csv.primaryKey"),
            self.limits,
            process_budget(settings.max_decompressing_bytes),
        )
        # The state may have changed while the upload was parsed in a worker thread.
        self._check_can_commit(author, name)
        self._check_storage(author, self.state.new_bytes(data))
        record = self.state.commit(
            name, author, body["message"], table, data, self.now(), public=author["plan"] == FREE
        )
        return {"hash": record["hash"], "contentHash": record["contentHash"]}, 200

    def _check_storage(self, author: Record, adding: int) -> None:
        """Refuse (413, nothing stored) an upload over the user's or the process's cap."""
        if adding <= 0:
            return
        settings = self.runtime.settings
        per_user, total = (
            settings.max_stored_upload_bytes_per_user,
            settings.max_stored_upload_bytes,
        )
        if self.state.stored_by_user.get(author["id"], 0) + adding > per_user:
            raise ApiError(
                ErrorKind.PAYLOAD_TOO_LARGE,
                f"stored data of user '{author['username']}' would exceed {per_user} bytes",
            )
        if self.state.stored_bytes + adding > total:
            raise ApiError(
                ErrorKind.PAYLOAD_TOO_LARGE, f"the server's stored data would exceed {total} bytes"
            )

    def _check_can_commit(self, author: Record, name: str) -> None:
        repo = self.state.repos.get(name)
        if repo is not None and repo["_owner"] != author["id"]:
            raise forbidden(f"repo '{name}' belongs to another user")

    async def list_commits(
        self, user: str, repo_name: str, page_token: str | None = None
    ) -> Response:
        repo = self.readable_repo(user, repo_name)
        history: list[str] = repo["_commits"]
        before = self._position(repo_name, page_token, len(history))
        start = max(0, before - COMMITS_PER_PAGE)
        page = [self.state.commits.get(h) for h in reversed(history[start:before])]
        next_token = (
            EOF_TOKEN if start == 0 else self._codec.encode({"repo": repo_name, "before": start})
        )
        return {
            "commits": [self.commit_summary(c) for c in page if c is not None],
            "nextPageToken": next_token,
        }, 200

    @property
    def _codec(self) -> CursorCodec:
        secret = f"{self.runtime.settings.token_secret}:wrgl:pageToken".encode()
        return CursorCodec(secret, field="pageToken")

    def _position(self, repo_name: str, token: str | None, length: int) -> int:
        """How many commits (oldest first) remain to be listed at ``token``."""
        if not token:
            return length
        if token == EOF_TOKEN:
            raise ApiError(
                ErrorKind.VALIDATION,
                "pageToken is EOF: there are no more commits to list",
                (FieldError("pageToken", "EOF marks the end of the list"),),
            )
        cursor = self._codec.decode(token)
        before = cursor.get("before")
        if (
            cursor.get("repo") != repo_name
            or not isinstance(before, int)
            or not 0 < before <= length
        ):
            raise ApiError(
                ErrorKind.VALIDATION,
                f"pageToken was not issued for repo '{repo_name}'",
                (FieldError("pageToken", "belongs to another listing"),),
            )
        return before

    async def get_latest_commit(
        self, user: str, repo_name: str, get_content: str = "false"
    ) -> Response:
        repo = self.readable_repo(user, repo_name)
        commit = self.latest_commit(repo)
        return self.commit_view(commit, with_table=get_content == "true"), 200

    async def get_commit(
        self, user: str, repo_name: str, hash_: str, get_content: str = "false"
    ) -> Response:
        commit = self.commit_in(self.readable_repo(user, repo_name), hash_)
        return self.commit_view(commit, with_table=get_content == "true"), 200
