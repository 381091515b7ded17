"""Tweetworks' post listings: orders, the id window, text search, 20 a page."""

from __future__ import annotations

from mockserver.apis.tweetworks.listing import (
    UPDATED,
    PostFilter,
    list_by_id,
    list_discussions,
    matches,
)


def discussion(post_id: int, activity: int, body: str = "") -> dict[str, object]:
    return {"id": post_id, "_activity": activity, "body": body or f"post {post_id}"}


POSTS = [discussion(i, i) for i in range(1, 46)]


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [row["id"] for row in rows]


def test_newest_pages_twenty_by_id_descending():
    assert ids(list_discussions(POSTS, PostFilter())) == list(range(45, 25, -1))
    assert ids(list_discussions(POSTS, PostFilter(page=3))) == [5, 4, 3, 2, 1]
    assert list_discussions(POSTS, PostFilter(page=4)) == []


def test_updated_orders_by_last_activity_then_id():
    posts = [discussion(1, 90), discussion(2, 2), discussion(3, 90), discussion(4, 50)]
    assert ids(list_discussions(posts, PostFilter(order=UPDATED))) == [3, 1, 4, 2]


def test_before_and_after_are_strict_and_combine_into_a_window():
    assert ids(list_discussions(POSTS, PostFilter(before_id=4))) == [3, 2, 1]
    assert ids(list_discussions(POSTS, PostFilter(after_id=42))) == [45, 44, 43]
    assert ids(list_discussions(POSTS, PostFilter(before_id=10, after_id=6))) == [9, 8, 7]
    assert list_discussions(POSTS, PostFilter(before_id=6, after_id=10)) == []


def test_text_search_is_a_case_insensitive_substring():
    posts = [discussion(1, 1, "Is FACEBOOK next?"), discussion(2, 2, "Twitter")]
    assert ids(list_discussions(posts, PostFilter(text="facebook"))) == [1]
    assert ids(list_discussions(posts, PostFilter(text=""))) == [2, 1]
    assert matches({"a": "Straße", "b": "x"}, ("a", "b"), "STRASSE")


def test_groups_and_users_page_by_id_ascending():
    rows = [{"id": i} for i in (5, 1, 3)]
    assert ids(list_by_id(rows, 1, 2)) == [1, 3]
    assert ids(list_by_id(rows, 2, 2)) == [5]


def test_a_filter_from_the_query_connexion_passes():
    assert PostFilter.of(UPDATED, {}) == PostFilter(order=UPDATED)
    query = {"page": 2, "before_id": 9, "after_id": 3, "q": "x", "jsonp": "cb"}
    assert PostFilter.of("newest", query) == PostFilter("newest", 2, 9, 3, "x")
