"""What every WRGL handler group shares: state, limits, the caller, visibility rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mockserver.apis.wrgl.limits import DEFAULT_LIMITS, Limits
from mockserver.apis.wrgl.state import WrglState, rfc3339
from mockserver.core.errors import ApiError, ErrorKind, not_found
from mockserver.core.runtime import ApiRuntime
from mockserver.core.store import Record, public_view

Response = tuple[Any, int]


class WrglHandlerBase:
    """Bound to one runtime; reads ``runtime.state`` on every call so a reset is seen."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    @property
    def state(self) -> WrglState:
        return self.runtime.state  # type: ignore[no-any-return]

    @property
    def limits(self) -> Limits:
        limits = self.runtime.definition.extra.get("limits", DEFAULT_LIMITS)
        assert isinstance(limits, Limits)
        return limits

    @staticmethod
    def now() -> str:
        return rfc3339(datetime.now(UTC))

    def caller(self, user_id: str) -> Record:
        user = self.state.users.get(user_id)
        if user is None:
            raise not_found("user", user_id)
        return user

    def readable_repo(self, user_id: str, name: str) -> Record:
        """A repository the caller may read: theirs, or public. Others' private ones
        are answered exactly as missing ones."""
        repo = self.state.repos.get(name)
        if repo is None or not (repo["isPublic"] or repo["_owner"] == user_id):
            raise not_found("repo", name)
        return repo

    def commit_in(self, repo: Record, commit_hash: str) -> Record:
        commit = self.state.commits.get(commit_hash)
        if commit is None or commit["_repo"] != repo["name"]:
            raise ApiError(
                ErrorKind.NOT_FOUND, f"commit '{commit_hash}' not found in repo '{repo['name']}'"
            )
        return commit

    def latest_commit(self, repo: Record) -> Record:
        commit = self.state.commits.get(repo["hash"])
        assert commit is not None, "a repository always has a latest commit"
        return commit

    @staticmethod
    def commit_summary(commit: Record) -> Record:
        """The commit object of a history listing (the seed's, without ``contentHash``)."""
        view = public_view(commit)
        view.pop("contentHash")
        return view

    @staticmethod
    def commit_view(commit: Record, *, with_table: bool = False) -> Record:
        """The API's commit object, with ``contentHash`` and optionally ``table``."""
        view = public_view(commit)
        if with_table:
            view["table"] = commit["_table"].describe()
        return view
