"""Process-wide memory bounds over real HTTP: the request journal is capped in bytes as
well as entries and cuts long values; the signing key is per process unless configured."""

from __future__ import annotations

import httpx

from mockserver.settings import Settings
from tests.support.server import MockServer


def test_the_journal_is_capped_in_bytes_and_cuts_long_values():
    with MockServer(["example"], journal_max_bytes=5_000, journal_value_chars=100) as server:
        long_query = "q=" + "x" * 10_000
        for _ in range(40):
            httpx.get(f"{server.url('example')}/resources?{long_query}")
        response = httpx.get(f"{server.origin}/__admin/requests", params={"limit": 10_000})
        entries = response.json()["requests"]
        assert 0 < len(entries) < 40
        assert len(response.content) < 8_000
        assert entries[0]["query"].endswith("...[10002 characters]")
        assert len(entries[0]["query"]) < 200
        assert server.app.journal.bytes <= 5_000


def test_the_signing_key_is_generated_per_process_unless_configured():
    assert Settings().token_secret == Settings().token_secret
    assert Settings().token_secret != "understudy-local-signing-key-not-for-production"
    assert len(Settings().token_secret) >= 32
    assert Settings(token_secret="mine").token_secret == "mine"


def test_error_bodies_cut_the_hostile_values_they_quote():
    big = "x" * 60_000
    with MockServer(["tw", "wrgl"], rate_limits_enabled=False) as server:
        ranged = httpx.get(
            f"{server.url('wrgl')}/repos/demo-history/commits/latest/csv",
            headers={"Authorization": "APIKEY wrgl_demo_key", "Range": "bytes=" + big},
        )
        assert ranged.status_code == 400 and set(ranged.json()) == {"message"}
        assert len(ranged.content) < 1_000
        named = httpx.post(
            f"{server.url('tw')}/datasets",
            headers={"Authorization": "Bearer tw_pro_demo"},
            json={"name": big, "schema": {"columns": [{"name": "id", "type": "integer"}]}},
        )
        assert named.status_code == 400 and named.json()["code"] == "VALIDATION_ERROR"
        assert len(named.content) < 4_000
        assert "x" * 100 not in named.text  # plain-English messages never echo the value
