"""WRGL's seed: deterministic, valid, and big enough that lists page."""

from __future__ import annotations

import re
from dataclasses import replace

from faker import Faker

from mockserver.apis.wrgl.seed import EXAMPLE_REPOS, HISTORY_COMMITS, HISTORY_REPO, seed
from mockserver.apis.wrgl.state import FREE, WrglState
from mockserver.core.runtime import SeedContext
from mockserver.core.store import IdFactory
from mockserver.settings import Settings

NAME = re.compile(r"^[a-z][a-z0-9_-]{1,99}$")


def seeded(number: int = 1234, volume: int = 40) -> WrglState:
    settings = replace(Settings(), seed=number, fixture_volume=volume)
    faker = Faker()
    faker.seed_instance(number)
    return seed(SeedContext(settings, faker, IdFactory(number), settings.reference_time, volume))


def snapshot(state: WrglState) -> list:
    return [(r["name"], r["hash"], r["isPublic"], r["size"]) for r in state.repos.values()]


def test_same_seed_same_data_other_seed_other_data():
    assert snapshot(seeded(7)) == snapshot(seeded(7))
    assert snapshot(seeded(7)) != snapshot(seeded(8))


def test_repositories_are_valid_and_page():
    state = seeded()
    demo = state.keys["wrgl_demo_key"]
    repos = list(state.repos.values())
    assert all(NAME.match(r["name"]) for r in repos)
    visible = [r for r in repos if r["isPublic"] or r["_owner"] == demo]
    assert len(visible) > 30, "the demo user's repository list must span two pages"
    assert any(not r["isPublic"] and r["_owner"] != demo for r in repos), "others' private repos"
    assert any(not r["isPublic"] and r["_owner"] == demo for r in repos)
    assert any(r["isPublic"] and r["_owner"] == demo for r in repos)
    free = {u["id"] for u in state.users.values() if u["plan"] == FREE}
    assert all(r["isPublic"] for r in repos if r["_owner"] in free)
    assert {HISTORY_REPO, *EXAMPLE_REPOS} <= {r["name"] for r in repos}


def test_histories_are_linear_and_times_precede_the_reference():
    state = seeded()
    reference = "2025-01-15T10:00:00Z"
    assert len(state.repos.get(HISTORY_REPO)["_commits"]) == HISTORY_COMMITS
    for repo in state.repos.values():
        hashes = repo["_commits"]
        commits = [state.commits.get(h) for h in hashes]
        assert commits[0]["prevCommitHash"] == ""
        assert [c["prevCommitHash"] for c in commits[1:]] == hashes[:-1]
        times = [c["commitTime"] for c in commits]
        assert times == sorted(times) and times[-1] <= reference
        assert repo["hash"] == hashes[-1] and repo["updateTime"] == times[-1]
        assert repo["size"] == sum(len(state.files[f]) for f in repo["_files"])
