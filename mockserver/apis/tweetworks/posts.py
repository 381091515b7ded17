"""Post methods: add, the five discussion listings, and view (a whole thread)."""

from __future__ import annotations

from typing import Any, Unpack

from mockserver.apis.tweetworks.base import NOT_A_MEMBER, TweetworksHandlerBase
from mockserver.apis.tweetworks.listing import NEWEST
from mockserver.apis.tweetworks.query import AnswerQuery, PostQuery
from mockserver.core.errors import forbidden, not_found
from mockserver.core.forms import nest_envelope
from mockserver.core.responses import Response
from mockserver.core.store import Record


class PostHandlers(TweetworksHandlerBase):
    async def add_post(self, user: int, body: dict[str, Any]) -> Response:
        data = nest_envelope(body)
        self.require_key(data.get("key"))
        fields = data.get("Post", {})
        parent: Record | None = None
        group_id = fields.get("groupId")
        if fields.get("parentId") is not None:
            parent = self.state.posts.get(fields["parentId"])
            if parent is None:
                raise not_found("Post", fields["parentId"])
            group_id = parent["group_id"]  # a reply stays in its discussion's group
        if group_id is not None:
            group = self.group_with_id(group_id)
            if group["private"] and not self.state.is_member(group_id, user):
                raise forbidden(NOT_A_MEMBER)
        post_id = self.state.new_post_id()
        to_twitter = fields.get("sendToTwitter", "0") == "1"
        record = {
            "id": post_id,
            "user_id": user,
            "group_id": group_id,
            "parent_id": parent["id"] if parent is not None else None,
            "twitter_id": self.state.new_twitter_status_id() if to_twitter else None,
            "bingo": False,
            "body": fields["body"],
            "created": self.now(),
            "_root": parent["_root"] if parent is not None else post_id,
        }
        self.state.add_post(record)
        return self.posts([record], {})

    async def list_posts_index(self, **query: Unpack[PostQuery]) -> Response:
        return await self.list_posts(NEWEST, **query)

    async def list_posts(self, order: str, **query: Unpack[PostQuery]) -> Response:
        self.require_query_key(query)
        visible = [d for d in self.state.discussions() if self.may_read(d["group_id"], None)]
        return self.discussions(visible, order, query)

    async def list_contributed_posts(
        self, user: int, username: str, order: str, **query: Unpack[PostQuery]
    ) -> Response:
        self.require_query_key(query)
        contributor = self.user_named(username)
        joined = self.state.discussions_joined_by(contributor["id"])
        visible = [
            d
            for d in self.state.discussions()
            if d["id"] in joined and self.may_read(d["group_id"], user)
        ]
        return self.discussions(visible, order, query)

    async def list_group_posts(
        self, group: str, order: str, user: int | None = None, **query: Unpack[PostQuery]
    ) -> Response:
        self.require_query_key(query)
        record = self.group_by_ref(group)
        self.require_member_if_private(record, user)
        in_group = [d for d in self.state.discussions() if d["group_id"] == record["id"]]
        return self.discussions(in_group, order, query)

    async def list_joined_group_posts(
        self, user: int, username: str, order: str, **query: Unpack[PostQuery]
    ) -> Response:
        self.require_query_key(query)
        caller = self.state.users.get(user)
        if caller is None or caller["username"].lower() != username.lower():
            raise forbidden("You may only list the posts of your own groups")
        groups = self.state.joined_group_ids(user)
        joined = [d for d in self.state.discussions() if d["group_id"] in groups]
        return self.discussions(joined, order, query)

    async def view_post(
        self, id_: int, user: int | None = None, **query: Unpack[AnswerQuery]
    ) -> Response:
        self.require_query_key(query)
        post = self.state.posts.get(id_)
        if post is None:
            raise not_found("Post", id_)
        if post["group_id"] is not None:
            self.require_member_if_private(self.group_with_id(post["group_id"]), user)
        return self.posts(self.state.thread(post["_root"]), query)
