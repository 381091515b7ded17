"""Tweetworks' seed: deterministic, the records the spec's examples name, enough to page."""

from __future__ import annotations

from dataclasses import replace

from faker import Faker

from mockserver.apis.tweetworks.seed import seed
from mockserver.apis.tweetworks.state import FREE, PRO
from mockserver.apis.tweetworks.views import post_view
from mockserver.core.runtime import SeedContext
from mockserver.core.store import IdFactory
from mockserver.settings import Settings


def context(seed_value: int = 7, volume: int = 40) -> SeedContext:
    settings = replace(Settings(), fixture_volume=volume)
    fake = Faker()
    fake.seed_instance(seed_value)
    return SeedContext(settings, fake, IdFactory(seed_value), settings.reference_time, volume)


def dump(state):
    return [post_view(state, p) for p in state.posts.values()]


def test_the_same_seed_gives_the_same_data():
    assert dump(seed(context(7))) == dump(seed(context(7)))
    assert dump(seed(context(7))) != dump(seed(context(8)))


def test_the_records_the_examples_name_exist():
    state = seed(context())
    demo, other = state.users.get(1), state.users.get(2)
    assert (demo["username"], demo["_plan"], other["username"], other["_plan"]) == (
        "demo", FREE, "other", PRO
    )  # fmt: skip
    assert state.groups.get(42)["name"] == "Tweetworks140" and state.groups.get(42)["_admin"] == 1
    insiders = state.groups.get(7)
    assert insiders["name"] == "OtherInsiders" and insiders["private"] and insiders["_admin"] == 2
    assert not state.is_member(7, 1)
    assert state.is_member(state.group_named("NightOwls")["id"], 1)
    assert state.posts.get(12071) is not None
    assert not state.private_groups_administered(1)  # demo may still create one


def test_there_is_enough_to_page_through_even_at_a_small_volume():
    state = seed(context(volume=5))
    assert len(state.discussions()) > 40  # 3 pages of 20
    assert len(state.groups) > 30 and len(state.users) > 30
    assert any(p["parent_id"] is not None for p in state.posts.values())
    assert any(g["private"] for g in state.groups.values())
    assert any(p["bingo"] for p in state.posts.values())
    assert any(p["twitter_id"] for p in state.posts.values())


def test_ids_and_times_grow_together_and_private_threads_hold_members_only():
    state = seed(context())
    posts = sorted(state.posts.values(), key=lambda p: p["id"])
    assert [p["created"] for p in posts] == sorted(p["created"] for p in posts)
    for post in posts:
        if post["parent_id"] is not None:
            assert post["group_id"] == state.posts.get(post["parent_id"])["group_id"]
        group = state.groups.get(post["group_id"]) if post["group_id"] else None
        if group is not None and group["private"]:
            assert state.is_member(group["id"], post["user_id"])
