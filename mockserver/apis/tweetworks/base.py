"""What every Tweetworks handler shares: state, the API key, lookups, access to
private groups, and answering in the request's format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mockserver.apis.tweetworks.auth import require_api_key
from mockserver.apis.tweetworks.listing import (
    GROUPS_PER_PAGE,
    USERS_PER_PAGE,
    PostFilter,
    list_by_id,
    list_discussions,
)
from mockserver.apis.tweetworks.query import AnswerQuery, PageQuery, PostQuery
from mockserver.apis.tweetworks.state import TweetworksState, timestamp
from mockserver.apis.tweetworks.views import XML, group_view, post_view, user_view
from mockserver.core.errors import ApiError, ErrorKind, forbidden, not_found
from mockserver.core.responses import Response, formatted
from mockserver.core.runtime import ApiRuntime
from mockserver.core.store import Record

NOT_A_MEMBER = "Only confirmed members of this private group may do that"


@dataclass(frozen=True)
class Collection:
    """How one kind of record is answered: its container, item view and page size."""

    container: str
    view: Callable[[Record], dict[str, Any]]
    per_page: int


GROUPS = Collection("groups", group_view, GROUPS_PER_PAGE)
USERS = Collection("users", user_view, USERS_PER_PAGE)


class TweetworksHandlerBase:
    """Bound to one runtime; reads ``runtime.state`` on every call so a reset is seen."""

    def __init__(self, runtime: ApiRuntime) -> None:
        self.runtime = runtime

    @property
    def state(self) -> TweetworksState:
        return self.runtime.state  # type: ignore[no-any-return]

    @staticmethod
    def now() -> str:
        return timestamp(datetime.now(UTC))

    def require_key(self, key: object) -> None:
        require_api_key(self.state, key if isinstance(key, str) else None)

    def require_query_key(self, query: AnswerQuery) -> None:
        """A read's `data[key]` query parameter is a known key."""
        self.require_key(query.get("data_key"))

    # -- lookups -------------------------------------------------------------------

    def user_named(self, username: str) -> Record:
        user = self.state.user_named(username)
        if user is None:
            raise not_found("User", username)
        return user

    def user_by_ref(self, ref: str) -> Record:
        user = self.state.user_by_ref(ref)
        if user is None:
            raise not_found("User", ref)
        return user

    def group_named(self, name: str) -> Record:
        group = self.state.group_named(name)
        if group is None:
            raise not_found("Group", name)
        return group

    def group_by_ref(self, ref: str) -> Record:
        group = self.state.group_by_ref(ref)
        if group is None:
            raise not_found("Group", ref)
        return group

    def group_with_id(self, group_id: int) -> Record:
        group = self.state.groups.get(group_id)
        if group is None:
            raise not_found("Group", group_id)
        return group

    # -- access --------------------------------------------------------------------

    def may_read(self, group_id: int | None, user_id: int | None) -> bool:
        """Public stream and public groups: anyone; a private group: confirmed members."""
        if group_id is None:
            return True
        group = self.state.groups.get(group_id)
        return group is not None and (
            not group["private"] or self.state.is_member(group_id, user_id)
        )

    def require_member_if_private(self, group: Record, user_id: int | None) -> None:
        """401 without credentials, 403 for a non-member; public groups pass."""
        if not group["private"] or self.state.is_member(group["id"], user_id):
            return
        if user_id is None:
            raise ApiError(ErrorKind.UNAUTHENTICATED, "Login required: this group is private")
        raise forbidden(NOT_A_MEMBER)

    # -- answers -------------------------------------------------------------------

    @staticmethod
    def respond(container: str, items: list[dict[str, Any]], query: AnswerQuery) -> Response:
        """The seed's container in the request's format; `script` is a presence flag."""
        script = query.get("script") is not None
        return formatted({container: items}, XML, jsonp=query.get("jsonp"), script=script)

    def posts(self, posts: Iterable[Record], query: AnswerQuery) -> Response:
        return self.respond("posts", [post_view(self.state, p) for p in posts], query)

    def discussions(self, discussions: Iterable[Record], order: str, query: PostQuery) -> Response:
        """The page of ``discussions`` a listing request asks for, in ``order``."""
        return self.posts(list_discussions(discussions, PostFilter.of(order, query)), query)

    def records(self, kind: Collection, records: Iterable[Record], query: AnswerQuery) -> Response:
        return self.respond(kind.container, [kind.view(r) for r in records], query)

    def page(self, kind: Collection, records: Iterable[Record], query: PageQuery) -> Response:
        """The requested page of ``records``, by id."""
        rows = list_by_id(records, query.get("page", 1), kind.per_page)
        return self.records(kind, rows, query)
