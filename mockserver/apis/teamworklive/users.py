"""The account's users (read-only here: users are managed in the web application)."""

from __future__ import annotations

from mockserver.apis.teamworklive.base import TeamWorkHandlerBase, TokenInfo
from mockserver.apis.teamworklive.views import by_id, item, page_of
from mockserver.core.responses import Response


class UserHandlers(TeamWorkHandlerBase):
    async def list_users(self, token_info: TokenInfo, page: int, per_page: int) -> Response:
        access = self.access(token_info)
        users = self.state.of_account(self.state.users, access.caller.account)
        return page_of("user", by_id(users), page, per_page)

    async def get_user(self, token_info: TokenInfo, user_id: int) -> Response:
        return item("user", self.access(token_info).user(user_id))

    async def get_me(self, token_info: TokenInfo) -> Response:
        return item("user", self.access(token_info).caller.user)
