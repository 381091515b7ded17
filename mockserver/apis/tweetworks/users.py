"""User methods: members of a group, browsing, login check, lookup and search."""

from __future__ import annotations

from typing import Any, Unpack

from mockserver.apis.tweetworks.base import USERS, TweetworksHandlerBase
from mockserver.apis.tweetworks.listing import matches
from mockserver.apis.tweetworks.query import AnswerQuery, PageQuery
from mockserver.core.forms import nest_envelope
from mockserver.core.responses import Response


class UserHandlers(TweetworksHandlerBase):
    async def list_group_users(
        self, group: str, user: int | None = None, **query: Unpack[PageQuery]
    ) -> Response:
        self.require_query_key(query)
        record = self.group_by_ref(group)
        self.require_member_if_private(record, user)
        members = set(self.state.member_ids(record["id"]))
        found = [u for u in self.state.users.values() if u["id"] in members]
        return self.page(USERS, found, query)

    async def list_users(self, **query: Unpack[PageQuery]) -> Response:
        self.require_query_key(query)
        return self.page(USERS, self.state.users.values(), query)

    async def login_user(self, user: int, **query: Unpack[AnswerQuery]) -> Response:
        self.require_query_key(query)
        return self.records(USERS, [self.user_by_ref(str(user))], query)

    async def view_user(self, id_or_username: str, **query: Unpack[AnswerQuery]) -> Response:
        self.require_query_key(query)
        return self.records(USERS, [self.user_by_ref(id_or_username)], query)

    async def search_users(self, data_query: str, **query: Unpack[PageQuery]) -> Response:
        self.require_query_key(query)
        return self._search_users(data_query, query)

    async def search_users_form(self, body: dict[str, Any], **query: Unpack[PageQuery]) -> Response:
        """`data[query]` (and `data[key]`) in a POST body, the data-envelope convention."""
        data = nest_envelope(body)
        self.require_key(data.get("key"))
        return self._search_users(data["query"], {"page": query.get("page", 1)})

    def _search_users(self, text: str, query: PageQuery) -> Response:
        fields = ("username", "name")
        found = [u for u in self.state.users.values() if matches(u, fields, text)]
        return self.page(USERS, found, query)
