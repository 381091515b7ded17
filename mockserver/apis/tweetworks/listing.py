"""How Tweetworks lists things: discussions (order, id window, text filter, 20 a page)
and groups or users (by id, optional search, 30 a page)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mockserver.apis.tweetworks.query import PostQuery
from mockserver.core.pagination import page_slice
from mockserver.core.store import Record

POSTS_PER_PAGE = 20
GROUPS_PER_PAGE = 30
USERS_PER_PAGE = 30
NEWEST = "newest"
UPDATED = "updated"


@dataclass(frozen=True)
class PostFilter:
    """The query of a post listing, as the spec defines it."""

    order: str = NEWEST
    page: int = 1
    before_id: int | None = None
    after_id: int | None = None
    text: str | None = None

    @classmethod
    def of(cls, order: str, query: PostQuery) -> PostFilter:
        """The filter a listing request asks for, in ``order``."""
        return cls(
            order,
            query.get("page", 1),
            query.get("before_id"),
            query.get("after_id"),
            query.get("q"),
        )

    def keeps(self, discussion: Record) -> bool:
        post_id = discussion["id"]
        if self.before_id is not None and post_id >= self.before_id:
            return False
        if self.after_id is not None and post_id <= self.after_id:
            return False
        return not self.text or self.text.casefold() in discussion["body"].casefold()


def list_discussions(discussions: Iterable[Record], query: PostFilter) -> list[Record]:
    """One page of discussions: `newest` by id, `updated` by last activity (then id),
    both descending."""
    kept = [d for d in discussions if query.keeps(d)]
    if query.order == UPDATED:
        kept.sort(key=lambda d: (d["_activity"], d["id"]), reverse=True)
    else:
        kept.sort(key=lambda d: d["id"], reverse=True)
    rows, _ = page_slice(kept, query.page, POSTS_PER_PAGE)
    return rows


def matches(record: Record, fields: Sequence[str], text: str) -> bool:
    """Case-insensitive substring match on any of ``fields``."""
    wanted = text.casefold()
    return any(wanted in str(record[name]).casefold() for name in fields)


def list_by_id(records: Iterable[Record], page: int, per_page: int) -> list[Record]:
    rows, _ = page_slice(sorted(records, key=lambda r: r["id"]), page, per_page)
    return rows
