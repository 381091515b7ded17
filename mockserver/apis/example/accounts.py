"""Auth (login, refresh, logout, register) and users."""

from __future__ import annotations

from typing import Any

from mockserver.apis.example.base import ExampleHandlerBase, Response
from mockserver.apis.example.state import password_matches
from mockserver.apis.example.tokens import TokenService
from mockserver.core.errors import FieldError, conflict, unauthenticated


class AccountHandlers(ExampleHandlerBase):
    @property
    def tokens(self) -> TokenService:
        settings = self.runtime.settings
        return TokenService(
            settings.token_secret,
            self.state.tokens,
            refresh_per_user=settings.refresh_tokens_per_user,
        )

    async def login(self, body: dict[str, Any]) -> Response:
        user = self.state.user_by_email(body["email"])
        if user is None or not password_matches(user, body["password"]):
            raise unauthenticated("Invalid email or password")
        return self.tokens.issue(user["id"], user["plan"]).body(), 200

    async def refresh_token(self, body: dict[str, Any]) -> Response:
        user_id = self.tokens.redeem_refresh(body["refresh_token"])
        user = self.state.users.get(user_id) if user_id else None
        if user is None:
            raise unauthenticated("Refresh token is invalid, expired or already used")
        return self.tokens.issue(user["id"], user["plan"]).body(), 200

    async def logout(self, token_info: dict[str, Any]) -> Response:
        self.tokens.revoke(token_info)
        return None, 204

    async def register(self, body: dict[str, Any]) -> Response:
        taken = []
        if self.state.user_by_email(body["email"]) is not None:
            taken.append(FieldError("email", "is already registered"))
        if self.state.user_by_username(body["username"]) is not None:
            taken.append(FieldError("username", "is already taken"))
        if taken:
            raise conflict("An account with these details already exists", *taken)
        user = self.state.new_user(
            body["email"], body["username"], body["password"], "free", "", "", self.now()
        )
        return self.tokens.issue(user["id"], "free").body(), 201

    async def get_current_user(self, user: str) -> Response:
        return self.one(self.current_user(user)), 200

    async def update_current_user(self, user: str, body: dict[str, Any]) -> Response:
        record = self.current_user(user)
        record["profile"] = {**record["profile"], **body.get("profile", {})}
        return self.one(record), 200

    async def list_users(
        self,
        user: str,
        page: int = 1,
        per_page: int = 20,
        search: str | None = None,
        role: str | None = None,
    ) -> Response:
        mine = [org for org, members in self.state.memberships.items() if user in members]
        visible: dict[str, set[str]] = {user: set()}
        for org in mine:
            for member_id, member in self.state.memberships[org].items():
                visible.setdefault(member_id, set()).add(member["role"])
        needle = (search or "").lower()
        items = []
        for user_id, roles in visible.items():
            record = self.state.users.get(user_id)
            if record is None or (role is not None and role not in roles):
                continue
            profile = record["profile"]
            text = " ".join(
                [record["email"], record["username"], profile["first_name"], profile["last_name"]]
            ).lower()
            if needle and needle not in text:
                continue
            items.append(record)
        items.sort(key=lambda r: r["created_at"])
        return self.page(items, page, per_page), 200
