"""Tweetworks' deterministic seed: users, public and private groups, threaded posts.

The spec's examples name real records (user 1 `demo`, user 2 `other`, group 7
`OtherInsiders`, group 42 `Tweetworks140`, post 12071), so the examples
Schemathesis sends read real data. Posts are created in time order, so ids and
timestamps grow together.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from faker import Faker

from mockserver.apis.tweetworks.state import (
    FREE,
    MEMBER,
    PENDING,
    PRO,
    TweetworksState,
    timestamp,
)
from mockserver.core.runtime import SeedContext
from mockserver.core.store import Record

API_KEY = "tweetworks_demo_key"
DEMO, DEMO_PASSWORD = "demo", "demo-password"
OTHER, OTHER_PASSWORD = "other", "other-password"
PUBLIC_GROUP = "Tweetworks140"
"""Public, administered by `demo` (so the spec's edit example edits it)."""
OTHERS_PRIVATE_GROUP = "OtherInsiders"
"""Private, administered by `other`; `demo` is not a member (join, confirm, 403s)."""
DEMOS_PRIVATE_MEMBERSHIP = "NightOwls"
"""Private, administered by a seeded user; `demo` is a confirmed member."""
_NAMED_GROUP_IDS = {7: OTHERS_PRIVATE_GROUP, 42: PUBLIC_GROUP}
_USERNAME = re.compile(r"^[0-9]*[A-Za-z_][A-Za-z0-9_]*$")
_GROUP_NAME = re.compile(r"^[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*$")
_TOPICS = ("Tweetworks", "Facebook", "Twitter", "groups", "the iPhone", "FriendFeed")


def avatar_url(user_id: int, username: str) -> str:
    return (
        f"http://s3.amazonaws.com/twitter_production/profile_images/{user_id}/"
        f"{username.lower()}_normal.png"
    )


def seed(ctx: SeedContext) -> TweetworksState:
    api_key = ctx.settings.api_keys.get("tweetworks", API_KEY)
    state = TweetworksState(ids=ctx.ids, api_keys=frozenset({api_key}))
    fake = ctx.faker
    _users(state, fake, max(ctx.volume, 32))
    _groups(state, fake, max(ctx.volume + 5, 45))
    _memberships(state, fake)
    _posts(state, ctx, discussions=max(2 * ctx.volume, 45), replies=max(3 * ctx.volume, 60))
    return state


def _user(state: TweetworksState, username: str, name: str, password: str, plan: str) -> Record:
    user_id = state.ids.next_int("user")
    record = {
        "id": user_id,
        "username": username,
        "avatar_url": avatar_url(user_id, username),
        "name": name,
        "twitter_id": 14_000_000 + user_id * 7919,
        "_password": password,
        "_plan": plan,
    }
    state.users.put(user_id, record)
    return record


def _users(state: TweetworksState, fake: Faker, count: int) -> None:
    _user(state, DEMO, "Demo User", DEMO_PASSWORD, FREE)
    _user(state, OTHER, "Other User", OTHER_PASSWORD, PRO)
    taken = {DEMO, OTHER}
    while len(state.users) < count + 2:
        username = re.sub(r"[^A-Za-z0-9_]", "_", fake.user_name())[:15]
        if not _USERNAME.match(username) or username.lower() in taken:
            continue
        taken.add(username.lower())
        _user(
            state, username, fake.name(), fake.password(length=16), fake.random_element((FREE, PRO))
        )


def _group(
    state: TweetworksState, name: str, admin: int, private: bool, description: str, keywords: str
) -> Record:
    group_id = state.ids.next_int("group")
    record = {
        "id": group_id,
        "name": name,
        "private": private,
        "description": description,
        "keywords": keywords,
        "_admin": admin,
    }
    state.groups.put(group_id, record)
    state.set_membership(group_id, admin, MEMBER)
    return record


def _groups(state: TweetworksState, fake: Faker, count: int) -> None:
    demo, other = state.user_named(DEMO), state.user_named(OTHER)
    assert demo is not None and other is not None
    user_ids = [u["id"] for u in state.users.values() if u["username"] not in (DEMO, OTHER)]
    taken = {name.lower() for name in _NAMED_GROUP_IDS.values()} | {
        DEMOS_PRIVATE_MEMBERSHIP.lower()
    }
    while len(state.groups) < count:
        next_id = len(state.groups) + 1
        if next_id == 7:
            _group(state, OTHERS_PRIVATE_GROUP, other["id"], True, "Invitation only.", "private")
        elif next_id == 42:
            _group(
                state,
                PUBLIC_GROUP,
                demo["id"],
                False,
                "Talk about Tweetworks in 140 characters or more.",
                "tweetworks twitter groups",
            )
        elif next_id == 3:
            admin = fake.random_element(user_ids)
            _group(state, DEMOS_PRIVATE_MEMBERSHIP, admin, True, "Late-night talk.", "night owls")
        else:
            name = "".join(w.capitalize() for w in fake.words(2)) + str(fake.random_int(0, 99))
            if not _GROUP_NAME.match(name) or name.lower() in taken:
                continue
            taken.add(name.lower())
            _group(
                state,
                name,
                fake.random_element(user_ids),
                fake.boolean(15),
                fake.sentence(nb_words=10),
                " ".join(fake.words(3)),
            )


def _memberships(state: TweetworksState, fake: Faker) -> None:
    demo, other = state.user_named(DEMO), state.user_named(OTHER)
    assert demo is not None and other is not None
    night_owls = state.group_named(DEMOS_PRIVATE_MEMBERSHIP)
    public_groups = [g["id"] for g in state.groups.values() if not g["private"]]
    assert night_owls is not None
    state.set_membership(night_owls["id"], demo["id"], MEMBER)
    for group_id in fake.random_elements(public_groups, length=4, unique=True):
        state.set_membership(group_id, demo["id"], MEMBER)
    for group_id in fake.random_elements(public_groups, length=5, unique=True):
        state.set_membership(group_id, other["id"], MEMBER)
    for user in state.users.values():
        if user["id"] in (demo["id"], other["id"]):
            continue
        for group in fake.random_elements(
            list(state.groups.values()), length=fake.random_int(1, 5), unique=True
        ):
            if state.membership(group["id"], user["id"]) is None:
                pending = group["private"] and fake.boolean(30)
                state.set_membership(group["id"], user["id"], PENDING if pending else MEMBER)


def _body(fake: Faker) -> str:
    text = fake.sentence(nb_words=fake.random_int(6, 20))
    if fake.boolean(35):
        text = f"{text} What about {fake.random_element(_TOPICS)}?"
    return text


def _posts(state: TweetworksState, ctx: SeedContext, discussions: int, replies: int) -> None:
    fake = ctx.faker
    moment = ctx.reference_time - timedelta(days=90)
    user_ids = [u["id"] for u in state.users.values()]
    prolific = user_ids[:2] * 6 + user_ids  # demo and other post more than most
    started = 0
    while started < discussions or len(state.posts) < discussions + replies:
        moment += timedelta(minutes=fake.random_int(5, 600))
        open_threads = state.discussions()
        if started < discussions and (not open_threads or fake.boolean(45)):
            author = fake.random_element(prolific)
            groups = sorted(state.joined_group_ids(author))
            group_id = fake.random_element(groups) if groups and fake.boolean(60) else None
            _post(state, fake, author, group_id, None, moment)
            started += 1
            continue
        parent = fake.random_element(state.thread(fake.random_element(open_threads[-15:])["id"]))
        group = state.groups.get(parent["group_id"]) if parent["group_id"] is not None else None
        candidates = state.member_ids(group["id"]) if group and group["private"] else prolific
        _post(state, fake, fake.random_element(candidates), parent["group_id"], parent, moment)


def _post(
    state: TweetworksState,
    fake: Faker,
    author: int,
    group_id: int | None,
    parent: Record | None,
    moment: datetime,
) -> None:
    post_id = state.new_post_id()
    state.add_post(
        {
            "id": post_id,
            "user_id": author,
            "group_id": group_id,
            "parent_id": parent["id"] if parent is not None else None,
            "twitter_id": fake.random_int(2_000_000_000, 2_099_999_999)
            if fake.boolean(30)
            else None,
            "bingo": fake.boolean(10),
            "body": _body(fake),
            "created": timestamp(moment),
            "_root": parent["_root"] if parent is not None else post_id,
        }
    )
