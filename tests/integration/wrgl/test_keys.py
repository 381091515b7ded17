"""WRGL API keys created and revoked through the admin API, over real HTTP: a revoked
key gets 401 from the next request on."""

from __future__ import annotations

import httpx

from tests.integration.wrgl.conftest import DEMO_KEY, client
from tests.support.server import MockServer


def keys_url(server: MockServer, username: str) -> str:
    return f"{server.origin}/__admin/wrgl/users/{username}/keys"


def test_a_created_key_works_and_a_revoked_one_is_refused_at_once(fresh, base):
    made = httpx.post(keys_url(fresh, "demo"))
    assert made.status_code == 201
    key = made.json()["key"]
    assert made.json()["username"] == "demo" and key.startswith("wrgl_")
    assert key in httpx.get(keys_url(fresh, "demo")).json()["keys"]
    with client(base, key) as as_new_key:
        assert as_new_key.get("repos").status_code == 200
        revoked = httpx.delete(f"{fresh.origin}/__admin/wrgl/keys/{key}")
        assert revoked.status_code == 204
        refused = as_new_key.get("repos")
    assert refused.status_code == 401
    assert set(refused.json()) == {"message"}
    assert key not in httpx.get(keys_url(fresh, "demo")).json()["keys"]
    with client(base, DEMO_KEY) as demo:
        assert demo.get("repos").status_code == 200  # the user's other keys still work


def test_a_revoked_seeded_key_comes_back_with_a_reset(fresh, base):
    assert httpx.delete(f"{fresh.origin}/__admin/wrgl/keys/{DEMO_KEY}").status_code == 204
    with client(base, DEMO_KEY) as demo:
        assert demo.get("repos").status_code == 401
        fresh.reset()
        assert demo.get("repos").status_code == 200


def test_unknown_users_and_keys_are_404s_with_a_message(fresh):
    for answer in (
        httpx.post(keys_url(fresh, "nobody")),
        httpx.get(keys_url(fresh, "nobody")),
        httpx.delete(f"{fresh.origin}/__admin/wrgl/keys/wrgl_never_issued"),
    ):
        assert answer.status_code == 404
        assert answer.json()["message"]
