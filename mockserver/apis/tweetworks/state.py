"""Tweetworks' state: users, groups, memberships and threaded posts, with lookups.

Records are plain dicts in stores (server-only fields start with `_`). Ids are
integers that grow with creation, so "newest" is "highest id" and a thread's latest
activity is its highest post id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mockserver.core.store import IdFactory, MemoryStore, Record

FREE = "free"
PRO = "pro"
MEMBER = "member"
PENDING = "pending"
FIRST_POST_ID = 12001
FIRST_TWITTER_STATUS_ID = 2_100_000_001


def timestamp(moment: datetime) -> str:
    """CakePHP/MySQL `YYYY-MM-DD HH:MM:SS` (UTC)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _is_id(ref: str) -> bool:
    """All ASCII digits: the segment names a record by id."""
    return ref.isascii() and ref.isdigit()


@dataclass
class TweetworksState:
    """Everything one Tweetworks server knows; rebuilt from the seed on reset."""

    ids: IdFactory
    users: MemoryStore[int] = field(default_factory=MemoryStore)
    groups: MemoryStore[int] = field(default_factory=MemoryStore)
    posts: MemoryStore[int] = field(default_factory=MemoryStore)
    memberships: MemoryStore[tuple[int, int]] = field(default_factory=MemoryStore)
    """(group id, user id) -> {"status": "member" | "pending"}."""
    children: dict[int, list[int]] = field(default_factory=dict)
    """Post id -> ids of its direct replies, oldest first."""
    api_keys: frozenset[str] = frozenset()

    # -- users ---------------------------------------------------------------------

    def user_named(self, username: str) -> Record | None:
        wanted = username.lower()
        return self.users.find(lambda user: user["username"].lower() == wanted)

    def user_by_ref(self, ref: str) -> Record | None:
        """All digits: an id; anything else: a username."""
        return self.users.get(int(ref)) if _is_id(ref) else self.user_named(ref)

    # -- groups --------------------------------------------------------------------

    def group_named(self, name: str) -> Record | None:
        wanted = name.lower()
        return self.groups.find(lambda group: group["name"].lower() == wanted)

    def group_by_ref(self, ref: str) -> Record | None:
        return self.groups.get(int(ref)) if _is_id(ref) else self.group_named(ref)

    def membership(self, group_id: int, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        record = self.memberships.get((group_id, user_id))
        return record["status"] if record is not None else None

    def is_member(self, group_id: int, user_id: int | None) -> bool:
        """A confirmed member (pending requests do not count)."""
        return self.membership(group_id, user_id) == MEMBER

    def set_membership(self, group_id: int, user_id: int, status: str) -> None:
        record = {"group_id": group_id, "user_id": user_id, "status": status}
        self.memberships.put((group_id, user_id), record)

    def member_ids(self, group_id: int) -> list[int]:
        return sorted(
            m["user_id"]
            for m in self.memberships.values()
            if m["group_id"] == group_id and m["status"] == MEMBER
        )

    def joined_group_ids(self, user_id: int) -> set[int]:
        return {
            m["group_id"]
            for m in self.memberships.values()
            if m["user_id"] == user_id and m["status"] == MEMBER
        }

    def private_groups_administered(self, user_id: int) -> list[Record]:
        return [g for g in self.groups.values() if g["_admin"] == user_id and g["private"]]

    # -- posts ---------------------------------------------------------------------

    def new_post_id(self) -> int:
        return self.ids.next_int("post", FIRST_POST_ID)

    def new_twitter_status_id(self) -> int:
        """A stand-in for the id Twitter would give a cross-posted post."""
        return self.ids.next_int("twitter", FIRST_TWITTER_STATUS_ID)

    def add_post(self, record: Record) -> None:
        """Store a post (with ``_root``, its discussion's id) and count it in its thread:
        every ancestor gains a reply and the discussion's last activity is this post."""
        record.setdefault("_replies", 0)
        self.posts.put(record["id"], record)
        self.children[record["id"]] = []
        parent_id = record["parent_id"]
        if parent_id is not None:
            self.children[parent_id].append(record["id"])
        while parent_id is not None:
            ancestor = self.posts.get(parent_id)
            assert ancestor is not None
            ancestor["_replies"] += 1
            parent_id = ancestor["parent_id"]
        root = self.posts.get(record["_root"])
        assert root is not None
        root["_activity"] = record["id"]

    def thread(self, discussion_id: int) -> list[Record]:
        """The discussion and every reply below it, depth-first, siblings oldest first."""
        ordered: list[Record] = []
        stack = [discussion_id]
        while stack:
            post_id = stack.pop()
            post = self.posts.get(post_id)
            assert post is not None
            ordered.append(post)
            stack.extend(reversed(self.children[post_id]))
        return ordered

    def discussions(self) -> list[Record]:
        return [post for post in self.posts.values() if post["parent_id"] is None]

    def discussions_joined_by(self, user_id: int) -> set[int]:
        """Ids of the discussions a user started or replied in."""
        return {post["_root"] for post in self.posts.values() if post["user_id"] == user_id}
