"""Stored upload data is capped per user and per process, and concurrent gunzips share a
budget: over a cap, WRGL's own error and nothing stored (real HTTP, small caps)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.integration.wrgl.conftest import DEMO_KEY, OTHER_KEY, all_repos, commit, error_of
from tests.support.server import MockServer

ROW = b"1234567890,abcdefghij\n"


def csv_of(size: int, tag: bytes) -> bytes:
    """A distinct CSV of about ``size`` bytes."""
    return b"id,v\n" + tag + b",x\n" + ROW * (size // len(ROW))


def seeded_stored_bytes(server: MockServer) -> int:
    return int(server.runtime("wrgl").state.stored_bytes)


@pytest.fixture()
def capped() -> Iterator[MockServer]:
    with MockServer(["wrgl"], max_stored_upload_bytes_per_user=10**9) as probe:
        seeded = seeded_stored_bytes(probe)
        state = probe.runtime("wrgl").state
        demo_id = next(u["id"] for u in state.users.values() if u["username"] == "demo")
        other_id = next(u["id"] for u in state.users.values() if u["username"] == "other")
        assert state.stored_by_user.get(other_id, 0) <= state.stored_by_user.get(demo_id, 0)
        seeded_demo = state.stored_by_user.get(demo_id, 0)
    with MockServer(
        ["wrgl"],
        max_stored_upload_bytes_per_user=seeded_demo + 6_000,
        max_stored_upload_bytes=seeded + 9_000,
    ) as server:
        yield server


def clients(server: MockServer) -> tuple[httpx.Client, httpx.Client]:
    base = server.url("wrgl") + "/"
    return (
        httpx.Client(base_url=base, headers={"Authorization": f"APIKEY {DEMO_KEY}"}, timeout=30),
        httpx.Client(base_url=base, headers={"Authorization": f"APIKEY {OTHER_KEY}"}, timeout=30),
    )


def test_a_user_over_the_stored_data_cap_gets_413_and_nothing_is_stored(capped):
    demo, other = clients(capped)
    with demo, other:
        assert commit(demo, "cap-a", csv_of(4_000, b"1")).status_code == 200
        before = all_repos(demo)
        message = error_of(commit(demo, "cap-b", csv_of(4_000, b"2")), 413)
        assert "stored data of user 'demo'" in message
        assert all_repos(demo) == before
        # the same file again stores nothing new, so it is not counted twice
        assert commit(demo, "cap-c", csv_of(4_000, b"1")).status_code == 200
        # another user still has room of their own ...
        assert commit(other, "cap-d", csv_of(4_000, b"3")).status_code == 200
        # ... until the whole process is full
        message = error_of(commit(other, "cap-e", csv_of(2_000, b"4")), 413)
        assert "server's stored data" in message
        assert "cap-e" not in str(all_repos(other))


def test_decompression_beyond_the_process_budget_is_503_and_the_budget_is_released():
    with MockServer(["wrgl"], max_decompressing_bytes=2_000) as server:
        demo, _ = clients(server)
        with demo:
            refused = commit(demo, "too-big", csv_of(10_000, b"1"))
            assert refused.status_code == 503, refused.text
            assert refused.headers["retry-after"] == "1"
            assert "decompressing" in refused.json()["message"]
            assert "too-big" not in str(all_repos(demo))
            assert commit(demo, "small-one", csv_of(500, b"2")).status_code == 200
