"""The one-line curl reproducer of a scenario's failing request (pure logic)."""

from __future__ import annotations

import httpx

from conformance.reproducer import curl


def test_curl_repeats_method_url_body_and_filters_secrets():
    request = httpx.Request(
        "POST",
        "http://127.0.0.1:9/v1/resources?x=1",
        headers={"Authorization": "Bearer s3cret", "Content-Type": "application/json"},
        content=b'{"name": "it\'s"}',
    )
    line = curl(request)
    assert line.startswith("curl -X POST -H 'authorization: [Filtered]'")
    assert "s3cret" not in line
    assert "-H 'content-type: application/json'" in line
    assert """--data-binary '{"name": "it'"'"'s"}'""" in line
    assert line.endswith("'http://127.0.0.1:9/v1/resources?x=1'")


def test_a_streamed_body_is_named_not_read():
    request = httpx.Request(
        "POST", "http://h/commits", files={"csv.dataFile": ("a.csv.gz", b"x", "application/gzip")}
    )
    assert "<the streamed body, not kept>" in curl(request)
