"""Reset, the standalone base path, and the all-in-one prefix."""

from __future__ import annotations

import httpx

from tests.integration.tweetworks.conftest import KEY, items
from tests.support.server import MockServer


def test_reset_restores_the_seeded_state(demo, tweetworks_server):
    seeded = items(demo.get("posts/index/newest.json"), "posts")
    demo.post("posts/add.json", data={"data[Post][body]": "gone after reset"})
    demo.post("groups/join/OtherInsiders.json")
    tweetworks_server.reset()
    assert items(demo.get("posts/index/newest.json"), "posts") == seeded
    pending = httpx.get(f"{tweetworks_server.origin}/__admin/tweetworks/memberships/pending")
    assert {"group": "OtherInsiders", "user": "demo", "membership": "pending"} not in (
        pending.json()["memberships"]
    )


def test_alone_tweetworks_is_served_at_the_root():
    with MockServer(["tweetworks"], standalone=True) as server:
        response = httpx.get(f"{server.origin}/users/view/demo.xml", params={"data[key]": KEY})
        assert response.status_code == 200 and b"<username><![CDATA[demo]]>" in response.content
        confirm = httpx.post(f"{server.origin}/__admin/tweetworks/memberships/7/2/confirm")
        assert confirm.status_code == 200


def test_all_in_one_it_lives_under_its_prefix(tweetworks_server):
    assert tweetworks_server.url("tweetworks").endswith("/tweetworks")
    response = httpx.get(f"{tweetworks_server.origin}/users/index.json", params={"data[key]": KEY})
    assert response.status_code == 404
