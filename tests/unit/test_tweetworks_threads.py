"""Threads and memberships in Tweetworks' state: order, reply counts, last activity."""

from __future__ import annotations

from mockserver.apis.tweetworks.state import MEMBER, PENDING, TweetworksState
from mockserver.core.store import IdFactory


def post(state: TweetworksState, parent: int | None = None, user: int = 1) -> int:
    post_id = state.new_post_id()
    root = state.posts.get(parent)["_root"] if parent is not None else post_id  # type: ignore[index]
    state.add_post(
        {
            "id": post_id,
            "user_id": user,
            "group_id": None,
            "parent_id": parent,
            "twitter_id": None,
            "bingo": False,
            "body": f"post {post_id}",
            "created": "2009-06-01 09:15:42",
            "_root": root,
        }
    )
    return post_id


def test_threads_are_depth_first_with_siblings_oldest_first_and_count_replies():
    state = TweetworksState(ids=IdFactory(1))
    root = post(state)
    first = post(state, root)
    second = post(state, root)
    nested = post(state, first)
    deeper = post(state, nested)
    assert [p["id"] for p in state.thread(root)] == [root, first, nested, deeper, second]
    replies = {p["id"]: p["_replies"] for p in state.thread(root)}
    assert replies == {root: 4, first: 2, nested: 1, deeper: 0, second: 0}
    assert state.posts.get(root)["_activity"] == deeper  # type: ignore[index]
    assert state.discussions() == [state.posts.get(root)]


def test_contributions_name_the_discussions_a_user_posted_in():
    state = TweetworksState(ids=IdFactory(1))
    mine = post(state, user=1)
    theirs = post(state, user=2)
    post(state, theirs, user=1)
    post(state, user=2)
    assert state.discussions_joined_by(1) == {mine, theirs}


def test_only_confirmed_members_count():
    state = TweetworksState(ids=IdFactory(1))
    state.set_membership(7, 1, PENDING)
    state.set_membership(7, 2, MEMBER)
    state.set_membership(8, 1, MEMBER)
    assert not state.is_member(7, 1) and state.is_member(7, 2) and not state.is_member(7, None)
    assert state.member_ids(7) == [2]
    assert state.joined_group_ids(1) == {8}
    state.set_membership(7, 1, MEMBER)
    assert state.member_ids(7) == [1, 2]
