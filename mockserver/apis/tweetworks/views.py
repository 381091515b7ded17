"""The seed's return data: records as `posts`/`groups`/`users` items, and their XML.

Field order follows the seed (it is the XML element order). The seed's booleans are
`"1"` or `""`; text fields are CDATA in XML.
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.tweetworks.state import TweetworksState
from mockserver.core.formats import XmlWriter
from mockserver.core.store import Record

XML = XmlWriter(
    cdata_fields=("body", "created", "name", "username", "avatar_url", "description", "keywords")
)


def flag(value: bool) -> str:
    return "1" if value else ""


def user_view(user: Record) -> dict[str, Any]:
    return {
        "id": user["id"],
        "username": user["username"],
        "avatar_url": user["avatar_url"],
        "name": user["name"],
        "twitter_id": user["twitter_id"],
    }


def group_view(group: Record) -> dict[str, Any]:
    return {
        "id": group["id"],
        "name": group["name"],
        "private": flag(group["private"]),
        "description": group["description"],
        "keywords": group["keywords"],
    }


def post_view(state: TweetworksState, post: Record) -> dict[str, Any]:
    group = state.groups.get(post["group_id"]) if post["group_id"] is not None else None
    author = state.users.get(post["user_id"])
    assert author is not None, "posts keep their author"
    return {
        "id": post["id"],
        "user_id": post["user_id"],
        "group_id": post["group_id"],
        "parent_id": post["parent_id"],
        "twitter_id": post["twitter_id"],
        "bingo": flag(post["bingo"]),
        "body": post["body"],
        "created": post["created"],
        "group": group_view(group) if group is not None else None,
        "user": user_view(author),
        "replies": post["_replies"],
    }
