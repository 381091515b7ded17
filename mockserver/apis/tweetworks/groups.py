"""Group methods: add, edit, join, and the group listings and lookups."""

from __future__ import annotations

from typing import Any, Unpack

from mockserver.apis.tweetworks.base import GROUPS, TweetworksHandlerBase
from mockserver.apis.tweetworks.listing import matches
from mockserver.apis.tweetworks.query import AnswerQuery, PageQuery
from mockserver.apis.tweetworks.state import FREE, MEMBER, PENDING
from mockserver.apis.tweetworks.views import group_view
from mockserver.core.errors import conflict, forbidden
from mockserver.core.forms import nest_envelope
from mockserver.core.responses import Response

UPGRADE = "You must upgrade to create more private groups!"
NAME_TAKEN = "A group with that name already exists"


class GroupHandlers(TweetworksHandlerBase):
    def _require_private_quota(self, user_id: int) -> None:
        """A free-plan user administers at most one private group (the seed's rule)."""
        user = self.state.users.get(user_id)
        is_free = user is not None and user["_plan"] == FREE
        if is_free and self.state.private_groups_administered(user_id):
            raise forbidden(UPGRADE)

    def _require_free_name(self, name: str, group_id: int | None = None) -> None:
        holder = self.state.group_named(name)
        if holder is not None and holder["id"] != group_id:
            raise conflict(NAME_TAKEN)

    async def add_group(self, user: int, body: dict[str, Any]) -> Response:
        data = nest_envelope(body)
        self.require_key(data.get("key"))
        fields = data.get("Group", {})
        self._require_free_name(fields["name"])
        private = fields.get("private", "0") == "1"
        if private:
            self._require_private_quota(user)
        group_id = self.state.ids.next_int("group")
        record = {
            "id": group_id,
            "name": fields["name"],
            "private": private,
            "description": fields.get("description", ""),
            "keywords": fields.get("keywords", ""),
            "_admin": user,
        }
        self.state.groups.put(group_id, record)
        self.state.set_membership(group_id, user, MEMBER)
        return self.records(GROUPS, [record], {})

    async def edit_group(self, user: int, id_: int, body: dict[str, Any] | None = None) -> Response:
        data = nest_envelope(body or {})
        self.require_key(data.get("key"))
        group = self.group_with_id(id_)
        if group["_admin"] != user:
            raise forbidden("Only the group's administrator may edit it")
        changes = data.get("Group", {})
        if "name" in changes:
            self._require_free_name(changes["name"], group["id"])
        private = changes.get("private", "1" if group["private"] else "0") == "1"
        if private and not group["private"]:
            self._require_private_quota(user)
        group.update(
            name=changes.get("name", group["name"]),
            description=changes.get("description", group["description"]),
            keywords=changes.get("keywords", group["keywords"]),
            private=private,
        )
        return self.records(GROUPS, [group], {})

    async def join_group(
        self, user: int, name: str, body: dict[str, Any] | None = None
    ) -> Response:
        data = nest_envelope(body or {})
        self.require_key(data.get("key"))
        group = self.group_named(name)
        current = self.state.membership(group["id"], user)
        if current != MEMBER:
            current = PENDING if group["private"] else MEMBER
            self.state.set_membership(group["id"], user, current)
        return self.respond("groups", [{**group_view(group), "membership": current}], {})

    async def list_groups(self, **query: Unpack[PageQuery]) -> Response:
        self.require_query_key(query)
        return self.page(GROUPS, self.state.groups.values(), query)

    async def list_joined_groups(
        self, user: int, username: str, **query: Unpack[PageQuery]
    ) -> Response:
        self.require_query_key(query)
        joined = self.state.joined_group_ids(self.user_named(username)["id"])
        groups = [g for g in self.state.groups.values() if g["id"] in joined]
        return self.page(GROUPS, groups, query)

    async def view_group(self, id_or_name: str, **query: Unpack[AnswerQuery]) -> Response:
        self.require_query_key(query)
        return self.records(GROUPS, [self.group_by_ref(id_or_name)], query)

    async def search_groups(self, data_query: str, **query: Unpack[PageQuery]) -> Response:
        self.require_query_key(query)
        return self._search_groups(data_query, query)

    async def search_groups_form(
        self, body: dict[str, Any], **query: Unpack[PageQuery]
    ) -> Response:
        """`data[query]` (and `data[key]`) in a POST body, the data-envelope convention."""
        data = nest_envelope(body)
        self.require_key(data.get("key"))
        return self._search_groups(data["query"], {"page": query.get("page", 1)})

    def _search_groups(self, text: str, query: PageQuery) -> Response:
        fields = ("name", "description", "keywords")
        found = [g for g in self.state.groups.values() if matches(g, fields, text)]
        return self.page(GROUPS, found, query)
