"""User methods: members of a group, browsing, login check, lookup and search."""

from __future__ import annotations

from mockserver.apis.tweetworks.base import TweetworksHandlerBase
from mockserver.apis.tweetworks.listing import USERS_PER_PAGE, list_by_id, matches
from mockserver.apis.tweetworks.views import user_view
from mockserver.core.responses import Response
from mockserver.core.store import Record


class UserHandlers(TweetworksHandlerBase):
    def _users(self, users: list[Record], jsonp: str | None, script: str | None) -> Response:
        return self.respond("users", [user_view(u) for u in users], jsonp, script)

    async def list_group_users(
        self,
        group: str,
        data_key: str | None = None,
        page: int = 1,
        jsonp: str | None = None,
        script: str | None = None,
        user: int | None = None,
    ) -> Response:
        self.require_key(data_key)
        record = self.group_by_ref(group)
        self.require_member_if_private(record, user)
        members = set(self.state.member_ids(record["id"]))
        found = [u for u in self.state.users.values() if u["id"] in members]
        return self._users(list_by_id(found, page, USERS_PER_PAGE), jsonp, script)

    async def list_users(
        self,
        data_key: str | None = None,
        page: int = 1,
        jsonp: str | None = None,
        script: str | None = None,
    ) -> Response:
        self.require_key(data_key)
        return self._users(
            list_by_id(self.state.users.values(), page, USERS_PER_PAGE), jsonp, script
        )

    async def login_user(
        self,
        user: int,
        data_key: str | None = None,
        jsonp: str | None = None,
        script: str | None = None,
    ) -> Response:
        self.require_key(data_key)
        return self._users([self.user_by_ref(str(user))], jsonp, script)

    async def view_user(
        self,
        id_or_username: str,
        data_key: str | None = None,
        jsonp: str | None = None,
        script: str | None = None,
    ) -> Response:
        self.require_key(data_key)
        return self._users([self.user_by_ref(id_or_username)], jsonp, script)

    async def search_users(
        self,
        data_query: str,
        data_key: str | None = None,
        page: int = 1,
        jsonp: str | None = None,
        script: str | None = None,
    ) -> Response:
        self.require_key(data_key)
        found = [
            u for u in self.state.users.values() if matches(u, ("username", "name"), data_query)
        ]
        return self._users(list_by_id(found, page, USERS_PER_PAGE), jsonp, script)
